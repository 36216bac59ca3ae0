//! `+ - * /`, negation, `abs`, `square`, `min`, `max` with R7RS contagion: when either operand is
//! a flonum the exact one is converted (correctly rounded) and the result is a flonum.

use super::compare::num_cmp;
use super::{NumError, NumResult, Number};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;
use std::cmp::Ordering;

/// Two operands lifted to their common representation (the higher of the two in the order
/// `Int < Big < Rat < Flo`).
pub(crate) enum Pair {
    Int(i64, i64),
    Big(BigInt, BigInt),
    Rat(BigRational, BigRational),
    Flo(f64, f64),
}

/// Lifts two numbers to a common representation.
pub(crate) fn lift(a: &Number, b: &Number) -> Pair {
    use Number::*;
    match (a, b) {
        (Int(x), Int(y)) => Pair::Int(*x, *y),
        (Flo(_), _) | (_, Flo(_)) => Pair::Flo(a.to_f64(), b.to_f64()),
        (Rat(_), _) | (_, Rat(_)) => Pair::Rat(a.to_rational().unwrap(), b.to_rational().unwrap()),
        _ => Pair::Big(a.to_bigint().unwrap(), b.to_bigint().unwrap()),
    }
}

impl Number {
    /// `(+ a b)`. An exact 0 is the identity, so `(+ 0 -0.0)` is `-0.0` as in Chez.
    pub fn add(&self, other: &Number) -> Number {
        match (self, other) {
            (Number::Int(0), _) => return other.clone(),
            (_, Number::Int(0)) => return self.clone(),
            _ => {}
        }
        match lift(self, other) {
            Pair::Int(a, b) => a
                .checked_add(b)
                .map_or_else(|| Number::from_bigint(BigInt::from(a) + b), Number::Int),
            Pair::Big(a, b) => Number::from_bigint(a + b),
            Pair::Rat(a, b) => Number::from_rational(a + b),
            Pair::Flo(a, b) => Number::Flo(a + b),
        }
    }

    /// `(- a b)`. As in Chez, `(- x 0)` is `x` and `(- 0 x)` is `(- x)`.
    pub fn sub(&self, other: &Number) -> Number {
        match (self, other) {
            (_, Number::Int(0)) => return self.clone(),
            (Number::Int(0), _) => return other.neg(),
            _ => {}
        }
        match lift(self, other) {
            Pair::Int(a, b) => a
                .checked_sub(b)
                .map_or_else(|| Number::from_bigint(BigInt::from(a) - b), Number::Int),
            Pair::Big(a, b) => Number::from_bigint(a - b),
            Pair::Rat(a, b) => Number::from_rational(a - b),
            Pair::Flo(a, b) => Number::Flo(a - b),
        }
    }

    /// `(* a b)`. As in Chez (and allowed by R7RS), an exact 0 times anything is exact 0.
    pub fn mul(&self, other: &Number) -> Number {
        if matches!(self, Number::Int(0)) || matches!(other, Number::Int(0)) {
            return Number::Int(0);
        }
        if let (Number::Big(a), Number::Big(b)) = (self, other) {
            // Borrowed, not lifted: no copies of long digit strings.
            return Number::from_bigint(super::ntt::mul_int(a, b));
        }
        match lift(self, other) {
            Pair::Int(a, b) => match a.checked_mul(b) {
                Some(p) => Number::Int(p),
                None => Number::from_bigint(BigInt::from(a as i128 * b as i128)),
            },
            Pair::Big(a, b) => Number::from_bigint(super::ntt::mul_int(&a, &b)),
            Pair::Rat(a, b) => Number::from_rational(a * b),
            Pair::Flo(a, b) => Number::Flo(a * b),
        }
    }

    /// `(/ a b)`. Exact division by exact 0 is an error; with a flonum involved the result
    /// follows IEEE (infinities, NaN).
    pub fn div(&self, other: &Number) -> NumResult<Number> {
        match lift(self, other) {
            Pair::Flo(a, b) => Ok(Number::Flo(a / b)),
            _ if other.is_exact_zero() => Err(NumError::new("division by zero")),
            Pair::Int(a, b) if b != -1 && a % b == 0 => Ok(Number::Int(a / b)),
            Pair::Int(a, b) => Ok(Number::from_rational(BigRational::new(a.into(), b.into()))),
            Pair::Big(a, b) => Ok(Number::from_rational(BigRational::new(a, b))),
            Pair::Rat(a, b) => Ok(Number::from_rational(a / b)),
        }
    }

    /// `(- a)`.
    pub fn neg(&self) -> Number {
        match self {
            Number::Int(i) => i
                .checked_neg()
                .map_or_else(|| Number::from_bigint(-BigInt::from(*i)), Number::Int),
            // Negating 2^63 lands back in i64 range.
            Number::Big(b) => Number::from_bigint(-b),
            Number::Rat(r) => Number::Rat(-r),
            Number::Flo(f) => Number::Flo(-f),
        }
    }

    /// `(abs a)`.
    pub fn abs(&self) -> Number {
        if self.is_negative() {
            self.neg()
        } else if let Number::Flo(f) = self {
            // Clears the sign of -0.0 too.
            Number::Flo(f.abs())
        } else {
            self.clone()
        }
    }

    /// `(square a)`.
    pub fn square(&self) -> Number {
        self.mul(self)
    }

    /// `(max a b)`: inexact if either argument is, NaN if either is NaN.
    pub fn max(&self, other: &Number) -> Number {
        self.pick(other, Ordering::Greater)
    }

    /// `(min a b)`: inexact if either argument is, NaN if either is NaN.
    pub fn min(&self, other: &Number) -> Number {
        self.pick(other, Ordering::Less)
    }

    /// `self` if it compares as `want` against `other`, else `other`, with inexact contagion.
    fn pick(&self, other: &Number, want: Ordering) -> Number {
        let chosen = match num_cmp(self, other) {
            None => return Number::Flo(f64::NAN),
            Some(o) if o == want => self,
            Some(_) => other,
        };
        if self.is_inexact() || other.is_inexact() {
            chosen.inexact()
        } else {
            chosen.clone()
        }
    }

    /// True for the exact integer 0 (never for 0.0).
    pub(crate) fn is_exact_zero(&self) -> bool {
        match self {
            Number::Int(i) => *i == 0,
            Number::Big(b) => b.is_zero(),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::num::testutil::{n, s};
    use crate::num::{NumError, Number};

    fn add(a: &str, b: &str) -> String {
        s(&n(a).add(&n(b)))
    }
    fn sub(a: &str, b: &str) -> String {
        s(&n(a).sub(&n(b)))
    }
    fn mul(a: &str, b: &str) -> String {
        s(&n(a).mul(&n(b)))
    }
    fn div(a: &str, b: &str) -> String {
        s(&n(a).div(&n(b)).unwrap())
    }

    #[test]
    fn fixnum_overflow_promotes() {
        assert_eq!(add("9223372036854775807", "1"), "9223372036854775808");
        assert_eq!(sub("-9223372036854775808", "1"), "-9223372036854775809");
        assert_eq!(mul("4611686018427387904", "2"), "9223372036854775808");
        assert_eq!(mul("-4611686018427387904", "2"), "-9223372036854775808");
        assert_eq!(
            n("-4611686018427387904").mul(&n("2")),
            Number::Int(i64::MIN)
        );
        assert_eq!(
            mul("9223372036854775807", "9223372036854775807"),
            "85070591730234615847396907784232501249"
        );
        assert_eq!(n("-9223372036854775808").neg(), n("9223372036854775808"));
        assert_eq!(n("9223372036854775808").neg(), Number::Int(i64::MIN));
        assert_eq!(n("-9223372036854775808").abs(), n("9223372036854775808"));
        assert_eq!(div("-9223372036854775808", "-1"), "9223372036854775808");
    }

    #[test]
    fn bignums_demote_when_small_again() {
        let big = n("9223372036854775808");
        assert_eq!(big.sub(&n("1")), Number::Int(i64::MAX));
        assert_eq!(big.sub(&big), Number::Int(0));
        assert_eq!(
            n("100000000000000000000").div(&n("10000000000")).unwrap(),
            Number::Int(10000000000)
        );
    }

    #[test]
    fn rationals() {
        assert_eq!(add("1/3", "2/3"), "1");
        assert_eq!(add("1/2", "1/3"), "5/6");
        assert_eq!(sub("1/2", "1"), "-1/2");
        assert_eq!(mul("2/3", "3/4"), "1/2");
        assert_eq!(div("6", "4"), "3/2");
        assert_eq!(div("6", "3"), "2");
        assert_eq!(div("1", "-3"), "-1/3");
        assert_eq!(div("1/2", "1/4"), "2");
        assert_eq!(n("1/2").add(&n("1/2")), Number::Int(1));
    }

    #[test]
    fn inexact_contagion() {
        assert_eq!(add("1", "1.5"), "2.5");
        assert_eq!(add("1/2", "0.25"), "0.75");
        assert_eq!(mul("2", "1.5"), "3.0");
        assert_eq!(sub("1", "1.0"), "0.0");
        // 2^53 + 1 rounds (to even) before the addition.
        assert_eq!(add("9007199254740993", "0.0"), "9.007199254740992e15");
        assert_eq!(add("9007199254740995", "0.0"), "9.007199254740996e15");
        assert_eq!(div("1", "3.0"), "0.3333333333333333");
        assert_eq!(div("1.5", "0.5"), "3.0");
        assert_eq!(add("100000000000000000000000", "1.0"), "1e23");
    }

    #[test]
    fn exact_zero_follows_chez() {
        assert_eq!(mul("0", "1.5"), "0");
        assert_eq!(mul("1.5", "0"), "0");
        assert_eq!(mul("0", "+nan.0"), "0");
        assert_eq!(mul("0.0", "5"), "0.0");
        assert_eq!(add("0", "-0.0"), "-0.0");
        assert_eq!(sub("0", "0.0"), "-0.0");
        assert_eq!(sub("0.0", "0"), "0.0");
        assert_eq!(div("0", "2.5"), "0.0");
    }

    #[test]
    fn division_by_zero() {
        let err = Err(NumError::new("division by zero"));
        assert_eq!(n("1").div(&n("0")), err);
        assert_eq!(n("1/2").div(&n("0")), err);
        assert_eq!(n("100000000000000000000").div(&n("0")), err);
        assert_eq!(div("1.0", "0"), "+inf.0");
        assert_eq!(div("1", "0.0"), "+inf.0");
        assert_eq!(div("-1", "0.0"), "-inf.0");
        assert_eq!(div("0", "0.0"), "+nan.0");
        assert_eq!(div("0.0", "0"), "+nan.0");
    }

    #[test]
    fn neg_abs_square() {
        assert_eq!(s(&n("0.0").neg()), "-0.0");
        assert_eq!(s(&n("0").neg()), "0");
        assert_eq!(s(&n("-0.0").abs()), "0.0");
        assert_eq!(s(&n("-5/3").abs()), "5/3");
        assert_eq!(s(&n("-0.5").abs()), "0.5");
        assert_eq!(s(&n("1/2").square()), "1/4");
        assert_eq!(s(&n("-3").square()), "9");
        assert_eq!(s(&n("3037000500").square()), "9223372037000250000");
    }

    #[test]
    fn min_max() {
        assert_eq!(s(&n("1").max(&n("2.0"))), "2.0");
        assert_eq!(s(&n("3").max(&n("2.0"))), "3.0");
        assert_eq!(s(&n("1").min(&n("2.0"))), "1.0");
        assert_eq!(s(&n("1/2").max(&n("0.3"))), "0.5");
        assert_eq!(s(&n("1/2").min(&n("1/3"))), "1/3");
        assert_eq!(s(&n("1").max(&n("+nan.0"))), "+nan.0");
        assert_eq!(s(&n("+nan.0").min(&n("1"))), "+nan.0");
        assert_eq!(
            s(&n("-9223372036854775809").min(&n("5"))),
            "-9223372036854775809"
        );
    }
}
