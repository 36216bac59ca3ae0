//! The integer division family (`quotient`, `floor/`, `truncate/`, ...), `gcd` and `lcm`.
//!
//! Operands must be integers, exact or integral flonums; if either is inexact so is the result.
//! Inexact operands are computed exactly (via their integer values) and the result rounded once,
//! so huge flonums such as 1e300 divide correctly.

use super::{NumError, NumResult, Number};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};

/// Which rounding of the quotient a division uses.
#[derive(Clone, Copy, PartialEq)]
enum Rounding {
    Floor,
    Truncate,
}

impl Number {
    /// `quotient` (same as `truncate-quotient`).
    pub fn quotient(&self, other: &Number) -> NumResult<Number> {
        self.truncate_quotient(other)
    }

    /// `remainder` (same as `truncate-remainder`): the sign follows the dividend.
    pub fn remainder(&self, other: &Number) -> NumResult<Number> {
        self.truncate_remainder(other)
    }

    /// `modulo` (same as `floor-remainder`): the sign follows the divisor.
    pub fn modulo(&self, other: &Number) -> NumResult<Number> {
        self.floor_remainder(other)
    }

    /// `floor/`: quotient rounded toward negative infinity, and the matching remainder.
    pub fn floor_div(&self, other: &Number) -> NumResult<(Number, Number)> {
        integer_divide(self, other, Rounding::Floor)
    }

    /// `truncate/`: quotient rounded toward zero, and the matching remainder.
    pub fn truncate_div(&self, other: &Number) -> NumResult<(Number, Number)> {
        integer_divide(self, other, Rounding::Truncate)
    }

    /// `floor-quotient`.
    pub fn floor_quotient(&self, other: &Number) -> NumResult<Number> {
        Ok(self.floor_div(other)?.0)
    }

    /// `floor-remainder`.
    pub fn floor_remainder(&self, other: &Number) -> NumResult<Number> {
        Ok(self.floor_div(other)?.1)
    }

    /// `truncate-quotient`.
    pub fn truncate_quotient(&self, other: &Number) -> NumResult<Number> {
        Ok(self.truncate_div(other)?.0)
    }

    /// `truncate-remainder`.
    pub fn truncate_remainder(&self, other: &Number) -> NumResult<Number> {
        Ok(self.truncate_div(other)?.1)
    }

    /// `gcd` of two integers: non-negative, `(gcd 0 0)` is 0.
    pub fn gcd(&self, other: &Number) -> NumResult<Number> {
        let (a, b, inexact) = integer_operands(self, other)?;
        let g = match (a, b) {
            (Number::Int(x), Number::Int(y)) => {
                Number::from_bigint(BigInt::from(x.unsigned_abs().gcd(&y.unsigned_abs())))
            }
            (x, y) => Number::from_bigint(to_big(&x).gcd(&to_big(&y))),
        };
        Ok(inexact_if(g, inexact))
    }

    /// `lcm` of two integers: non-negative, 0 if either is 0.
    pub fn lcm(&self, other: &Number) -> NumResult<Number> {
        let (a, b, inexact) = integer_operands(self, other)?;
        let l = Number::from_bigint(to_big(&a).lcm(&to_big(&b)));
        Ok(inexact_if(l, inexact))
    }
}

/// Both operands as exact integers, and whether either was inexact.
fn integer_operands(a: &Number, b: &Number) -> NumResult<(Number, Number, bool)> {
    Ok((
        exact_integer(a)?,
        exact_integer(b)?,
        a.is_inexact() || b.is_inexact(),
    ))
}

/// An integer operand as an exact integer; an error for anything else.
fn exact_integer(x: &Number) -> NumResult<Number> {
    match x {
        Number::Int(_) | Number::Big(_) => Ok(x.clone()),
        Number::Flo(_) if x.is_integer() => x.exact(),
        _ => Err(NumError::new("not an integer")),
    }
}

/// An exact integer as a `BigInt`.
fn to_big(x: &Number) -> BigInt {
    x.to_bigint().expect("exact integer")
}

/// Converts to a flonum when `inexact`.
fn inexact_if(x: Number, inexact: bool) -> Number {
    if inexact {
        x.inexact()
    } else {
        x
    }
}

/// The shared body of `floor/` and `truncate/`.
fn integer_divide(a: &Number, b: &Number, mode: Rounding) -> NumResult<(Number, Number)> {
    let (x, y, inexact) = integer_operands(a, b)?;
    if y.is_exact_zero() {
        return Err(NumError::new("division by zero"));
    }
    let (q, r) = match (&x, &y) {
        // x / -1 is the only i64 division that overflows (i64::MIN / -1).
        (_, Number::Int(-1)) => (x.neg(), Number::Int(0)),
        (Number::Int(x), Number::Int(y)) => match mode {
            Rounding::Floor => (Number::Int(x.div_floor(y)), Number::Int(x.mod_floor(y))),
            Rounding::Truncate => (Number::Int(x / y), Number::Int(x % y)),
        },
        _ => {
            let (x, y) = (to_big(&x), to_big(&y));
            let (q, r) = big_divide(&x, &y, mode);
            (Number::from_bigint(q), Number::from_bigint(r))
        }
    };
    if !inexact {
        return Ok((q, r));
    }
    // A zero quotient of operands with opposite signs is -0.0, as flonum division gives in Chez.
    let q = if q.is_zero() && a.is_negative() != b.is_negative() {
        Number::Flo(-0.0)
    } else {
        q.inexact()
    };
    Ok((q, r.inexact()))
}

/// `x / y` rounded by `mode`, and the remainder, on magnitudes divided by `reciprocal.rs`
/// (sub-quadratic on the transform product) with the signs put back.
fn big_divide(x: &BigInt, y: &BigInt, mode: Rounding) -> (BigInt, BigInt) {
    let (q, r) = super::reciprocal::div_rem(x.magnitude(), y.magnitude());
    let (q, r) = (BigInt::from(q), BigInt::from(r));
    let q = if x.is_negative() != y.is_negative() {
        -q
    } else {
        q
    };
    let r = if x.is_negative() { -r } else { r };
    // Truncation rounds toward zero; floor moves a negative inexact quotient one down.
    if mode == Rounding::Floor && !r.is_zero() && x.is_negative() != y.is_negative() {
        (q - 1, r + y)
    } else {
        (q, r)
    }
}

#[cfg(test)]
mod tests {
    use crate::num::testutil::{n, number, s};
    use crate::num::{NumError, Number};

    #[test]
    fn long_divisions_of_every_sign_agree_with_num_bigint() {
        use num_bigint::BigInt;
        use num_integer::Integer;
        let a = BigInt::from(number(400_000, 1));
        let b = BigInt::from(number(120_000, 2));
        for (x, y) in [(&a, &b), (&-&a, &b), (&a, &-&b), (&-&a, &-&b)] {
            let (x, y) = (
                Number::from_bigint(x.clone()),
                Number::from_bigint(y.clone()),
            );
            let (bx, by) = (x.to_bigint().unwrap(), y.to_bigint().unwrap());
            let (q, r) = x.truncate_div(&y).unwrap();
            assert_eq!(
                (q.to_bigint().unwrap(), r.to_bigint().unwrap()),
                bx.div_rem(&by)
            );
            let (q, r) = x.floor_div(&y).unwrap();
            assert_eq!(
                (q.to_bigint().unwrap(), r.to_bigint().unwrap()),
                bx.div_mod_floor(&by)
            );
        }
        // A remainder of zero keeps the floor quotient where truncation puts it.
        let m = Number::from_bigint(-(&a * &b));
        let (q, r) = m.floor_div(&Number::from_bigint(b.clone())).unwrap();
        assert_eq!((q.to_bigint().unwrap(), r), (-a.clone(), Number::Int(0)));
    }

    fn pair(p: (Number, Number)) -> String {
        format!("{} {}", s(&p.0), s(&p.1))
    }

    #[test]
    fn floor_and_truncate_signs() {
        let cases = [("7", "2"), ("-7", "2"), ("7", "-2"), ("-7", "-2")];
        let floor: Vec<String> = cases
            .iter()
            .map(|(a, b)| pair(n(a).floor_div(&n(b)).unwrap()))
            .collect();
        assert_eq!(floor, ["3 1", "-4 1", "-4 -1", "3 -1"]);
        let trunc: Vec<String> = cases
            .iter()
            .map(|(a, b)| pair(n(a).truncate_div(&n(b)).unwrap()))
            .collect();
        assert_eq!(trunc, ["3 1", "-3 -1", "-3 1", "3 -1"]);
    }

    #[test]
    fn named_variants() {
        assert_eq!(s(&n("-7").quotient(&n("2")).unwrap()), "-3");
        assert_eq!(s(&n("-7").remainder(&n("2")).unwrap()), "-1");
        assert_eq!(s(&n("-7").modulo(&n("2")).unwrap()), "1");
        assert_eq!(s(&n("7").floor_quotient(&n("-2")).unwrap()), "-4");
        assert_eq!(s(&n("7").floor_remainder(&n("-2")).unwrap()), "-1");
        assert_eq!(s(&n("7").truncate_quotient(&n("-2")).unwrap()), "-3");
        assert_eq!(s(&n("7").truncate_remainder(&n("-2")).unwrap()), "1");
    }

    #[test]
    fn inexact_operands() {
        assert_eq!(s(&n("7.0").quotient(&n("2")).unwrap()), "3.0");
        assert_eq!(s(&n("-7").modulo(&n("2.0")).unwrap()), "1.0");
        assert_eq!(s(&n("-4.0").remainder(&n("2")).unwrap()), "0.0");
        assert_eq!(s(&n("-1.0").quotient(&n("2")).unwrap()), "-0.0");
        assert_eq!(s(&n("1e300").modulo(&n("7")).unwrap()), "1.0");
        let err = Err(NumError::new("not an integer"));
        assert_eq!(n("7.5").quotient(&n("2")), err);
        assert_eq!(n("7").modulo(&n("1/2")), err);
        assert_eq!(n("+inf.0").remainder(&n("2")), err);
    }

    #[test]
    fn division_by_zero() {
        let err = Err(NumError::new("division by zero"));
        assert_eq!(n("7").remainder(&n("0")), err);
        assert_eq!(n("7").modulo(&n("0.0")), err);
        assert!(n("100000000000000000000").floor_div(&n("0")).is_err());
    }

    #[test]
    fn bignum_boundaries() {
        let min = "-9223372036854775808";
        assert_eq!(
            s(&n(min).quotient(&n("-1")).unwrap()),
            "9223372036854775808"
        );
        assert_eq!(s(&n(min).modulo(&n("-1")).unwrap()), "0");
        assert_eq!(
            pair(n(min).floor_div(&n("-2")).unwrap()),
            "4611686018427387904 0"
        );
        let big = "100000000000000000000";
        assert_eq!(
            pair(n(big).floor_div(&n("-3")).unwrap()),
            "-33333333333333333334 -2"
        );
        assert_eq!(
            pair(n(big).truncate_div(&n("-3")).unwrap()),
            "-33333333333333333333 1"
        );
        assert_eq!(
            n(big).quotient(&n("10000000000")).unwrap(),
            Number::Int(10000000000)
        );
        assert_eq!(s(&n("5").quotient(&n(big)).unwrap()), "0");
    }

    #[test]
    fn gcd_lcm() {
        assert_eq!(s(&n("-12").gcd(&n("18")).unwrap()), "6");
        assert_eq!(s(&n("0").gcd(&n("0")).unwrap()), "0");
        assert_eq!(s(&n("0").gcd(&n("5.0")).unwrap()), "5.0");
        assert_eq!(s(&n("4.0").gcd(&n("6")).unwrap()), "2.0");
        assert_eq!(
            s(&n("-9223372036854775808").gcd(&n("0")).unwrap()),
            "9223372036854775808"
        );
        assert_eq!(s(&n("-4").lcm(&n("6")).unwrap()), "12");
        assert_eq!(s(&n("4").lcm(&n("6.0")).unwrap()), "12.0");
        assert_eq!(s(&n("0").lcm(&n("5")).unwrap()), "0");
        assert_eq!(
            s(&n("4294967296").lcm(&n("4294967295")).unwrap()),
            "18446744069414584320"
        );
        assert_eq!(n("1/2").gcd(&n("2")), Err(NumError::new("not an integer")));
    }
}
