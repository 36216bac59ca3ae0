//! `expt`, `sqrt`, `exact-integer-sqrt`. Exact inputs give exact results where the result is
//! exactly representable (integer powers, perfect squares); there are no complex numbers, so
//! a negative base with a non-integer exponent, or the square root of a negative, is +nan.0.

use super::convert::ratio_to_f64;
use super::{NumError, NumResult, Number};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive};

/// The largest result, in bits, that an exact `expt` may build (32 MiB); beyond it the
/// computation would exhaust a wasm32 memory, so it is refused with "result too large".
const MAX_RESULT_BITS: u64 = 1 << 28;

impl Number {
    /// `(expt base exponent)`.
    pub fn expt(&self, exponent: &Number) -> NumResult<Number> {
        if exponent.is_exact_integer() {
            expt_integer(self, exponent)
        } else {
            Ok(expt_real(self, exponent))
        }
    }

    /// `(sqrt x)`: exact for exact perfect squares (of integers and of rationals).
    pub fn sqrt(&self) -> Number {
        if let Number::Flo(f) = self {
            return Number::Flo(f.sqrt());
        }
        if self.is_negative() {
            return Number::Flo(f64::NAN);
        }
        let r = self.to_rational().expect("exact");
        match (exact_sqrt(r.numer()), exact_sqrt(r.denom())) {
            (Some(n), Some(d)) => Number::from_rational(BigRational::new_raw(n, d)),
            _ => Number::Flo(sqrt_inexact(&r)),
        }
    }

    /// `(exact-integer-sqrt n)`: `(s, r)` with `s*s + r = n`, `s` as large as possible.
    pub fn exact_integer_sqrt(&self) -> NumResult<(Number, Number)> {
        if !self.is_exact_integer() || self.is_negative() {
            return Err(NumError::new("not a nonnegative exact integer"));
        }
        let n = self.to_bigint().expect("exact integer");
        let s = BigInt::from(super::isqrt::isqrt(n.magnitude()));
        let r = &n - &s * &s;
        Ok((Number::from_bigint(s), Number::from_bigint(r)))
    }
}

/// The exact square root of a non-negative integer, if it is a perfect square.
fn exact_sqrt(n: &BigInt) -> Option<BigInt> {
    let s = BigInt::from(super::isqrt::isqrt(n.magnitude()));
    (&s * &s == *n).then_some(s)
}

/// The square root of a positive rational as a flonum, scaled by an even power of two so that
/// values beyond the flonum range (e.g. 10^401) still work.
fn sqrt_inexact(r: &BigRational) -> f64 {
    let k = (r.numer().bits() as i64 - r.denom().bits() as i64) / 2;
    let scaled = if k >= 0 {
        ratio_to_f64(r.numer(), &(r.denom() << (2 * k) as usize))
    } else {
        ratio_to_f64(&(r.numer() << (-2 * k) as usize), r.denom())
    };
    mul_pow2(scaled.sqrt(), k)
}

/// `x * 2^k`, in steps so that no power of two overflows on its own.
fn mul_pow2(mut x: f64, k: i64) -> f64 {
    // Beyond ±2200 every finite non-zero `x` we pass overflows or underflows anyway.
    let mut k = k.clamp(-2200, 2200);
    while k != 0 {
        let step = k.clamp(-1000, 1000);
        x *= 2f64.powi(step as i32);
        k -= step;
    }
    x
}

/// `expt` with an exact integer exponent.
fn expt_integer(base: &Number, exponent: &Number) -> NumResult<Number> {
    if exponent.is_exact_zero() {
        // (expt z 0) is exact 1 for every z, as in Chez.
        return Ok(Number::Int(1));
    }
    if let Number::Flo(b) = base {
        return Ok(Number::Flo(b.powf(exponent.to_f64())));
    }
    let e = exponent.to_bigint().expect("exact integer");
    // Bases whose powers never grow, for exponents of any size.
    match base {
        Number::Int(0) if e.is_negative() => return Err(NumError::new("division by zero")),
        Number::Int(0) | Number::Int(1) => return Ok(base.clone()),
        Number::Int(-1) => return Ok(Number::Int(if e.is_even() { 1 } else { -1 })),
        _ => {}
    }
    let magnitude = e.abs().to_u32().filter(|m| fits(base, *m));
    let Some(m) = magnitude else {
        return Err(NumError::new("result too large"));
    };
    let power = pow_exact(base, m);
    if e.is_negative() {
        Number::Int(1).div(&power)
    } else {
        Ok(power)
    }
}

/// Whether `base^m` stays under `MAX_RESULT_BITS`.
fn fits(base: &Number, m: u32) -> bool {
    let r = base.to_rational().expect("exact");
    let bits = r.numer().bits().max(r.denom().bits());
    bits.saturating_mul(m as u64) <= MAX_RESULT_BITS
}

/// `base^m` for an exact base.
fn pow_exact(base: &Number, m: u32) -> Number {
    match base {
        Number::Int(b) => match b.checked_pow(m) {
            Some(p) => Number::Int(p),
            None => Number::from_bigint(super::ntt::pow(&BigInt::from(*b), m)),
        },
        Number::Big(b) => Number::from_bigint(super::ntt::pow(b, m)),
        // A power of a reduced fraction is reduced.
        Number::Rat(r) => Number::Rat(BigRational::new_raw(
            super::ntt::pow(r.numer(), m),
            super::ntt::pow(r.denom(), m),
        )),
        Number::Flo(_) => unreachable!("pow_exact of a flonum"),
    }
}

/// `expt` with a non-integer or inexact exponent: always a flonum.
fn expt_real(base: &Number, exponent: &Number) -> Number {
    let x = exponent.to_f64();
    let b = base.to_f64();
    if b.is_normal() || base.is_inexact() || base.is_zero() {
        return Number::Flo(b.powf(x));
    }
    // An exact base outside the flonum range (e.g. 10^400).
    let r = base.abs().to_rational().expect("exact");
    let magnitude = pow_scaled(&r, x);
    Number::Flo(match (base.is_negative(), x.fract() == 0.0) {
        (false, _) => magnitude,
        (true, false) => f64::NAN,
        (true, true) if x % 2.0 == 0.0 => magnitude,
        (true, true) => -magnitude,
    })
}

/// `r^x` for a positive rational of any size: with `r = m * 2^k`, `m` near 1, it is
/// `m^x * 2^(k*x)`, where `k*x` is split exactly into integer and fractional parts so that
/// huge `k` loses no precision.
fn pow_scaled(r: &BigRational, x: f64) -> f64 {
    let k = r.numer().bits() as i64 - r.denom().bits() as i64;
    let m = if k >= 0 {
        ratio_to_f64(r.numer(), &(r.denom() << k as usize))
    } else {
        ratio_to_f64(&(r.numer() << (-k) as usize), r.denom())
    };
    let kf = k as f64;
    let hi = kf * x;
    let lo = kf.mul_add(x, -hi);
    if hi.abs() > 1e5 {
        // Far beyond the flonum range either way.
        return if hi > 0.0 { f64::INFINITY } else { 0.0 };
    }
    let whole = hi.floor();
    let frac = (hi - whole) + lo;
    mul_pow2(m.powf(x) * frac.exp2(), whole as i64)
}

#[cfg(test)]
mod tests {
    use crate::num::testutil::{n, s};
    use crate::num::NumError;

    fn expt(a: &str, b: &str) -> String {
        s(&n(a).expt(&n(b)).unwrap())
    }

    #[test]
    fn exact_powers() {
        assert_eq!(expt("0", "0"), "1");
        assert_eq!(expt("0.0", "0"), "1");
        assert_eq!(expt("2", "10"), "1024");
        assert_eq!(expt("2", "100"), "1267650600228229401496703205376");
        assert_eq!(expt("-2", "3"), "-8");
        assert_eq!(expt("-2", "63"), "-9223372036854775808");
        assert_eq!(expt("2", "63"), "9223372036854775808");
        assert_eq!(expt("2", "-2"), "1/4");
        assert_eq!(expt("-2", "-3"), "-1/8");
        assert_eq!(expt("2/3", "3"), "8/27");
        assert_eq!(expt("1/2", "-3"), "8");
        assert_eq!(expt("-2/3", "-2"), "9/4");
        assert_eq!(expt("1", "1000000000000000000000000000000"), "1");
        assert_eq!(expt("-1", "1000000000000000000000000000001"), "-1");
        assert_eq!(expt("0", "1000000000000000000000000000000"), "0");
        assert_eq!(
            expt("10", "40"),
            "10000000000000000000000000000000000000000"
        );
    }

    #[test]
    fn exact_power_errors() {
        assert_eq!(
            n("0").expt(&n("-1")),
            Err(NumError::new("division by zero"))
        );
        assert_eq!(
            n("2").expt(&n("100000000000")),
            Err(NumError::new("result too large"))
        );
        assert_eq!(
            n("2").expt(&n("1000000000000000000000000")),
            Err(NumError::new("result too large"))
        );
    }

    #[test]
    fn inexact_powers() {
        assert_eq!(expt("2.0", "0.5"), "1.4142135623730951");
        assert_eq!(expt("2", "0.5"), "1.4142135623730951");
        assert_eq!(expt("2.0", "3"), "8.0");
        assert_eq!(expt("2.5", "2"), "6.25");
        assert_eq!(expt("2", "-1.0"), "0.5");
        assert_eq!(expt("1/2", "2.0"), "0.25");
        assert_eq!(expt("4", "1/2"), "2.0");
        assert_eq!(expt("9", "0.5"), "3.0");
        assert_eq!(expt("0", "0.0"), "1.0");
        assert_eq!(expt("0.0", "0.0"), "1.0");
        assert_eq!(expt("0", "2.5"), "0.0");
        assert_eq!(expt("0.0", "-1"), "+inf.0");
        assert_eq!(expt("-8", "1/3"), "+nan.0");
        assert_eq!(expt("-2.0", "0.5"), "+nan.0");
        assert_eq!(expt("-2", "2.0"), "4.0");
        assert_eq!(expt("2", "1000.5"), "1.5153420044823246e301");
        let huge = format!("1{}", "0".repeat(400));
        assert_eq!(expt(&huge, "0.5"), "1e200");
        assert_eq!(expt(&huge, "1/2"), "1e200");
        assert_eq!(expt(&huge, "-0.5"), "1e-200");
        assert_eq!(expt(&format!("1/{huge}"), "0.25"), "1e-100");
        assert_eq!(expt(&huge, "2.0"), "+inf.0");
        assert_eq!(expt(&format!("-{huge}"), "0.5"), "+nan.0");
    }

    #[test]
    fn square_roots() {
        let cases = [
            ("16", "4"),
            ("1/4", "1/2"),
            ("9/4", "3/2"),
            ("0", "0"),
            ("2", "1.4142135623730951"),
            ("15", "3.872983346207417"),
            ("1/3", "0.5773502691896257"),
            ("16.0", "4.0"),
            ("2.25", "1.5"),
            ("-4.0", "+nan.0"),
            ("-4", "+nan.0"),
            ("-1/4", "+nan.0"),
            ("+inf.0", "+inf.0"),
            ("1e100", "1e50"),
            (
                "100000000000000000000000000000000000000000",
                "3.1622776601683794e20",
            ),
            (
                "10000000000000000000000000000000000000000",
                "100000000000000000000",
            ),
        ];
        for (x, want) in cases {
            assert_eq!(s(&n(x).sqrt()), want, "sqrt {x}");
        }
        let huge = format!("1{}", "0".repeat(401));
        assert_eq!(s(&n(&huge).sqrt()), "3.1622776601683794e200");
        let tiny = format!("1/1{}", "0".repeat(401));
        assert_eq!(s(&n(&tiny).sqrt()), "3.1622776601683792e-201");
        let exact = format!("1{}/9", "0".repeat(400));
        assert_eq!(s(&n(&exact).sqrt()), format!("1{}/3", "0".repeat(200)));
    }

    #[test]
    fn exact_integer_sqrt() {
        let pair = |x: &str| {
            let (a, b) = n(x).exact_integer_sqrt().unwrap();
            format!("{} {}", s(&a), s(&b))
        };
        assert_eq!(pair("17"), "4 1");
        assert_eq!(pair("16"), "4 0");
        assert_eq!(pair("0"), "0 0");
        assert_eq!(pair("9223372036854775807"), "3037000499 5928526806");
        assert_eq!(
            pair("100000000000000000000000000000000000000001"),
            "316227766016837933199 562477137586013626400"
        );
        let err = Err(NumError::new("not a nonnegative exact integer"));
        assert_eq!(n("-1").exact_integer_sqrt(), err);
        assert_eq!(n("4.0").exact_integer_sqrt(), err);
        assert_eq!(n("1/4").exact_integer_sqrt(), err);
    }
}
