//! The numeric primitives. Fixnum arguments take a fast path; everything else goes through
//! `num::Number`. Errors name the procedure and the offending value.

use crate::num::{NumError, Number};
use crate::prims::{opt, VARIADIC};
use crate::value::Value;
use crate::vm::{Vm, R};
use std::cmp::Ordering;

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("+", 0, VARIADIC, add),
        ("*", 0, VARIADIC, mul),
        ("-", 1, VARIADIC, sub),
        ("/", 1, VARIADIC, div),
        ("=", 1, VARIADIC, num_eq),
        ("<", 1, VARIADIC, lt),
        (">", 1, VARIADIC, gt),
        ("<=", 1, VARIADIC, le),
        (">=", 1, VARIADIC, ge),
        ("max", 1, VARIADIC, max),
        ("min", 1, VARIADIC, min),
        ("gcd", 0, VARIADIC, gcd),
        ("lcm", 0, VARIADIC, lcm),
        ("number?", 1, 1, number_p),
        ("complex?", 1, 1, number_p),
        ("real?", 1, 1, number_p),
        ("rational?", 1, 1, rational_p),
        ("integer?", 1, 1, integer_p),
        ("exact?", 1, 1, exact_p),
        ("inexact?", 1, 1, inexact_p),
        ("exact-integer?", 1, 1, exact_integer_p),
        ("exact-rational?", 1, 1, exact_rational_p),
        ("nan?", 1, 1, nan_p),
        ("infinite?", 1, 1, infinite_p),
        ("finite?", 1, 1, finite_p),
        ("zero?", 1, 1, zero_p),
        ("positive?", 1, 1, positive_p),
        ("negative?", 1, 1, negative_p),
        ("odd?", 1, 1, odd_p),
        ("even?", 1, 1, even_p),
        ("quotient", 2, 2, quotient),
        ("remainder", 2, 2, remainder),
        ("modulo", 2, 2, modulo),
        ("floor-quotient", 2, 2, floor_quotient),
        ("floor-remainder", 2, 2, floor_remainder),
        ("truncate-quotient", 2, 2, truncate_quotient),
        ("truncate-remainder", 2, 2, truncate_remainder),
        ("floor/", 2, 2, floor_div),
        ("truncate/", 2, 2, truncate_div),
        ("abs", 1, 1, abs),
        ("magnitude", 1, 1, abs),
        ("square", 1, 1, square),
        ("exact", 1, 1, exact),
        ("inexact->exact", 1, 1, exact),
        ("inexact", 1, 1, inexact),
        ("exact->inexact", 1, 1, inexact),
        ("floor", 1, 1, floor),
        ("ceiling", 1, 1, ceiling),
        ("round", 1, 1, round),
        ("truncate", 1, 1, truncate),
        ("numerator", 1, 1, numerator),
        ("denominator", 1, 1, denominator),
        ("expt", 2, 2, expt),
        ("sqrt", 1, 1, sqrt),
        ("exact-integer-sqrt", 1, 1, exact_integer_sqrt),
        ("exp", 1, 1, exp),
        ("log", 1, 2, log),
        ("sin", 1, 1, sin),
        ("cos", 1, 1, cos),
        ("tan", 1, 1, tan),
        ("asin", 1, 1, asin),
        ("acos", 1, 1, acos),
        ("atan", 1, 2, atan),
        ("number->string", 1, 2, number_to_string),
        ("string->number", 1, 2, string_to_number),
        ("rationalize", 2, 2, rationalize),
    ]);
}

/// Wraps a `NumError` as a Scheme error naming `who`.
fn lift<T>(vm: &mut Vm, r: Result<T, NumError>, who: &str, irritants: &[Value]) -> R<T> {
    r.map_err(|e| vm.error(&format!("{who}: {}", e.0), irritants))
}

fn nums(vm: &mut Vm, a: &[Value], who: &str) -> R<Vec<Number>> {
    a.iter().map(|&v| vm.num_arg(v, who)).collect()
}

fn add(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if a.iter().all(|v| v.is_fixnum()) {
        let sum: i64 = a.iter().map(|v| v.fixnum_value() as i64).sum();
        return Ok(vm.number(Number::Int(sum)));
    }
    if let [x, y] = *a {
        if let Some(r) = super::with_numbers(x, y, Number::add) {
            return Ok(vm.number(r));
        }
    }
    let ns = nums(vm, a, "+")?;
    let r = ns.iter().fold(Number::Int(0), |acc, n| acc.add(n));
    Ok(vm.number(r))
}

fn mul(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if a.len() == 2 && a[0].is_fixnum() && a[1].is_fixnum() {
        let p = a[0].fixnum_value() as i64 * a[1].fixnum_value() as i64;
        return Ok(vm.number(Number::Int(p)));
    }
    if let [x, y] = *a {
        if let Some(r) = super::with_numbers(x, y, Number::mul) {
            return Ok(vm.number(r));
        }
    }
    let ns = nums(vm, a, "*")?;
    let r = ns.iter().fold(Number::Int(1), |acc, n| acc.mul(n));
    Ok(vm.number(r))
}

fn sub(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if a.iter().all(|v| v.is_fixnum()) {
        let first = a[0].fixnum_value() as i64;
        let r = if a.len() == 1 {
            -first
        } else {
            first - a[1..].iter().map(|v| v.fixnum_value() as i64).sum::<i64>()
        };
        return Ok(vm.number(Number::Int(r)));
    }
    if let [x, y] = *a {
        if let Some(r) = super::with_numbers(x, y, Number::sub) {
            return Ok(vm.number(r));
        }
    }
    let ns = nums(vm, a, "-")?;
    let r = if ns.len() == 1 {
        ns[0].neg()
    } else {
        ns[1..].iter().fold(ns[0].clone(), |acc, n| acc.sub(n))
    };
    Ok(vm.number(r))
}

fn div(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let ns = nums(vm, a, "/")?;
    let mut acc = if ns.len() == 1 {
        Number::Int(1)
    } else {
        ns[0].clone()
    };
    for (i, n) in ns
        .iter()
        .enumerate()
        .skip(if ns.len() == 1 { 0 } else { 1 })
    {
        let r = acc.div(n);
        acc = lift(vm, r, "/", &[a[i]])?;
    }
    Ok(vm.number(acc))
}

/// Chained comparison: `ok` decides each adjacent pair.
fn compare(vm: &mut Vm, a: &[Value], who: &str, ok: fn(Option<Ordering>) -> bool) -> R<Value> {
    if a.iter().all(|v| v.is_fixnum()) {
        let r = a
            .windows(2)
            .all(|w| ok(Some(w[0].fixnum_value().cmp(&w[1].fixnum_value()))));
        return Ok(Value::bool(r));
    }
    if let [x, y] = *a {
        if let Some(o) = super::with_numbers(x, y, crate::num::compare::num_cmp) {
            return Ok(Value::bool(ok(o)));
        }
    }
    let ns = nums(vm, a, who)?;
    Ok(Value::bool(
        ns.windows(2)
            .all(|w| ok(crate::num::compare::num_cmp(&w[0], &w[1]))),
    ))
}

fn num_eq(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    compare(vm, a, "=", |o| o == Some(Ordering::Equal))
}
fn lt(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    compare(vm, a, "<", |o| o == Some(Ordering::Less))
}
fn gt(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    compare(vm, a, ">", |o| o == Some(Ordering::Greater))
}
fn le(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    compare(vm, a, "<=", |o| {
        matches!(o, Some(Ordering::Less | Ordering::Equal))
    })
}
fn ge(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    compare(vm, a, ">=", |o| {
        matches!(o, Some(Ordering::Greater | Ordering::Equal))
    })
}

fn max(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let ns = nums(vm, a, "max")?;
    let r = ns[1..].iter().fold(ns[0].clone(), |acc, n| acc.max(n));
    Ok(vm.number(r))
}
fn min(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let ns = nums(vm, a, "min")?;
    let r = ns[1..].iter().fold(ns[0].clone(), |acc, n| acc.min(n));
    Ok(vm.number(r))
}

fn fold_checked(
    vm: &mut Vm,
    a: &[Value],
    who: &str,
    unit: Number,
    f: fn(&Number, &Number) -> Result<Number, NumError>,
) -> R<Value> {
    let ns = nums(vm, a, who)?;
    let mut acc = unit;
    for (i, n) in ns.iter().enumerate() {
        let r = f(&acc, n);
        acc = lift(vm, r, who, &[a[i]])?;
    }
    Ok(vm.number(acc))
}
fn gcd(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    fold_checked(vm, a, "gcd", Number::Int(0), Number::gcd)
}
fn lcm(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    fold_checked(vm, a, "lcm", Number::Int(1), Number::lcm)
}

/// A one-argument predicate on numbers (a non-number is `#f`).
fn pred(a: &[Value], p: fn(&Number) -> bool) -> R<Value> {
    Ok(Value::bool(super::to_number(a[0]).is_some_and(|n| p(&n))))
}
/// A one-argument predicate that requires a number.
fn num_pred(vm: &mut Vm, a: &[Value], who: &str, p: fn(&Number) -> bool) -> R<Value> {
    let n = vm.num_arg(a[0], who)?;
    Ok(Value::bool(p(&n)))
}

fn number_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(super::is_number(a[0])))
}
fn rational_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    pred(a, Number::is_rational)
}
fn integer_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    pred(a, Number::is_integer)
}
fn exact_integer_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    pred(a, Number::is_exact_integer)
}
fn exact_rational_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    pred(a, Number::is_exact_rational)
}
fn exact_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    num_pred(vm, a, "exact?", Number::is_exact)
}
fn inexact_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    num_pred(vm, a, "inexact?", Number::is_inexact)
}
fn nan_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    num_pred(vm, a, "nan?", Number::is_nan)
}
fn infinite_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    num_pred(vm, a, "infinite?", Number::is_infinite)
}
fn finite_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    num_pred(vm, a, "finite?", Number::is_finite)
}
fn zero_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if a[0].is_fixnum() {
        return Ok(Value::bool(a[0].fixnum_value() == 0));
    }
    num_pred(vm, a, "zero?", Number::is_zero)
}
fn positive_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    num_pred(vm, a, "positive?", Number::is_positive)
}
fn negative_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    num_pred(vm, a, "negative?", Number::is_negative)
}
fn parity(vm: &mut Vm, a: &[Value], who: &str, odd: bool) -> R<Value> {
    let n = vm.num_arg(a[0], who)?;
    let r = n.is_odd();
    let is_odd = lift(vm, r, who, &[a[0]])?;
    Ok(Value::bool(is_odd == odd))
}
fn odd_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    parity(vm, a, "odd?", true)
}
fn even_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    parity(vm, a, "even?", false)
}

/// A two-argument operation that may fail.
fn binary(
    vm: &mut Vm,
    a: &[Value],
    who: &str,
    f: fn(&Number, &Number) -> Result<Number, NumError>,
) -> R<Value> {
    let r = match super::with_numbers(a[0], a[1], f) {
        Some(r) => r,
        None => {
            // Not two numbers: the same checks and errors as every other primitive.
            let (x, y) = (vm.num_arg(a[0], who)?, vm.num_arg(a[1], who)?);
            f(&x, &y)
        }
    };
    let n = lift(vm, r, who, &[a[0], a[1]])?;
    Ok(vm.number(n))
}
fn quotient(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    binary(vm, a, "quotient", Number::quotient)
}
fn remainder(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    binary(vm, a, "remainder", Number::remainder)
}
fn modulo(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    binary(vm, a, "modulo", Number::modulo)
}
fn floor_quotient(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    binary(vm, a, "floor-quotient", Number::floor_quotient)
}
fn floor_remainder(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    binary(vm, a, "floor-remainder", Number::floor_remainder)
}
fn truncate_quotient(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    binary(vm, a, "truncate-quotient", Number::truncate_quotient)
}
fn truncate_remainder(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    binary(vm, a, "truncate-remainder", Number::truncate_remainder)
}
fn expt(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    binary(vm, a, "expt", Number::expt)
}
fn two_values(vm: &mut Vm, q: Number, r: Number) -> Value {
    let q = vm.number(q);
    let m = vm.protect(q);
    let r = vm.number(r);
    let v = vm.values(&[q, r]);
    vm.unprotect(m);
    v
}
/// A numeric operation with two results (`floor/`, `truncate/`, `exact-integer-sqrt`'s kin).
type PairOp = fn(&Number, &Number) -> Result<(Number, Number), NumError>;

fn pair_op(vm: &mut Vm, a: &[Value], who: &str, f: PairOp) -> R<Value> {
    let (x, y) = (vm.num_arg(a[0], who)?, vm.num_arg(a[1], who)?);
    let r = f(&x, &y);
    let (q, r) = lift(vm, r, who, &[a[0], a[1]])?;
    Ok(two_values(vm, q, r))
}
fn floor_div(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    pair_op(vm, a, "floor/", Number::floor_div)
}
fn truncate_div(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    pair_op(vm, a, "truncate/", Number::truncate_div)
}

/// A one-argument operation that cannot fail.
fn unary(vm: &mut Vm, a: &[Value], who: &str, f: fn(&Number) -> Number) -> R<Value> {
    let n = vm.num_arg(a[0], who)?;
    Ok(vm.number(f(&n)))
}
/// A one-argument operation that may fail.
fn unary_checked(
    vm: &mut Vm,
    a: &[Value],
    who: &str,
    f: fn(&Number) -> Result<Number, NumError>,
) -> R<Value> {
    let n = vm.num_arg(a[0], who)?;
    let r = f(&n);
    let n = lift(vm, r, who, &[a[0]])?;
    Ok(vm.number(n))
}
fn abs(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "abs", Number::abs)
}
fn square(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "square", Number::square)
}
fn exact(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary_checked(vm, a, "exact", Number::exact)
}
fn inexact(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "inexact", Number::inexact)
}
fn floor(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "floor", Number::floor)
}
fn ceiling(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "ceiling", Number::ceiling)
}
fn round(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "round", Number::round)
}
fn truncate(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "truncate", Number::truncate)
}
fn numerator(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary_checked(vm, a, "numerator", Number::numerator)
}
fn denominator(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary_checked(vm, a, "denominator", Number::denominator)
}
fn sqrt(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "sqrt", Number::sqrt)
}
fn exact_integer_sqrt(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let n = vm.num_arg(a[0], "exact-integer-sqrt")?;
    let r = n.exact_integer_sqrt();
    let (s, r) = lift(vm, r, "exact-integer-sqrt", &[a[0]])?;
    Ok(two_values(vm, s, r))
}
fn exp(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "exp", Number::exp)
}
fn log(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if a.len() == 2 {
        return binary(vm, a, "log", Number::log_base);
    }
    unary(vm, a, "log", Number::log)
}
fn sin(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "sin", Number::sin)
}
fn cos(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "cos", Number::cos)
}
fn tan(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "tan", Number::tan)
}
fn asin(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "asin", Number::asin)
}
fn acos(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    unary(vm, a, "acos", Number::acos)
}
fn atan(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if a.len() == 2 {
        return binary(vm, a, "atan", Number::atan2);
    }
    unary(vm, a, "atan", Number::atan)
}

fn radix_arg(vm: &mut Vm, a: &[Value], who: &str) -> R<u32> {
    let r = opt(a, 1, Value::fixnum(10));
    let ok = r.is_fixnum() && (2..=36).contains(&r.fixnum_value());
    vm.check(ok, who, "a radix between 2 and 36", r)?;
    Ok(r.fixnum_value() as u32)
}
fn number_to_string(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let n = vm.num_arg(a[0], "number->string")?;
    let radix = radix_arg(vm, a, "number->string")?;
    // Lower-case digits, as most Schemes print them (R7RS leaves the case open). The text is
    // ASCII: lowered in place, not copied (it can be millions of digits).
    let mut text = n.to_string_radix(radix);
    text.make_ascii_lowercase();
    Ok(vm.string(&text))
}
fn string_to_number(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(
        crate::obj::is(a[0], crate::heap::object::tag::STRING),
        "string->number",
        "a string",
        a[0],
    )?;
    let radix = radix_arg(vm, a, "string->number")?;
    let text = crate::obj::string(a[0]).as_str().to_string();
    match crate::num::parse::parse_number(&text, radix) {
        Some(n) => Ok(vm.number(n)),
        None => Ok(Value::FALSE),
    }
}

/// `(rationalize x y)`: the simplest rational within `y` of `x` (inexact if either is).
fn rationalize(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let (x, y) = (
        vm.num_arg(a[0], "rationalize")?,
        vm.num_arg(a[1], "rationalize")?,
    );
    if x.is_nan() || y.is_nan() {
        return Ok(vm.number(Number::Flo(f64::NAN)));
    }
    if y.is_infinite() {
        let r = if x.is_infinite() { f64::NAN } else { 0.0 };
        return Ok(vm.number(Number::Flo(r)));
    }
    let exact = x.is_exact() && y.is_exact();
    let (Some(xr), Some(yr)) = (
        x.exact().ok().and_then(|n| n.to_rational()),
        y.exact().ok().and_then(|n| n.to_rational()),
    ) else {
        return Ok(vm.number(x));
    };
    let yr = if yr < num_rational::BigRational::from_integer(0.into()) {
        -yr
    } else {
        yr
    };
    let r = Number::from_rational(simplest(&(&xr - &yr), &(&xr + &yr)));
    Ok(vm.number(if exact { r } else { r.inexact() }))
}

/// The simplest rational in `[lo, hi]` (Stern–Brocot descent).
fn simplest(
    lo: &num_rational::BigRational,
    hi: &num_rational::BigRational,
) -> num_rational::BigRational {
    use num_rational::BigRational;
    use num_traits::{One, Zero};
    let zero = BigRational::zero();
    if *hi < zero {
        return -simplest(&-hi, &-lo);
    }
    if *lo <= zero {
        return zero;
    }
    let fl = lo.floor();
    if fl == *lo {
        return fl;
    }
    if fl < hi.floor() {
        return fl + BigRational::one();
    }
    let inner = simplest(
        &(BigRational::one() / (hi - &fl)),
        &(BigRational::one() / (lo - &fl)),
    );
    fl + BigRational::one() / inner
}
