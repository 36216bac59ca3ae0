//! Numeric comparison. Mixed exact/inexact comparisons are exact (the flonum is converted to the
//! rational it denotes), so they are transitive, unlike comparing after rounding to a double.

use super::arith::{lift, Pair};
use super::convert::f64_to_rational;
use super::Number;
use std::cmp::Ordering;

/// Compares two numbers exactly; `None` when either is NaN.
pub fn num_cmp(a: &Number, b: &Number) -> Option<Ordering> {
    use Number::*;
    match (a, b) {
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Flo(x), Flo(y)) => x.partial_cmp(y),
        (Flo(x), e) => cmp_exact_flo(e, *x).map(Ordering::reverse),
        (e, Flo(y)) => cmp_exact_flo(e, *y),
        _ => Some(cmp_exact(a, b)),
    }
}

/// Numeric equality `=`: exact, so `(= 1/2 0.5)` holds but `(= (+ (expt 2 60) 1) (expt 2. 60))`
/// does not. NaN equals nothing.
pub fn num_eq(a: &Number, b: &Number) -> bool {
    num_cmp(a, b) == Some(Ordering::Equal)
}

/// Compares two exact numbers.
fn cmp_exact(a: &Number, b: &Number) -> Ordering {
    match lift(a, b) {
        Pair::Int(x, y) => x.cmp(&y),
        Pair::Big(x, y) => x.cmp(&y),
        Pair::Rat(x, y) => x.cmp(&y),
        Pair::Flo(..) => unreachable!("cmp_exact called with a flonum"),
    }
}

/// Compares an exact number with a flonum.
fn cmp_exact_flo(e: &Number, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    if let Number::Int(i) = e {
        return Some(cmp_i64_f64(*i, f));
    }
    let exact = Number::from_rational(f64_to_rational(f).expect("finite"));
    Some(cmp_exact(e, &exact))
}

/// Compares an `i64` with a finite flonum without any rounding.
fn cmp_i64_f64(i: i64, f: f64) -> Ordering {
    const TWO_63: f64 = 9223372036854775808.0;
    if f >= TWO_63 {
        return Ordering::Less;
    }
    if f < -TWO_63 {
        return Ordering::Greater;
    }
    // |t| < 2^63, so the cast is exact; the fraction breaks ties.
    let t = f.trunc();
    match i.cmp(&(t as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)).expect("finite"),
        o => o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::testutil::n;
    use Ordering::*;

    fn cmp(a: &str, b: &str) -> Option<Ordering> {
        num_cmp(&n(a), &n(b))
    }

    #[test]
    fn exact_comparisons() {
        assert_eq!(cmp("1", "2"), Some(Less));
        assert_eq!(cmp("1/3", "1/3"), Some(Equal));
        assert_eq!(cmp("1/3", "1/2"), Some(Less));
        assert_eq!(cmp("-1/3", "-1"), Some(Greater));
        assert_eq!(
            cmp("9223372036854775808", "9223372036854775807"),
            Some(Greater)
        );
        assert_eq!(
            cmp("-9223372036854775809", "-9223372036854775808"),
            Some(Less)
        );
        assert_eq!(
            cmp("100000000000000000001/100", "100000000000000000000"),
            Some(Less)
        );
    }

    #[test]
    fn mixed_comparisons_are_exact() {
        assert!(num_eq(&n("1/2"), &n("0.5")));
        assert!(num_eq(&n("1"), &n("1.0")));
        assert!(num_eq(&n("0"), &n("-0.0")));
        // 2^60 + 1 is not 2^60 even though it rounds to it.
        assert_eq!(
            cmp("1152921504606846977", "1152921504606846976.0"),
            Some(Greater)
        );
        assert_eq!(
            cmp("1152921504606846976", "1152921504606846976.0"),
            Some(Equal)
        );
        assert_eq!(
            cmp("9223372036854775807", "9223372036854775808.0"),
            Some(Less)
        );
        assert_eq!(
            cmp("-9223372036854775808", "-9223372036854775808.0"),
            Some(Equal)
        );
        assert_eq!(
            cmp("9223372036854775809", "9223372036854775808.0"),
            Some(Greater)
        );
        assert_eq!(cmp("1/10", "0.1"), Some(Less));
        assert_eq!(cmp("0.1", "1/10"), Some(Greater));
        assert_eq!(cmp("3", "2.5"), Some(Greater));
        assert_eq!(cmp("-3", "-2.5"), Some(Less));
        assert_eq!(cmp("-2", "-2.5"), Some(Greater));
        assert_eq!(cmp("1e300", "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160"), Some(Equal));
    }

    #[test]
    fn infinities_and_nan() {
        assert_eq!(cmp("100000000000000000000000000000", "+inf.0"), Some(Less));
        assert_eq!(cmp("-inf.0", "-1/2"), Some(Less));
        assert_eq!(cmp("1", "+nan.0"), None);
        assert_eq!(cmp("+nan.0", "+nan.0"), None);
        assert_eq!(cmp("+nan.0", "1/2"), None);
        assert!(!num_eq(&n("+nan.0"), &n("+nan.0")));
        assert_eq!(cmp("+inf.0", "+inf.0"), Some(Equal));
    }
}
