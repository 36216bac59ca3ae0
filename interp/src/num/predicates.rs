//! Type and sign predicates: `integer?`, `rational?`, `exact?`, `nan?`, `zero?`, `odd?`, ...

use super::{NumError, NumResult, Number};
use num_bigint::Sign;
use num_integer::Integer;
use num_traits::Signed;

impl Number {
    /// `integer?`: exact integers and integral flonums such as 2.0.
    pub fn is_integer(&self) -> bool {
        match self {
            Number::Int(_) | Number::Big(_) => true,
            Number::Rat(_) => false,
            Number::Flo(f) => f.is_finite() && f.fract() == 0.0,
        }
    }

    /// `rational?`: everything but infinities and NaN.
    pub fn is_rational(&self) -> bool {
        match self {
            Number::Flo(f) => f.is_finite(),
            _ => true,
        }
    }

    /// `real?`: always true, as there are no complex numbers.
    pub fn is_real(&self) -> bool {
        true
    }

    /// `exact?`.
    pub fn is_exact(&self) -> bool {
        !matches!(self, Number::Flo(_))
    }

    /// `inexact?`.
    pub fn is_inexact(&self) -> bool {
        matches!(self, Number::Flo(_))
    }

    /// `exact-integer?`.
    pub fn is_exact_integer(&self) -> bool {
        matches!(self, Number::Int(_) | Number::Big(_))
    }

    /// `exact-rational?`: every exact number.
    pub fn is_exact_rational(&self) -> bool {
        self.is_exact()
    }

    /// `nan?`.
    pub fn is_nan(&self) -> bool {
        matches!(self, Number::Flo(f) if f.is_nan())
    }

    /// `infinite?`.
    pub fn is_infinite(&self) -> bool {
        matches!(self, Number::Flo(f) if f.is_infinite())
    }

    /// `finite?`.
    pub fn is_finite(&self) -> bool {
        self.is_rational()
    }

    /// `zero?` (true for -0.0 too).
    pub fn is_zero(&self) -> bool {
        match self {
            Number::Int(i) => *i == 0,
            Number::Flo(f) => *f == 0.0,
            // Invariants: bignums and ratnums are never zero.
            Number::Big(_) | Number::Rat(_) => false,
        }
    }

    /// `positive?` (false for NaN).
    pub fn is_positive(&self) -> bool {
        match self {
            Number::Int(i) => *i > 0,
            Number::Big(b) => b.sign() == Sign::Plus,
            Number::Rat(r) => r.is_positive(),
            Number::Flo(f) => *f > 0.0,
        }
    }

    /// `negative?` (false for NaN and -0.0).
    pub fn is_negative(&self) -> bool {
        match self {
            Number::Int(i) => *i < 0,
            Number::Big(b) => b.sign() == Sign::Minus,
            Number::Rat(r) => r.is_negative(),
            Number::Flo(f) => *f < 0.0,
        }
    }

    /// `odd?`: an error for non-integers.
    pub fn is_odd(&self) -> NumResult<bool> {
        self.is_even().map(|e| !e)
    }

    /// `even?`: an error for non-integers.
    pub fn is_even(&self) -> NumResult<bool> {
        match self {
            Number::Int(i) => Ok(i & 1 == 0),
            Number::Big(b) => Ok(b.is_even()),
            // Integral flonums at or above 2^53 are all even; `%` is exact.
            Number::Flo(f) if self.is_integer() => Ok(f % 2.0 == 0.0),
            _ => Err(NumError::new("not an integer")),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::num::testutil::n;
    use crate::num::NumError;

    #[test]
    fn classification() {
        assert!(
            n("2.0").is_integer()
                && n("2").is_integer()
                && n("-100000000000000000000").is_integer()
        );
        assert!(!n("1/2").is_integer() && !n("2.5").is_integer() && !n("+inf.0").is_integer());
        assert!(!n("+nan.0").is_integer());
        assert!(n("1/2").is_rational() && n("0.5").is_rational());
        assert!(!n("+inf.0").is_rational() && !n("+nan.0").is_rational());
        assert!(n("+nan.0").is_real());
        assert!(n("1/2").is_exact() && !n("0.5").is_exact() && n("0.5").is_inexact());
        assert!(n("5").is_exact_integer() && !n("5.0").is_exact_integer());
        assert!(n("1/2").is_exact_rational() && !n("0.5").is_exact_rational());
        assert!(n("+nan.0").is_nan() && !n("1").is_nan());
        assert!(n("-inf.0").is_infinite() && !n("1e308").is_infinite());
        assert!(n("1e308").is_finite() && !n("+nan.0").is_finite());
    }

    #[test]
    fn signs() {
        assert!(n("0").is_zero() && n("-0.0").is_zero() && !n("1/2").is_zero());
        assert!(n("1/2").is_positive() && n("100000000000000000000").is_positive());
        assert!(n("-100000000000000000000").is_negative() && n("-1/2").is_negative());
        assert!(!n("-0.0").is_negative() && !n("0").is_positive());
        assert!(!n("+nan.0").is_positive() && !n("+nan.0").is_negative());
    }

    #[test]
    fn parity() {
        assert_eq!(n("2.0").is_even(), Ok(true));
        assert_eq!(n("-3").is_odd(), Ok(true));
        assert_eq!(n("-9223372036854775808").is_even(), Ok(true));
        assert_eq!(n("100000000000000000001").is_odd(), Ok(true));
        assert_eq!(n("1e300").is_even(), Ok(true));
        assert_eq!(n("-7.0").is_odd(), Ok(true));
        let err = Err(NumError::new("not an integer"));
        assert_eq!(n("2.5").is_odd(), err);
        assert_eq!(n("1/2").is_even(), err);
        assert_eq!(n("+inf.0").is_even(), err);
    }
}
