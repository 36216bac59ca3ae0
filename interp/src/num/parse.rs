//! `string->number` and the reader's number syntax (R7RS, real numbers only): prefixes
//! `#x #o #b #d #e #i` in either order, integers, `n/d` rationals, decimals (radix 10 only),
//! `+inf.0 -inf.0 +nan.0 -nan.0`. `string->number` also takes R6RS's mantissa width suffix
//! (`5e-324|1`), which Chez prints for subnormals (Kiln's printer does not: `read` takes `|` for a
//! symbol delimiter), and ignores the width.

use super::Number;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

/// Exponents beyond this make `#e1e999999999` refuse rather than allocate without bound.
const MAX_EXACT_EXPONENT: i64 = 100_000;

/// The exactness requested by a `#e` / `#i` prefix.
#[derive(Clone, Copy, PartialEq)]
enum Exactness {
    Default,
    Exact,
    Inexact,
}

/// A parsed magnitude before the sign is applied.
enum Magnitude {
    Exact(Number),
    Inexact(f64),
}

/// Parses `text` as a number, reading digits in `default_radix` unless a radix prefix says
/// otherwise. `None` when the text is not a number (the reader then makes it a symbol).
pub fn parse_number(text: &str, default_radix: u32) -> Option<Number> {
    let (radix, exactness, body) = parse_prefixes(text, default_radix)?;
    let (negative, unsigned) = match body.as_bytes().first()? {
        b'+' => (false, &body[1..]),
        b'-' => (true, &body[1..]),
        _ => (false, body),
    };
    let has_sign = unsigned.len() < body.len();
    let magnitude = if has_sign && is_special(unsigned) {
        special(unsigned, exactness)?
    } else {
        parse_unsigned(unsigned, radix, exactness)?
    };
    Some(apply_sign(negative, magnitude))
}

/// Splits off the `#x`/`#e`-style prefixes: at most one radix and one exactness, any order.
fn parse_prefixes(text: &str, default_radix: u32) -> Option<(u32, Exactness, &str)> {
    let (mut radix, mut exactness) = (None, None);
    let mut rest = text;
    while let Some(after) = rest.strip_prefix('#') {
        let c = after.chars().next()?.to_ascii_lowercase();
        match c {
            'x' | 'o' | 'b' | 'd' if radix.is_none() => {
                radix = Some(match c {
                    'x' => 16,
                    'o' => 8,
                    'b' => 2,
                    _ => 10,
                })
            }
            'e' if exactness.is_none() => exactness = Some(Exactness::Exact),
            'i' if exactness.is_none() => exactness = Some(Exactness::Inexact),
            _ => return None,
        }
        rest = &after[1..];
    }
    Some((
        radix.unwrap_or(default_radix),
        exactness.unwrap_or(Exactness::Default),
        rest,
    ))
}

/// `inf.0` or `nan.0` (after a sign), in any case.
fn is_special(s: &str) -> bool {
    s.eq_ignore_ascii_case("inf.0") || s.eq_ignore_ascii_case("nan.0")
}

/// The magnitude of `+inf.0` / `+nan.0`, which have no exact form.
fn special(s: &str, exactness: Exactness) -> Option<Magnitude> {
    if exactness == Exactness::Exact {
        return None;
    }
    let f = if s.eq_ignore_ascii_case("inf.0") {
        f64::INFINITY
    } else {
        f64::NAN
    };
    Some(Magnitude::Inexact(f))
}

/// An unsigned integer, rational or decimal.
fn parse_unsigned(s: &str, radix: u32, exactness: Exactness) -> Option<Magnitude> {
    if let Some((num, den)) = s.split_once('/') {
        return parse_ratio(num, den, radix, exactness);
    }
    if radix == 10 && s.contains(['.', 'e', 'E', '|']) {
        return parse_decimal(s, exactness);
    }
    let value = parse_uinteger(s, radix)?;
    Some(with_exactness(value, exactness))
}

/// Digits only, in `radix`, as an exact integer.
fn parse_uinteger(s: &str, radix: u32) -> Option<Number> {
    if s.is_empty() || !s.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    if let Ok(i) = i64::from_str_radix(s, radix) {
        return Some(Number::Int(i));
    }
    super::radix::parse_biguint(s.as_bytes(), radix).map(|m| Number::from_bigint(BigInt::from(m)))
}

/// `n/d`. A zero denominator is only allowed with `#i` (giving an infinity or NaN).
fn parse_ratio(num: &str, den: &str, radix: u32, exactness: Exactness) -> Option<Magnitude> {
    let n = parse_uinteger(num, radix)?.to_bigint()?;
    let d = parse_uinteger(den, radix)?.to_bigint()?;
    if d.is_zero() {
        if exactness != Exactness::Inexact {
            return None;
        }
        return Some(Magnitude::Inexact(if n.is_zero() {
            f64::NAN
        } else {
            f64::INFINITY
        }));
    }
    Some(with_exactness(
        Number::from_rational(BigRational::new(n, d)),
        exactness,
    ))
}

/// An exact magnitude, converted to a flonum under `#i`.
fn with_exactness(value: Number, exactness: Exactness) -> Magnitude {
    match exactness {
        Exactness::Inexact => Magnitude::Inexact(value.to_f64()),
        _ => Magnitude::Exact(value),
    }
}

/// A radix-10 decimal: `1.5`, `.5`, `1.`, `1e10`, `1.5e-3`, optionally with a `|width` suffix.
/// Inexact unless `#e`, in which case its exact value is computed from the digits.
fn parse_decimal(s: &str, exactness: Exactness) -> Option<Magnitude> {
    let s = match s.split_once('|') {
        Some((decimal, width)) => {
            parse_uinteger(width, 10)?;
            decimal
        }
        None => s,
    };
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int_part.len() + frac_part.len() == 0 || !all_digits(int_part) || !all_digits(frac_part) {
        return None;
    }
    let exp_value = match exponent {
        Some(e) => parse_exponent(e)?,
        None => 0,
    };
    if exactness == Exactness::Exact {
        let digits = format!("{int_part}{frac_part}");
        let scale = exp_value.checked_sub(frac_part.len() as i64)?;
        return exact_decimal(&digits, scale).map(Magnitude::Exact);
    }
    // The syntax is checked, so the standard (correctly rounded) parser accepts it.
    s.parse::<f64>().ok().map(Magnitude::Inexact)
}

/// An exponent: optional sign and at least one digit. Saturates rather than overflowing, since
/// only its magnitude class matters for huge values.
fn parse_exponent(e: &str) -> Option<i64> {
    let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.parse::<i64>().unwrap_or(i64::MAX / 2);
    Some(if e.starts_with('-') {
        -magnitude
    } else {
        magnitude
    })
}

/// `digits × 10^scale` exactly; `None` when the scale is too large to build.
fn exact_decimal(digits: &str, scale: i64) -> Option<Number> {
    if scale.abs() > MAX_EXACT_EXPONENT {
        return None;
    }
    let m = BigInt::from(super::radix::parse_biguint(digits.as_bytes(), 10)?);
    let power = BigInt::from(10).pow(scale.unsigned_abs() as u32);
    Some(if scale >= 0 {
        Number::from_bigint(m * power)
    } else {
        Number::from_rational(BigRational::new(m, power))
    })
}

/// Applies the sign; inexact magnitudes keep it even on zero (`-0.0`, `#i-0`).
fn apply_sign(negative: bool, magnitude: Magnitude) -> Number {
    match magnitude {
        Magnitude::Exact(x) if negative => x.neg(),
        Magnitude::Exact(x) => x,
        Magnitude::Inexact(f) => Number::Flo(if negative { -f } else { f }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::testutil::s;

    fn p(text: &str) -> Option<String> {
        parse_number(text, 10).map(|x| s(&x))
    }

    #[test]
    fn integers() {
        assert_eq!(p("42"), Some("42".into()));
        assert_eq!(p("+5"), Some("5".into()));
        assert_eq!(p("-0"), Some("0".into()));
        assert_eq!(p("00012"), Some("12".into()));
        assert_eq!(
            parse_number("9223372036854775807", 10),
            Some(Number::Int(i64::MAX))
        );
        assert_eq!(
            parse_number("-9223372036854775808", 10),
            Some(Number::Int(i64::MIN))
        );
        assert!(matches!(
            parse_number("9223372036854775808", 10),
            Some(Number::Big(_))
        ));
        assert!(matches!(
            parse_number("-9223372036854775809", 10),
            Some(Number::Big(_))
        ));
        assert_eq!(
            p("123456789012345678901234567890"),
            Some("123456789012345678901234567890".into())
        );
    }

    #[test]
    fn radixes_and_prefixes() {
        assert_eq!(p("#xFF"), Some("255".into()));
        assert_eq!(p("#X1f"), Some("31".into()));
        assert_eq!(p("#b-101"), Some("-5".into()));
        assert_eq!(p("#o17"), Some("15".into()));
        assert_eq!(p("#xff/A"), Some("51/2".into()));
        assert_eq!(p("#xA/F"), Some("2/3".into()));
        assert_eq!(p("#i#x10"), Some("16.0".into()));
        assert_eq!(p("#x#i10"), Some("16.0".into()));
        assert_eq!(p("#e#x10"), Some("16".into()));
        assert_eq!(p("#x#x10"), None);
        assert_eq!(p("#e#i1"), None);
        assert_eq!(p("#q1"), None);
        assert_eq!(p("#"), None);
        assert_eq!(p("#b102"), None);
        assert_eq!(p("#x1.8"), None);
        assert_eq!(parse_number("1e3", 16).map(|x| s(&x)), Some("483".into()));
        assert_eq!(parse_number("ff", 16).map(|x| s(&x)), Some("255".into()));
        assert_eq!(parse_number("#d10", 16).map(|x| s(&x)), Some("10".into()));
        assert_eq!(parse_number("1.5", 16), None);
    }

    #[test]
    fn rationals() {
        assert_eq!(p("1/3"), Some("1/3".into()));
        assert_eq!(p("-6/4"), Some("-3/2".into()));
        assert_eq!(p("6/3"), Some("2".into()));
        assert_eq!(p("0/5"), Some("0".into()));
        assert_eq!(p("#i1/3"), Some("0.3333333333333333".into()));
        assert_eq!(p("#i-0/5"), Some("-0.0".into()));
        assert_eq!(p("1/0"), None);
        assert_eq!(p("#i1/0"), Some("+inf.0".into()));
        assert_eq!(p("#i-1/0"), Some("-inf.0".into()));
        assert_eq!(p("#i0/0"), Some("+nan.0".into()));
        assert_eq!(p("1/-2"), None);
        assert_eq!(p("1.5/2"), None);
        assert_eq!(p("1/2/3"), None);
        assert_eq!(p("/2"), None);
        assert_eq!(p("1/"), None);
    }

    #[test]
    fn decimals() {
        let cases = [
            (".5", "0.5"),
            ("+.5", "0.5"),
            ("1.", "1.0"),
            ("-5.", "-5.0"),
            ("1.5e10", "1.5e10"),
            ("1.5e9", "1500000000.0"),
            ("1e-3", "0.001"),
            ("1E3", "1000.0"),
            ("1e+2", "100.0"),
            (".5e1", "5.0"),
            ("-0.0", "-0.0"),
            ("1e400", "+inf.0"),
            ("1e-400", "0.0"),
            ("-1e-400", "-0.0"),
            ("1e99999999999999999999999", "+inf.0"),
            ("123456789012345678901234567890.5", "1.2345678901234568e29"),
            (
                "0.1000000000000000055511151231257827021181583404541015625",
                "0.1",
            ),
            ("2.2250738585072011e-308", "2.225073858507201e-308"),
            ("5e-324|1", "5e-324"),
            ("1.5|53", "1.5"),
            ("#i1", "1.0"),
            ("#i-0", "-0.0"),
            ("#d1.5", "1.5"),
        ];
        for (text, want) in cases {
            assert_eq!(p(text), Some(want.to_string()), "{text}");
        }
        for bad in [
            ".", "1e", "e5", "1e2.5", "1..2", "1.5.", "1e+", "--1", "+-1", "1_000", "|5", "1|",
            "1|x",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
    }

    #[test]
    fn exact_decimals() {
        assert_eq!(p("#e1.5"), Some("3/2".into()));
        assert_eq!(p("#e1.2e-3"), Some("3/2500".into()));
        assert_eq!(p("#e-0.5"), Some("-1/2".into()));
        assert_eq!(p("#e1e20"), Some("100000000000000000000".into()));
        assert_eq!(p("#e1.5e400"), Some(format!("15{}", "0".repeat(399))));
        assert_eq!(p("#e.1"), Some("1/10".into()));
        assert_eq!(p("#e1e999999999"), None);
    }

    #[test]
    fn infinities_and_nans() {
        assert_eq!(p("+inf.0"), Some("+inf.0".into()));
        assert_eq!(p("-inf.0"), Some("-inf.0".into()));
        assert_eq!(p("+nan.0"), Some("+nan.0".into()));
        assert_eq!(p("-nan.0"), Some("+nan.0".into()));
        assert_eq!(p("+INF.0"), Some("+inf.0".into()));
        assert_eq!(p("#i+inf.0"), Some("+inf.0".into()));
        assert_eq!(p("#e+inf.0"), None);
        assert_eq!(p("inf.0"), None);
        assert_eq!(p("+nan.5"), None);
        assert_eq!(p("+inf.00"), None);
    }

    #[test]
    fn symbols_are_not_numbers() {
        for sym in [
            "", "+", "-", "...", "1+", "-x", "+i", "a", "1a", "..5", "+.", "-.e1", "#t", " 1", "1 ",
        ] {
            assert_eq!(p(sym), None, "{sym:?}");
        }
    }

    #[test]
    fn print_then_parse_round_trips() {
        let mut x = 0xD1B54A32D192ED03u64;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            let back = parse_number(&Number::Flo(f).to_string(), 10).unwrap();
            match back {
                Number::Flo(g) if f.is_nan() => assert!(g.is_nan()),
                Number::Flo(g) => assert_eq!(g.to_bits(), f.to_bits(), "{f:e}"),
                other => panic!("{f:e} read back as {other:?}"),
            }
        }
        for text in [
            "-123",
            "1/3",
            "-7/2",
            "123456789012345678901234567890",
            "-9223372036854775809",
        ] {
            assert_eq!(p(text), Some(text.to_string()));
        }
        for radix in [2, 8, 16] {
            let x = parse_number("-123456789012345678901234567890/7", 10).unwrap();
            assert_eq!(parse_number(&x.to_string_radix(radix), radix), Some(x));
        }
    }
}
