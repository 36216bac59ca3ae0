//! Numbers on the heap: fixnums stay immediate, everything else is boxed (flonum, bignum, ratnum);
//! conversion between `Value` and `num::Number`, and the numeric primitives.

mod complex;
mod prims;

use crate::heap::object::tag;
use crate::num::Number;
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Defines the numeric primitives, `(scheme complex)`'s included.
pub fn install(vm: &mut Vm) {
    prims::install(vm);
    complex::install(vm);
}

/// The number a value holds, if it is one.
pub fn to_number(v: Value) -> Option<Number> {
    if v.is_fixnum() {
        return Some(Number::Int(v.fixnum_value() as i64));
    }
    match obj::type_of(v) {
        tag::FLONUM => Some(Number::Flo(obj::flonum(v))),
        // SAFETY: the tags say which payload the object holds.
        tag::BIGNUM => Some(Number::Big(
            unsafe { crate::heap::payload::get::<num_bigint::BigInt>(v.0) }.clone(),
        )),
        tag::RATNUM => Some(Number::Rat(
            unsafe { crate::heap::payload::get::<num_rational::BigRational>(v.0) }.clone(),
        )),
        _ => None,
    }
}

/// The number `v` holds, moved out of its payload (a bignum or ratnum payload is left zero until
/// `put_back`): reading an argument this way costs nothing, where `to_number` copies the digits.
fn take_number(v: Value) -> Option<Number> {
    if v.is_fixnum() {
        return Some(Number::Int(v.fixnum_value() as i64));
    }
    match obj::type_of(v) {
        tag::FLONUM => Some(Number::Flo(obj::flonum(v))),
        // SAFETY: the tags say which payload the object holds.
        tag::BIGNUM => Some(Number::Big(std::mem::take(unsafe {
            crate::heap::payload::get::<num_bigint::BigInt>(v.0)
        }))),
        tag::RATNUM => Some(Number::Rat(std::mem::take(unsafe {
            crate::heap::payload::get::<num_rational::BigRational>(v.0)
        }))),
        _ => None,
    }
}

/// Gives back to `v`'s payload what `take_number(v)` moved out of it.
fn put_back(v: Value, n: Number) {
    match n {
        // SAFETY: `n` came from `take_number(v)`, so the tag says which payload `v` holds.
        Number::Big(b) => *unsafe { crate::heap::payload::get::<num_bigint::BigInt>(v.0) } = b,
        Number::Rat(r) => {
            *unsafe { crate::heap::payload::get::<num_rational::BigRational>(v.0) } = r
        }
        Number::Int(_) | Number::Flo(_) => {}
    }
}

/// `f` of the numbers `a` and `b` hold, without copying their digits (bignum arithmetic by a
/// small number is linear, so a copy of each argument would double its cost); `None` unless
/// both are numbers. `f` is plain numeric code: nothing can see the payloads while they are
/// moved out (no allocation on the Scheme heap, no GC, no other reader).
pub fn with_numbers<T>(a: Value, b: Value, f: impl FnOnce(&Number, &Number) -> T) -> Option<T> {
    let x = take_number(a)?;
    if a == b {
        // One object twice (`(* x x)`): moved out once, lent twice.
        let r = f(&x, &x);
        put_back(a, x);
        return Some(r);
    }
    let Some(y) = take_number(b) else {
        put_back(a, x);
        return None;
    };
    let r = f(&x, &y);
    put_back(a, x);
    put_back(b, y);
    Some(r)
}

/// Whether a value is a number.
pub fn is_number(v: Value) -> bool {
    v.is_fixnum() || matches!(obj::type_of(v), tag::FLONUM | tag::BIGNUM | tag::RATNUM)
}

/// `number->string` of a number value.
pub fn number_to_string(v: Value, radix: u32) -> String {
    to_number(v).map_or_else(
        || "#<not a number>".to_string(),
        |n| n.to_string_radix(radix),
    )
}

impl Vm {
    /// The value of a number: a fixnum when it fits, else a boxed number.
    pub fn number(&mut self, n: Number) -> Value {
        match n {
            Number::Int(i) => match Value::try_fixnum(i) {
                Some(v) => v,
                None => self.bignum(num_bigint::BigInt::from(i)),
            },
            Number::Big(b) => self.bignum(b),
            Number::Rat(r) => self.ratnum(r),
            Number::Flo(x) => self.flonum(x),
        }
    }

    /// The number of argument `v`, or the error "`who`: expected a number".
    pub fn num_arg(&mut self, v: Value, who: &str) -> R<Number> {
        match to_number(v) {
            Some(n) => Ok(n),
            None => Err(self.error(&format!("{who}: expected a number"), &[v])),
        }
    }
}
