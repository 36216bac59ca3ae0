//! Conversions between exact numbers and flonums, correctly rounded in both directions.

use super::{NumError, NumResult, Number};
use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

impl Number {
    /// The nearest flonum (round half to even); huge values become infinities.
    pub fn to_f64(&self) -> f64 {
        match self {
            Number::Int(i) => *i as f64,
            Number::Big(b) => ratio_to_f64(b, &BigInt::from(1)),
            Number::Rat(r) => ratio_to_f64(r.numer(), r.denom()),
            Number::Flo(f) => *f,
        }
    }

    /// `exact`: flonums become the exact rational they denote; infinities and NaN are errors.
    pub fn exact(&self) -> NumResult<Number> {
        match self {
            Number::Flo(f) => f64_to_exact(*f),
            other => Ok(other.clone()),
        }
    }

    /// `inexact`: the nearest flonum.
    pub fn inexact(&self) -> Number {
        Number::Flo(self.to_f64())
    }

    /// The value as an `i64` if it is an exact integer in range (`None` for bignums, rationals
    /// and flonums).
    pub fn exact_integer_to_i64(&self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(*i),
            _ => None,
        }
    }
}

/// The exact value of a finite flonum; an error for infinities and NaN.
pub(crate) fn f64_to_exact(f: f64) -> NumResult<Number> {
    f64_to_rational(f)
        .map(Number::from_rational)
        .ok_or_else(|| NumError::new("no exact representation"))
}

/// The exact value of a finite flonum as a rational (`None` for infinities and NaN).
pub(crate) fn f64_to_rational(f: f64) -> Option<BigRational> {
    if !f.is_finite() {
        return None;
    }
    // Fast path: integral values that fit in an i64 convert exactly with `as`.
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        return Some(BigRational::from_integer(BigInt::from(f as i64)));
    }
    let (mantissa, exp) = decode(f);
    let m = if f < 0.0 {
        -BigInt::from(mantissa)
    } else {
        BigInt::from(mantissa)
    };
    Some(if exp >= 0 {
        BigRational::from_integer(m << exp as usize)
    } else {
        BigRational::new(m, BigInt::from(1) << (-exp) as usize)
    })
}

/// Splits a finite flonum's magnitude into `(mantissa, exponent)` with `|f| = mantissa * 2^exponent`
/// (the mantissa includes the hidden bit for normal numbers).
pub(crate) fn decode(f: f64) -> (u64, i32) {
    let bits = f.to_bits();
    let raw_exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    if raw_exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), raw_exp - 1075)
    }
}

/// `2^k` as a flonum, for `k` in the normal range `-1022..=1023`.
fn pow2(k: i32) -> f64 {
    debug_assert!((-1022..=1023).contains(&k));
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// `m * 2^e` for an integer `m < 2^54` when the result is exactly representable (or overflows).
fn scale(m: u64, e: i64) -> f64 {
    let x = m as f64;
    if e > 1023 {
        // Only reached when the result overflows anyway (m >= 1).
        return if m == 0 { 0.0 } else { f64::INFINITY };
    }
    if e >= -1022 {
        return x * pow2(e as i32);
    }
    // Two steps keep the intermediate normal, so the only rounding is the (exact) final one.
    x * pow2(-1022) * pow2((e + 1022) as i32)
}

/// The flonum nearest to `n / d` (ties to even), for `d > 0`. Handles overflow to infinity,
/// gradual underflow and operands of any size.
pub(crate) fn ratio_to_f64(n: &BigInt, d: &BigInt) -> f64 {
    if n.is_zero() {
        return 0.0;
    }
    let negative = n.sign() == Sign::Minus;
    let n = n.abs();
    // Scale so that the integer quotient has 55 or 56 bits: two more than a double's 53, plus
    // a sticky bit for the remainder, is all that correct rounding needs.
    let shift = 55 - (n.bits() as i64 - d.bits() as i64);
    let (q, r) = if shift >= 0 {
        (n << shift as usize).div_rem(d)
    } else {
        n.div_rem(&(d << (-shift) as usize))
    };
    let sticky = !r.is_zero();
    let qbits = q.bits() as i64;
    // Exponent of the leading bit of the value, then how many bits a double can keep there.
    let top = qbits - 1 - shift;
    if top > 1023 {
        return if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let keep = if top >= -1022 { 53 } else { 53 - (-1022 - top) };
    if keep < 0 {
        // Below half the smallest subnormal: rounds to zero.
        return if negative { -0.0 } else { 0.0 };
    }
    let drop = qbits - keep;
    let q = q.to_u64().expect("at most 56 bits");
    let mut m = q >> drop;
    let rest = q & ((1u64 << drop) - 1);
    let half = 1u64 << (drop - 1);
    if rest > half || (rest == half && (sticky || m & 1 == 1)) {
        m += 1;
    }
    let value = scale(m, drop - shift);
    if negative {
        -value
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::testutil::n;
    use num_traits::Num;

    fn big(s: &str) -> BigInt {
        BigInt::from_str_radix(s, 10).unwrap()
    }

    #[test]
    fn integers_convert_to_nearest_even() {
        // 2^53 + 1 is halfway between 2^53 and 2^53 + 2: ties go to the even mantissa.
        let x = BigInt::from(1u64 << 53) + 1;
        assert_eq!(ratio_to_f64(&x, &BigInt::from(1)), 9007199254740992.0);
        let x = BigInt::from(1u64 << 53) + 3;
        assert_eq!(ratio_to_f64(&x, &BigInt::from(1)), 9007199254740996.0);
        assert_eq!(n("12345678901234567890123").to_f64(), 1.2345678901234568e22);
        assert_eq!(
            n("-12345678901234567890123").to_f64(),
            -1.2345678901234568e22
        );
    }

    #[test]
    fn huge_and_tiny_values() {
        let huge = BigInt::from(10).pow(400u32);
        assert_eq!(ratio_to_f64(&huge, &BigInt::from(1)), f64::INFINITY);
        assert_eq!(
            ratio_to_f64(&-huge.clone(), &BigInt::from(1)),
            f64::NEG_INFINITY
        );
        assert_eq!(ratio_to_f64(&BigInt::from(1), &huge), 0.0);
        // The largest double and the smallest subnormal survive the round trip.
        for f in [
            f64::MAX,
            5e-324,
            2.2250738585072014e-308,
            2.225073858507201e-308,
            1e-310,
        ] {
            let r = f64_to_rational(f).unwrap();
            assert_eq!(ratio_to_f64(r.numer(), r.denom()), f);
        }
        // Half the smallest subnormal rounds to even (zero); a bit more rounds up.
        let half_min = BigRational::new(BigInt::from(1), BigInt::from(2).pow(1075u32));
        assert_eq!(ratio_to_f64(half_min.numer(), half_min.denom()), 0.0);
        let d = BigInt::from(2).pow(1075u32) - 1;
        assert_eq!(ratio_to_f64(&BigInt::from(1), &d), 5e-324);
    }

    #[test]
    fn rationals_convert_correctly() {
        assert_eq!(n("1/3").to_f64(), 1.0 / 3.0);
        assert_eq!(n("-2/3").to_f64(), -2.0 / 3.0);
        assert_eq!(n("1/10").to_f64(), 0.1);
        let r = big("3602879701896397") * BigInt::from(7);
        assert_eq!(ratio_to_f64(&r, &(big("36028797018963968") * 7)), 0.1);
    }

    #[test]
    fn flonums_to_exact_and_back() {
        assert_eq!(Number::Flo(0.5).exact().unwrap(), n("1/2"));
        assert_eq!(Number::Flo(-0.0).exact().unwrap(), Number::Int(0));
        assert_eq!(
            Number::Flo(1e18).exact().unwrap(),
            Number::Int(1_000_000_000_000_000_000)
        );
        assert_eq!(
            Number::Flo(0.1).exact().unwrap(),
            n("3602879701896397/36028797018963968")
        );
        assert_eq!(
            Number::Flo(2f64.powi(70)).exact().unwrap(),
            Number::Big(big("1180591620717411303424"))
        );
        assert_eq!(
            Number::Flo(-9.3e18).exact().unwrap(),
            Number::Big(big("-9300000000000000000"))
        );
        let e = NumError::new("no exact representation");
        assert_eq!(Number::Flo(f64::INFINITY).exact(), Err(e.clone()));
        assert_eq!(Number::Flo(f64::NAN).exact(), Err(e));
        assert_eq!(n("1/3").inexact(), Number::Flo(1.0 / 3.0));
        assert_eq!(n("7").exact_integer_to_i64(), Some(7));
        assert_eq!(n("7.0").exact_integer_to_i64(), None);
        assert_eq!(n("9223372036854775808").exact_integer_to_i64(), None);
    }

    #[test]
    fn random_doubles_round_trip() {
        // A fixed xorshift sequence covers normal and subnormal doubles of every magnitude.
        let mut x = 0x9E3779B97F4A7C15u64;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if !f.is_finite() {
                continue;
            }
            let r = f64_to_rational(f).unwrap();
            assert_eq!(ratio_to_f64(r.numer(), r.denom()).to_bits(), f.to_bits());
        }
    }
}
