//! `(scheme complex)` over Kiln's real-only tower: every number is a real, so its real part is
//! itself, its imaginary part exact 0, its magnitude its absolute value and its angle 0 or π.
//! `make-rectangular` and `make-polar` make only reals (a zero imaginary part or angle); anything
//! else would be a non-real complex number, which Kiln does not have: an error naming it.

use crate::num::Number;
use crate::value::Value;
use crate::vm::{Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("real-part", 1, 1, real_part),
        ("imag-part", 1, 1, imag_part),
        ("magnitude", 1, 1, magnitude),
        ("angle", 1, 1, angle),
        ("make-rectangular", 2, 2, make_rectangular),
        ("make-polar", 2, 2, make_polar),
    ]);
}

fn real_part(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.num_arg(a[0], "real-part")?;
    Ok(a[0])
}

fn imag_part(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.num_arg(a[0], "imag-part")?;
    Ok(Value::fixnum(0))
}

fn magnitude(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let n = vm.num_arg(a[0], "magnitude")?;
    Ok(vm.number(n.abs()))
}

/// π for a negative number, else 0 (inexact for an inexact argument; a NaN's angle is NaN).
fn angle(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let n = vm.num_arg(a[0], "angle")?;
    let angle = if n.is_nan() {
        n
    } else if n.is_negative() {
        Number::from_f64(std::f64::consts::PI)
    } else if n.is_exact() {
        Number::from_i64(0)
    } else {
        Number::from_f64(0.0)
    };
    Ok(vm.number(angle))
}

/// `x + yi`: `x` when `y` is zero.
fn make_rectangular(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    real_unless(vm, a, "make-rectangular", "imaginary part")
}

/// `m·e^(ia)`: `m` when the angle `a` is zero.
fn make_polar(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    real_unless(vm, a, "make-polar", "angle")
}

/// `a[0]` if `a[1]` is zero, else the error that the result would not be real.
fn real_unless(vm: &mut Vm, a: &[Value], who: &str, what: &str) -> R<Value> {
    vm.num_arg(a[0], who)?;
    if vm.num_arg(a[1], who)?.is_zero() {
        return Ok(a[0]);
    }
    let msg = format!("{who}: Kiln has no non-real complex numbers (the {what} must be 0)");
    Err(vm.error(&msg, &[a[1]]))
}
