//! The numeric tower, in plain Rust: exact integers of any size, exact rationals and flonums.
//!
//! The interpreter keeps fixnums (31-bit) unboxed and handles them on a fast path; everything else
//! goes through `Number`. This module knows nothing of the GC heap.
//!
//! Errors are `NumError` with a short message ("division by zero", "not an integer", ...); the
//! caller prefixes the procedure name and adds the irritants.
//!
//! # API (all methods on `Number` unless marked as a free function)
//! * construction (this file): `from_i64`, `from_bigint`, `from_rational`, `from_f64`, the `From`
//!   impls, `to_bigint`, `to_rational`.
//! * `convert.rs`: `to_f64`, `exact`, `inexact`, `exact_integer_to_i64`.
//! * `arith.rs`: `add`, `sub`, `mul`, `div`, `neg`, `abs`, `square`, `min`, `max`.
//! * `divide.rs`: `quotient`, `remainder`, `modulo`, `floor_div`, `truncate_div`,
//!   `floor_quotient`, `floor_remainder`, `truncate_quotient`, `truncate_remainder`, `gcd`, `lcm`.
//! * `compare.rs`: free functions `num_cmp`, `num_eq` (also re-exported here).
//! * `predicates.rs`: `is_integer`, `is_rational`, `is_real`, `is_exact`, `is_inexact`,
//!   `is_exact_integer`, `is_exact_rational`, `is_nan`, `is_infinite`, `is_finite`, `is_zero`,
//!   `is_positive`, `is_negative`, `is_odd`, `is_even`.
//! * `rounding.rs`: `floor`, `ceiling`, `round`, `truncate`, `numerator`, `denominator`.
//! * `power.rs`: `expt`, `sqrt`, `exact_integer_sqrt` (big roots by `isqrt.rs`).
//! * `transcendental.rs`: `exp`, `log`, `log_base`, `sin`, `cos`, `tan`, `asin`, `acos`, `atan`,
//!   `atan2`.
//! * `parse.rs`: free function `parse_number(text, default_radix)` (also re-exported here).
//! * `print.rs`: `to_string_radix(radix)` and `Display`, byte-compatible with Chez Scheme 9.5.
//! * `radix.rs`: big integers to and from digits in sub-quadratic time (divide and conquer).
//!
//! Where R7RS leaves a choice, results follow Chez Scheme (e.g. `(* 0 1.5)` is exact 0,
//! `(exp 0)` is exact 1), except where the Kiln spec says otherwise: there are no complex numbers,
//! so `(sqrt -4)` and `(log -1)` are `+nan.0`, and `(log 0)` is `-inf.0`.

mod arith;
pub mod compare;
mod convert;
mod divide;
mod flodigits;
mod isqrt;
mod ntt;
pub mod parse;
mod power;
mod predicates;
mod print;
mod radix;
mod reciprocal;
mod rounding;
mod transcendental;

pub use compare::{num_cmp, num_eq};
pub use parse::parse_number;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive};

/// A Scheme number. Invariants (kept by every constructor in this module):
/// `Big` only outside the `i64` range, `Rat` only with a denominator > 1.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Big(BigInt),
    Rat(BigRational),
    Flo(f64),
}

/// A numeric error: a short message such as "division by zero" or "not an integer".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumError(pub String);

impl NumError {
    /// Builds an error from a static message.
    pub(crate) fn new(msg: &str) -> NumError {
        NumError(msg.to_string())
    }
}

/// Result type of the fallible numeric operations.
pub type NumResult<T> = Result<T, NumError>;

impl Number {
    /// An exact integer.
    pub fn from_i64(i: i64) -> Number {
        Number::Int(i)
    }

    /// An exact integer; demoted to `Int` when it fits in an `i64`.
    pub fn from_bigint(b: BigInt) -> Number {
        match b.to_i64() {
            Some(i) => Number::Int(i),
            None => Number::Big(b),
        }
    }

    /// An exact rational, which must be in lowest terms with a positive denominator (every
    /// `BigRational` operation returns such values); demoted to an integer when the denominator
    /// is 1.
    pub fn from_rational(r: BigRational) -> Number {
        if r.denom().is_one() {
            Number::from_bigint(r.to_integer())
        } else {
            Number::Rat(r)
        }
    }

    /// A flonum.
    pub fn from_f64(f: f64) -> Number {
        Number::Flo(f)
    }

    /// The value as a `BigInt` if it is an exact integer.
    pub fn to_bigint(&self) -> Option<BigInt> {
        match self {
            Number::Int(i) => Some(BigInt::from(*i)),
            Number::Big(b) => Some(b.clone()),
            _ => None,
        }
    }

    /// The value as a `BigRational` if it is exact.
    pub fn to_rational(&self) -> Option<BigRational> {
        match self {
            Number::Int(i) => Some(BigRational::from_integer(BigInt::from(*i))),
            Number::Big(b) => Some(BigRational::from_integer(b.clone())),
            Number::Rat(r) => Some(r.clone()),
            Number::Flo(_) => None,
        }
    }
}

impl From<i64> for Number {
    fn from(i: i64) -> Number {
        Number::Int(i)
    }
}

impl From<f64> for Number {
    fn from(f: f64) -> Number {
        Number::Flo(f)
    }
}

impl From<BigInt> for Number {
    fn from(b: BigInt) -> Number {
        Number::from_bigint(b)
    }
}

impl From<BigRational> for Number {
    fn from(r: BigRational) -> Number {
        Number::from_rational(r)
    }
}

/// Helpers shared by the tests of the sibling files.
#[cfg(test)]
pub(crate) mod testutil {
    use super::*;

    /// Parses a Scheme literal, panicking if it is not a number.
    pub fn n(s: &str) -> Number {
        parse_number(s, 10).unwrap_or_else(|| panic!("not a number: {s}"))
    }

    /// Prints a number the way Scheme's `display` does.
    pub fn s(x: &Number) -> String {
        x.to_string()
    }

    /// A number of about `bits` bits from a simple generator (xorshift from `seed`).
    pub fn number(bits: u64, seed: u64) -> num_bigint::BigUint {
        let mut s = seed | 1;
        let words: Vec<u32> = (0..bits.div_ceil(32))
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 16) as u32
            })
            .collect();
        num_bigint::BigUint::new(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::Num;

    #[test]
    fn bigint_demotes_at_the_i64_boundaries() {
        assert_eq!(
            Number::from_bigint(BigInt::from(i64::MAX)),
            Number::Int(i64::MAX)
        );
        assert_eq!(
            Number::from_bigint(BigInt::from(i64::MIN)),
            Number::Int(i64::MIN)
        );
        let above = BigInt::from(i64::MAX) + 1u8;
        assert_eq!(Number::from_bigint(above.clone()), Number::Big(above));
        let below = BigInt::from(i64::MIN) - 1u8;
        assert_eq!(Number::from_bigint(below.clone()), Number::Big(below));
    }

    #[test]
    fn rational_demotes_when_denominator_is_one() {
        let r = BigRational::new(BigInt::from(6), BigInt::from(3));
        assert_eq!(Number::from_rational(r), Number::Int(2));
        let big = BigInt::from_str_radix("100000000000000000000000", 10).unwrap();
        let r = BigRational::new(big.clone() * 2, BigInt::from(2));
        assert_eq!(Number::from_rational(r), Number::Big(big));
        let r = BigRational::new(BigInt::from(-6), BigInt::from(4));
        assert_eq!(Number::from_rational(r.clone()), Number::Rat(r));
    }

    #[test]
    fn exact_views() {
        assert_eq!(Number::Int(5).to_bigint(), Some(BigInt::from(5)));
        assert_eq!(Number::Flo(5.0).to_bigint(), None);
        assert_eq!(Number::Flo(5.0).to_rational(), None);
        let half = BigRational::new(BigInt::from(1), BigInt::from(2));
        assert_eq!(Number::Rat(half.clone()).to_rational(), Some(half.clone()));
        assert_eq!(Number::Rat(half).to_bigint(), None);
    }
}
