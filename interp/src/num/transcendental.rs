//! `exp`, `log`, and the trigonometric functions. Results are flonums, except that (as in Chez)
//! the exact arguments where the answer is exactly 0 or 1 give exact results: `(exp 0)` is 1,
//! `(log 1)` is 0, `(sin 0)` is 0, `(cos 0)` is 1, `(acos 1)` is 0, `(atan 0 1)` is 0.
//! Results that would be complex are +nan.0 instead.

use super::{NumError, NumResult, Number};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

impl Number {
    /// `(exp x)`.
    pub fn exp(&self) -> Number {
        self.unary(0, 1, f64::exp)
    }

    /// `(log x)`: natural logarithm; `(log 0)` is -inf.0, negative arguments give +nan.0.
    /// Exact arguments outside the flonum range (e.g. 10^400, 1/10^400) still give finite results.
    pub fn log(&self) -> Number {
        match self {
            Number::Int(1) => Number::Int(0),
            Number::Flo(f) => Number::Flo(f.ln()),
            _ if self.is_positive() => Number::Flo(ln_exact(self)),
            _ => Number::Flo(self.to_f64().ln()),
        }
    }

    /// `(log x base)` = `(/ (log x) (log base))`; an error only for `(log 1 1)` (exact 0/0).
    pub fn log_base(&self, base: &Number) -> NumResult<Number> {
        self.log().div(&base.log())
    }

    /// `(sin x)`.
    pub fn sin(&self) -> Number {
        self.unary(0, 0, f64::sin)
    }

    /// `(cos x)`.
    pub fn cos(&self) -> Number {
        self.unary(0, 1, f64::cos)
    }

    /// `(tan x)`.
    pub fn tan(&self) -> Number {
        self.unary(0, 0, f64::tan)
    }

    /// `(asin x)`: +nan.0 outside [-1, 1].
    pub fn asin(&self) -> Number {
        self.unary(0, 0, f64::asin)
    }

    /// `(acos x)`: +nan.0 outside [-1, 1].
    pub fn acos(&self) -> Number {
        self.unary(1, 0, f64::acos)
    }

    /// `(atan x)`.
    pub fn atan(&self) -> Number {
        self.unary(0, 0, f64::atan)
    }

    /// `(atan y x)`: the angle of the point (x, y). With exact arguments, `(atan 0 x)` is exact 0
    /// for positive `x` and `(atan 0 0)` is an error, as in Chez.
    pub fn atan2(&self, x: &Number) -> NumResult<Number> {
        if self.is_exact_zero() && x.is_exact() {
            if x.is_zero() {
                return Err(NumError::new("undefined for 0 and 0"));
            }
            if x.is_positive() {
                return Ok(Number::Int(0));
            }
        }
        Ok(Number::Flo(self.to_f64().atan2(x.to_f64())))
    }

    /// `f(self)` as a flonum, except that the exact integer `at` maps to the exact `gives`.
    fn unary(&self, at: i64, gives: i64, f: fn(f64) -> f64) -> Number {
        match self {
            Number::Int(i) if *i == at => Number::Int(gives),
            _ => Number::Flo(f(self.to_f64())),
        }
    }
}

/// The natural logarithm of a positive exact number, even one outside the flonum range.
pub(crate) fn ln_exact(x: &Number) -> f64 {
    let v = x.to_f64();
    if v.is_normal() {
        return v.ln();
    }
    let r = x.to_rational().expect("exact");
    ln_bigint(r.numer()) - ln_bigint(r.denom())
}

/// The natural logarithm of a positive integer of any size: huge ones are shifted into the
/// flonum range first, adding back `shift * ln 2`.
fn ln_bigint(n: &BigInt) -> f64 {
    // ln 2 split as in fdlibm: `LN2_HI` has trailing zero bits, so `shift * LN2_HI` is exact.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    let shift = n.bits().saturating_sub(64);
    let top = (n >> shift).to_f64().expect("fits after the shift");
    let k = shift as f64;
    k * LN2_HI + (top.ln() + k * LN2_LO)
}

#[cfg(test)]
mod tests {
    use crate::num::testutil::{n, s};
    use crate::num::{NumError, Number};

    fn each(f: fn(&Number) -> Number, xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| s(&f(&n(x)))).collect()
    }

    #[test]
    fn exact_special_cases() {
        assert_eq!(
            each(Number::exp, &["0", "1", "0.0"]),
            ["1", "2.718281828459045", "1.0"]
        );
        assert_eq!(each(Number::log, &["1", "1.0"]), ["0", "0.0"]);
        assert_eq!(each(Number::sin, &["0", "0.0"]), ["0", "0.0"]);
        assert_eq!(each(Number::cos, &["0"]), ["1"]);
        assert_eq!(each(Number::tan, &["0"]), ["0"]);
        assert_eq!(each(Number::asin, &["0"]), ["0"]);
        assert_eq!(each(Number::acos, &["1"]), ["0"]);
        assert_eq!(each(Number::atan, &["0", "1"]), ["0", "0.7853981633974483"]);
    }

    #[test]
    fn logarithms() {
        assert_eq!(
            each(Number::log, &["0", "0.0", "-1", "-1.0"]),
            ["-inf.0", "-inf.0", "+nan.0", "+nan.0"]
        );
        assert_eq!(
            each(Number::log, &["1/2", "100"]),
            ["-0.6931471805599453", "4.605170185988092"]
        );
        let huge = format!("1{}", "0".repeat(400));
        assert_eq!(s(&n(&huge).log()), "921.0340371976183");
        let tiny = format!("1/{huge}");
        assert_eq!(s(&n(&tiny).log()), "-921.0340371976183");
        let log = |x: &str, b: &str| s(&n(x).log_base(&n(b)).unwrap());
        assert_eq!(log("8", "2"), "3.0");
        assert_eq!(log("100", "10"), "2.0");
        assert_eq!(log("8.0", "2"), "3.0");
        assert_eq!(log("2", "1"), "+inf.0");
        assert_eq!(
            n("1").log_base(&n("1")),
            Err(NumError::new("division by zero"))
        );
    }

    #[test]
    fn trigonometry() {
        assert_eq!(each(Number::sin, &["1"]), ["0.8414709848078965"]);
        assert_eq!(each(Number::cos, &["1.0"]), ["0.5403023058681398"]);
        assert_eq!(
            each(Number::asin, &["2", "1"]),
            ["+nan.0", "1.5707963267948966"]
        );
        assert_eq!(
            each(Number::acos, &["2", "0"]),
            ["+nan.0", "1.5707963267948966"]
        );
        let atan2 = |y: &str, x: &str| s(&n(y).atan2(&n(x)).unwrap());
        assert_eq!(atan2("1", "1"), "0.7853981633974483");
        assert_eq!(atan2("0", "1"), "0");
        assert_eq!(atan2("0", "-1"), "3.141592653589793");
        assert_eq!(atan2("1", "0"), "1.5707963267948966");
        assert_eq!(atan2("0.0", "0"), "0.0");
        assert!(n("0").atan2(&n("0")).is_err());
    }
}
