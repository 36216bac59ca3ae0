//! `floor`, `ceiling`, `round`, `truncate`, `numerator`, `denominator`. Exact arguments give
//! exact results; flonums give flonums.

use super::{NumError, NumResult, Number};
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use std::cmp::Ordering;

impl Number {
    /// `floor`: the largest integer not above the argument.
    pub fn floor(&self) -> Number {
        self.round_with(BigRational::floor, f64::floor)
    }

    /// `ceiling`: the smallest integer not below the argument.
    pub fn ceiling(&self) -> Number {
        self.round_with(BigRational::ceil, f64::ceil)
    }

    /// `truncate`: rounds toward zero.
    pub fn truncate(&self) -> Number {
        self.round_with(BigRational::trunc, f64::trunc)
    }

    /// `round`: to the nearest integer, ties to even. As in Chez, a flonum that rounds to zero
    /// gives 0.0 even when negative.
    pub fn round(&self) -> Number {
        self.round_with(round_half_even, |f| {
            let r = f.round_ties_even();
            if r == 0.0 {
                0.0
            } else {
                r
            }
        })
    }

    /// Applies `exact` to ratnums and `flo` to flonums; integers are already rounded.
    fn round_with(&self, exact: fn(&BigRational) -> BigRational, flo: fn(f64) -> f64) -> Number {
        match self {
            Number::Rat(r) => Number::from_rational(exact(r)),
            Number::Flo(f) => Number::Flo(flo(*f)),
            _ => self.clone(),
        }
    }

    /// `numerator` (of the exact value, for flonums: `(numerator 0.75)` is 3.0).
    pub fn numerator(&self) -> NumResult<Number> {
        match self {
            Number::Rat(r) => Ok(Number::from_bigint(r.numer().clone())),
            // Integral flonums are their own numerator; this keeps the sign of -0.0.
            Number::Flo(_) if self.is_integer() => Ok(self.clone()),
            Number::Flo(_) => Ok(flonum_part(self)?.numerator()?.inexact()),
            _ => Ok(self.clone()),
        }
    }

    /// `denominator` (of the exact value, for flonums: `(denominator 0.75)` is 4.0).
    pub fn denominator(&self) -> NumResult<Number> {
        match self {
            Number::Rat(r) => Ok(Number::from_bigint(r.denom().clone())),
            Number::Flo(_) => Ok(flonum_part(self)?.denominator()?.inexact()),
            _ => Ok(Number::Int(1)),
        }
    }
}

/// The exact value of a finite flonum; an error for infinities and NaN.
fn flonum_part(x: &Number) -> NumResult<Number> {
    x.exact()
        .map_err(|_| NumError::new("not a rational number"))
}

/// Rounds a rational to the nearest integer, ties to even.
fn round_half_even(r: &BigRational) -> BigRational {
    let floor = r.floor();
    let half = BigRational::new(BigInt::from(1), BigInt::from(2));
    let up = match (r - &floor).cmp(&half) {
        Ordering::Less => false,
        Ordering::Greater => true,
        Ordering::Equal => floor.to_integer().is_odd(),
    };
    if up {
        floor + BigRational::from_integer(BigInt::from(1))
    } else {
        floor
    }
}

#[cfg(test)]
mod tests {
    use crate::num::testutil::{n, s};
    use crate::num::{NumError, Number};

    fn all(f: fn(&Number) -> Number, xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| s(&f(&n(x)))).collect()
    }

    #[test]
    fn round_half_even() {
        let xs = [
            "2.5", "-2.5", "3.5", "0.5", "-0.5", "-0.4", "-0.6", "-1.5", "3.7", "-0.0",
        ];
        assert_eq!(
            all(Number::round, &xs),
            ["2.0", "-2.0", "4.0", "0.0", "0.0", "0.0", "-1.0", "-2.0", "4.0", "0.0"]
        );
        let xs = [
            "7/2", "5/2", "1/2", "-1/2", "-3/2", "-5/2", "7/3", "-7/3", "5",
        ];
        assert_eq!(
            all(Number::round, &xs),
            ["4", "2", "0", "0", "-2", "-2", "2", "-2", "5"]
        );
        assert_eq!(s(&n("2.5000000001").round()), "3.0");
        assert_eq!(s(&n("4503599627370497.0").round()), "4.503599627370497e15");
        assert_eq!(
            s(&n("100000000000000000001/2").round()),
            "50000000000000000000"
        );
        assert_eq!(
            s(&n("100000000000000000003/2").round()),
            "50000000000000000002"
        );
    }

    #[test]
    fn floor_ceiling_truncate() {
        let xs = ["-7/2", "7/2", "-0.5", "2.5", "-0.0", "-3"];
        assert_eq!(
            all(Number::floor, &xs),
            ["-4", "3", "-1.0", "2.0", "-0.0", "-3"]
        );
        assert_eq!(
            all(Number::ceiling, &xs),
            ["-3", "4", "-0.0", "3.0", "-0.0", "-3"]
        );
        assert_eq!(
            all(Number::truncate, &xs),
            ["-3", "3", "-0.0", "2.0", "-0.0", "-3"]
        );
        assert_eq!(n("1/2").floor(), Number::Int(0));
    }

    #[test]
    fn numerator_denominator() {
        assert_eq!(s(&n("6/4").numerator().unwrap()), "3");
        assert_eq!(s(&n("-6/4").denominator().unwrap()), "2");
        assert_eq!(s(&n("5").denominator().unwrap()), "1");
        assert_eq!(s(&n("0").denominator().unwrap()), "1");
        assert_eq!(s(&n("0.5").numerator().unwrap()), "1.0");
        assert_eq!(s(&n("-0.75").numerator().unwrap()), "-3.0");
        assert_eq!(s(&n("-0.75").denominator().unwrap()), "4.0");
        assert_eq!(s(&n("0.1").denominator().unwrap()), "3.602879701896397e16");
        assert_eq!(s(&n("-0.0").numerator().unwrap()), "-0.0");
        assert_eq!(s(&n("0.0").denominator().unwrap()), "1.0");
        assert_eq!(s(&n("1e300").numerator().unwrap()), "1e300");
        assert_eq!(s(&n("1e-300").denominator().unwrap()), "+inf.0");
        let err = Err(NumError::new("not a rational number"));
        assert_eq!(n("+inf.0").numerator(), err);
        assert_eq!(n("+nan.0").denominator(), err);
    }
}
