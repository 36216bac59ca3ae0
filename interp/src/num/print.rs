//! `number->string` / `display`, byte-compatible with Chez Scheme 9.5: upper-case digits above 9,
//! flonums in shortest round-trip form, positional when the first digit's exponent `k`
//! satisfies -4 < k < 10 (or always, for radixes above 10) and `1.5e-7` style otherwise.
//! Unlike Chez, subnormals get no R6RS mantissa-width suffix (`5e-324|1`): R7RS has no such
//! syntax, `read` takes `|` for a symbol's delimiter, and the shortest digits alone already read
//! back as the same flonum.

use super::flodigits::shortest_digits;
use super::Number;
use num_bigint::BigInt;
use std::fmt;

impl Number {
    /// The number in `radix` without a radix prefix, as `number->string` prints it. Panics
    /// unless `radix` is in 2..=36 (callers check the argument first).
    pub fn to_string_radix(&self, radix: u32) -> String {
        assert!((2..=36).contains(&radix), "radix {radix} out of range");
        match self {
            Number::Int(i) => i64_to_string(*i, radix),
            Number::Big(b) => bigint_to_string(b, radix),
            Number::Rat(r) => {
                format!(
                    "{}/{}",
                    bigint_to_string(r.numer(), radix),
                    bigint_to_string(r.denom(), radix)
                )
            }
            Number::Flo(f) => flonum_to_string(*f, radix),
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_radix(10))
    }
}

/// A digit value as Chez prints it (upper case above 9).
fn digit_char(d: u32) -> char {
    char::from_digit(d, 36).expect("digit").to_ascii_uppercase()
}

/// An `i64` in any radix, without allocating a bignum.
fn i64_to_string(i: i64, radix: u32) -> String {
    if radix == 10 {
        return i.to_string();
    }
    let mut n = i.unsigned_abs();
    let mut rev = Vec::new();
    loop {
        rev.push(digit_char((n % radix as u64) as u32));
        n /= radix as u64;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        rev.push('-');
    }
    rev.iter().rev().collect()
}

/// A bignum in any radix.
fn bigint_to_string(b: &BigInt, radix: u32) -> String {
    let digits = super::radix::to_radix_string(b.magnitude(), radix);
    if b.sign() == num_bigint::Sign::Minus {
        format!("-{digits}")
    } else {
        digits
    }
}

/// A flonum as Chez prints it.
fn flonum_to_string(x: f64, radix: u32) -> String {
    if x.is_nan() {
        return "+nan.0".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "+inf.0" } else { "-inf.0" }.to_string();
    }
    let mut out = String::new();
    if x.is_sign_negative() {
        out.push('-');
    }
    let (digits, k) = shortest_digits(x.abs(), radix);
    if radix > 10 || (-4 < k && k < 10) {
        positional(&mut out, &digits, k);
    } else {
        exponential(&mut out, &digits, k, radix);
    }
    out
}

/// `123.45`, `100.0`, `0.001`: digits around a point, at least one digit on each side.
fn positional(out: &mut String, digits: &[u8], k: i32) {
    let chars = digits.iter().map(|d| digit_char(*d as u32));
    if k < 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-k - 1) as usize));
        out.extend(chars);
        return;
    }
    let int_len = k as usize + 1;
    let mut chars = chars.chain(std::iter::repeat('0'));
    out.extend(chars.by_ref().take(int_len));
    out.push('.');
    if digits.len() > int_len {
        out.extend(chars.take(digits.len() - int_len));
    } else {
        out.push('0');
    }
}

/// `1e21`, `1.5e-7`: one digit, the rest after a point if any, and the exponent in `radix`.
fn exponential(out: &mut String, digits: &[u8], k: i32, radix: u32) {
    out.push(digit_char(digits[0] as u32));
    if digits.len() > 1 {
        out.push('.');
        out.extend(digits[1..].iter().map(|d| digit_char(*d as u32)));
    }
    out.push('e');
    out.push_str(&i64_to_string(k as i64, radix));
}

#[cfg(test)]
mod tests {
    use crate::num::testutil::{n, s};
    use crate::num::Number;

    /// Outputs of Chez Scheme 9.5.8 `display` for the same literals, except for subnormals, which
    /// Chez suffixes with their precision (`5e-324|1`).
    const CHEZ: &[(&str, &str)] = &[
        ("1e300", "1e300"),
        ("1e21", "1e21"),
        ("1e22", "1e22"),
        ("123456789.123", "123456789.123"),
        ("1e-7", "1e-7"),
        ("0.0001", "1e-4"),
        ("0.3333333333333333", "0.3333333333333333"),
        ("1.4142135623730951", "1.4142135623730951"),
        ("6.02e23", "6.02e23"),
        ("-0.0", "-0.0"),
        ("1180591620717411303424.0", "1.1805916207174113e21"),
        ("1e10", "1e10"),
        ("100.0", "100.0"),
        ("1e13", "1e13"),
        ("1.5e17", "1.5e17"),
        ("123456789012345678.0", "1.2345678901234568e17"),
        ("0.001", "0.001"),
        ("0.00012", "1.2e-4"),
        ("1.5e-5", "1.5e-5"),
        ("5e-324", "5e-324"),
        ("1e-323", "1e-323"),
        ("1e-310", "1e-310"),
        ("2.225073858507201e-308", "2.225073858507201e-308"),
        ("2.2250738585072014e-308", "2.2250738585072014e-308"),
        ("1.7976931348623157e308", "1.7976931348623157e308"),
        ("12345678901234567890.0", "1.2345678901234567e19"),
        ("1.23e20", "1.23e20"),
        ("+inf.0", "+inf.0"),
        ("-inf.0", "-inf.0"),
        ("+nan.0", "+nan.0"),
        ("-nan.0", "+nan.0"),
        ("1e23", "1e23"),
        ("0.5", "0.5"),
        ("-1.5", "-1.5"),
        ("4.35", "4.35"),
        ("1e9", "1000000000.0"),
        ("1.5e9", "1500000000.0"),
        ("12345678901.0", "1.2345678901e10"),
        ("9999999999.5", "9999999999.5"),
        ("1234567890.123", "1234567890.123"),
        ("0.000999", "9.99e-4"),
        ("0.0012345", "0.0012345"),
        ("1.2345e-4", "1.2345e-4"),
        ("1e-300", "1e-300"),
        ("0.0", "0.0"),
        ("3.141592653589793", "3.141592653589793"),
        ("1267650600228229401496703205376.0", "1.2676506002282294e30"),
        ("9.5367431640625e-7", "9.5367431640625e-7"),
        ("-1e10", "-1e10"),
        ("-0.001", "-0.001"),
    ];

    #[test]
    fn flonums_print_as_chez() {
        for (input, want) in CHEZ {
            assert_eq!(s(&n(input)), *want, "display {input}");
        }
    }

    /// Flonums of every kind: the extremes, signed zeros, the boundary between subnormals and
    /// normals, then bit patterns from a generator, a third of them subnormal.
    fn flonums() -> Vec<f64> {
        let mut xs = vec![
            0.0,
            -0.0,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            f64::from_bits(1),
            f64::from_bits(0x000F_FFFF_FFFF_FFFF),
            -f64::from_bits(1),
            0.1,
            1.0 / 3.0,
            1e23,
            9007199254740993.0,
        ];
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..30_000 {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let bits = match i % 3 {
                // Subnormal: exponent field 0, sign and mantissa random.
                0 => s & 0x800F_FFFF_FFFF_FFFF,
                // Small subnormals, with few significant bits.
                1 => s >> (12 + (s % 52)),
                _ => s,
            };
            let x = f64::from_bits(bits);
            if x.is_finite() {
                xs.push(x);
            }
        }
        xs
    }

    /// The decimal digits of a flonum's text and its first digit's exponent: `1.5e-7` → ("15",
    /// -7), `0.0012` → ("12", -3), `100.0` → ("1", 2).
    fn digits_and_exponent(text: &str) -> (String, i32) {
        let text = text.trim_start_matches('-');
        let (mantissa, exp) = match text.split_once('e') {
            Some((m, e)) => (m, e.parse::<i32>().unwrap()),
            None => (text, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all = format!("{int}{frac}");
        let lead = all.len() - all.trim_start_matches('0').len();
        let digits = all.trim_matches('0');
        if digits.is_empty() {
            return ("0".to_string(), 0);
        }
        (digits.to_string(), exp + int.len() as i32 - 1 - lead as i32)
    }

    #[test]
    fn every_flonum_reads_back_as_the_same_bits_from_its_shortest_text() {
        for x in flonums() {
            let text = s(&Number::Flo(x));
            assert!(!text.contains('|'), "{text}: no mantissa width");
            let Some(Number::Flo(y)) = crate::num::parse_number(&text, 10) else {
                panic!("{text} ({:#x}) does not read as a flonum", x.to_bits());
            };
            assert_eq!(y.to_bits(), x.to_bits(), "{text} read back as {y:e}");
            // Rust's `{:e}` is the shortest round-trip text too (and picks the nearest digits of
            // that length): the same digits, so none could be dropped.
            let rust = format!("{:e}", x.abs());
            assert_eq!(
                digits_and_exponent(&text),
                digits_and_exponent(&rust),
                "{text} vs Rust's {rust}"
            );
        }
    }

    #[test]
    fn nan_and_infinities_read_back() {
        for (x, text) in [
            (f64::INFINITY, "+inf.0"),
            (f64::NEG_INFINITY, "-inf.0"),
            (f64::NAN, "+nan.0"),
            (-f64::NAN, "+nan.0"),
        ] {
            assert_eq!(s(&Number::Flo(x)), text);
            let Some(Number::Flo(y)) = crate::num::parse_number(text, 10) else {
                panic!("{text} does not read as a flonum");
            };
            // A NaN's sign and payload have no text: any NaN reads back as a NaN.
            assert!(
                y.is_nan() && x.is_nan() || y.to_bits() == x.to_bits(),
                "{text}"
            );
        }
    }

    #[test]
    fn flonums_in_other_radixes_print_as_chez() {
        let cases = [
            ("1.5", 16, "1.8"),
            ("255.0", 16, "FF.0"),
            ("0.1", 16, "0.1999999999999A"),
            ("1e20", 16, "56BC75E2D63100000.0"),
            ("-3.75", 16, "-3.C"),
            ("1e-5", 16, "0.0000A7C5AC471B4788"),
            ("1.5", 2, "1.1"),
            ("3.0", 2, "11.0"),
            (
                "0.1",
                2,
                "1.100110011001100110011001100110011001100110011001101e-100",
            ),
            (
                "1e30",
                2,
                "1.100100111110010110010011100110100000100011001110101e1100011",
            ),
            ("100.0", 8, "144.0"),
            ("1e10", 8, "1.12402762e13"),
            ("1e-5", 8, "2.47613261070664361e-6"),
            ("-0.0", 16, "-0.0"),
        ];
        for (input, radix, want) in cases {
            assert_eq!(
                n(input).to_string_radix(radix),
                want,
                "{input} in radix {radix}"
            );
        }
    }

    #[test]
    fn exact_numbers() {
        assert_eq!(s(&n("-123")), "-123");
        assert_eq!(s(&n("1/3")), "1/3");
        assert_eq!(s(&n("-6/4")), "-3/2");
        assert_eq!(n("123").to_string_radix(2), "1111011");
        assert_eq!(n("-255").to_string_radix(16), "-FF");
        assert_eq!(n("-255/7").to_string_radix(16), "-FF/7");
        assert_eq!(n("1/3").to_string_radix(2), "1/11");
        assert_eq!(
            n("1180591620717411303424").to_string_radix(16),
            "400000000000000000"
        );
        assert_eq!(
            Number::Int(i64::MIN).to_string_radix(16),
            "-8000000000000000"
        );
        assert_eq!(Number::Int(i64::MIN).to_string(), "-9223372036854775808");
        assert_eq!(Number::Int(35).to_string_radix(36), "Z");
    }
}
