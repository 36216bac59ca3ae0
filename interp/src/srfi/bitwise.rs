//! The bitwise core of SRFI 151 (and SRFI 143's `fx` operations): two's-complement operations on
//! exact integers of any size. The rest of SRFI 151 is Scheme (`151.sld`) over these.

use crate::num::Number;
use crate::value::Value;
use crate::vm::{Vm, R};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

pub fn install(vm: &mut Vm) {
    let prims: &[(&'static str, &'static str, u32, u32, crate::prims::PrimFn)] = &[
        ("%bitwise-not", "bitwise-not", 1, 1, not),
        (
            "%bitwise-and",
            "bitwise-and",
            0,
            crate::prims::VARIADIC,
            and,
        ),
        (
            "%bitwise-ior",
            "bitwise-ior",
            0,
            crate::prims::VARIADIC,
            ior,
        ),
        (
            "%bitwise-xor",
            "bitwise-xor",
            0,
            crate::prims::VARIADIC,
            xor,
        ),
        ("%arithmetic-shift", "arithmetic-shift", 2, 2, shift),
        ("%bit-count", "bit-count", 1, 1, bit_count),
        ("%integer-length", "integer-length", 1, 1, integer_length),
    ];
    for &(global, name, min, max, f) in prims {
        let index = vm.register_prim(name, min, max, f);
        let p = vm.prim_object(index, Value::FALSE);
        vm.define_global(global, p);
    }
}

/// An exact integer argument as a `BigInt`.
fn integer(vm: &mut Vm, v: Value, who: &str) -> R<BigInt> {
    if v.is_fixnum() {
        return Ok(BigInt::from(v.fixnum_value()));
    }
    match crate::numeric::to_number(v) {
        Some(Number::Int(i)) => Ok(BigInt::from(i)),
        Some(Number::Big(b)) => Ok(b),
        _ => Err(vm.error(&format!("{who}: expected an exact integer"), &[v])),
    }
}

fn result(vm: &mut Vm, b: BigInt) -> Value {
    vm.number(Number::from_bigint(b))
}

fn not(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if a[0].is_fixnum() {
        return Ok(Value::fixnum(!a[0].fixnum_value()));
    }
    let n = integer(vm, a[0], "bitwise-not")?;
    Ok(result(vm, !n))
}

/// Folds `op` over the arguments from `unit`, with a fixnum fast path.
fn fold(
    vm: &mut Vm,
    a: &[Value],
    who: &str,
    unit: i32,
    small: fn(i32, i32) -> i32,
    big: fn(BigInt, &BigInt) -> BigInt,
) -> R<Value> {
    if a.iter().all(|v| v.is_fixnum()) {
        return Ok(Value::fixnum(
            a.iter().fold(unit, |acc, v| small(acc, v.fixnum_value())),
        ));
    }
    let mut acc = BigInt::from(unit);
    for &v in a {
        let n = integer(vm, v, who)?;
        acc = big(acc, &n);
    }
    Ok(result(vm, acc))
}

fn and(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    fold(vm, a, "bitwise-and", -1, |x, y| x & y, |x, y| x & y)
}

fn ior(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    fold(vm, a, "bitwise-ior", 0, |x, y| x | y, |x, y| x | y)
}

fn xor(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    fold(vm, a, "bitwise-xor", 0, |x, y| x ^ y, |x, y| x ^ y)
}

/// `(arithmetic-shift n count)`: left for a positive count, right (flooring) for a negative one.
fn shift(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let who = "arithmetic-shift";
    let n = integer(vm, a[0], who)?;
    let count = integer(vm, a[1], who)?;
    let Some(count) = count.to_i64() else {
        return Err(vm.error(&format!("{who}: shift count too large"), &[a[1]]));
    };
    if count >= 0 {
        if count > 1 << 24 && !n.is_zero() {
            return Err(vm.error(&format!("{who}: shift count too large"), &[a[1]]));
        }
        Ok(result(vm, n << count as usize))
    } else {
        let by = count.unsigned_abs().min(u64::from(u32::MAX)) as usize;
        // BigInt's >> rounds toward negative infinity, as arithmetic shifts do.
        Ok(result(vm, n >> by))
    }
}

/// The number of 1 bits of a non-negative integer, of 0 bits of a negative one.
fn bit_count(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let n = integer(vm, a[0], "bit-count")?;
    let m = if n.is_negative() { !n } else { n };
    let count: u64 = m.iter_u64_digits().map(|d| u64::from(d.count_ones())).sum();
    Ok(vm.number(Number::from_i64(count as i64)))
}

/// The number of bits needed to represent `n` in two's complement, without the sign bit.
fn integer_length(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let n = integer(vm, a[0], "integer-length")?;
    let m = if n.is_negative() { !n } else { n };
    Ok(vm.number(Number::from_i64(m.bits() as i64)))
}
