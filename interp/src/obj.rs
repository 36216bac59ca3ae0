//! Typed access to heap objects: type tests and field accessors on `Value`s. The layouts are in
//! `heap::object`; nothing here allocates.

use crate::heap::object::{self, load, store, tag};
use crate::heap::payload;
use crate::strings::SString;
use crate::value::Value;

/// The type tag of a heap object, 0 for immediates.
#[inline]
pub fn type_of(v: Value) -> u32 {
    if v.is_ptr() {
        load(v.0, 0) & 0xFF
    } else {
        0
    }
}

#[inline]
pub fn is(v: Value, t: u32) -> bool {
    type_of(v) == t
}
#[inline]
pub fn is_pair(v: Value) -> bool {
    is(v, tag::PAIR)
}
/// Every applicable object (closure, primitive, continuation, parameter, case-lambda).
#[inline]
pub fn is_procedure(v: Value) -> bool {
    type_of(v) & tag::PROC_MASK == tag::PROC_BITS
}
#[inline]
pub fn car(p: Value) -> Value {
    Value(load(p.0, object::CAR))
}
#[inline]
pub fn cdr(p: Value) -> Value {
    Value(load(p.0, object::CDR))
}
#[inline]
pub fn set_car(p: Value, v: Value) {
    store(p.0, object::CAR, v.0)
}
#[inline]
pub fn set_cdr(p: Value, v: Value) {
    store(p.0, object::CDR, v.0)
}
/// Field `i` (0-based, after the header) of a fixed-layout object.
#[inline]
pub fn field(v: Value, i: u32) -> Value {
    Value(load(v.0, 4 + 4 * i))
}
#[inline]
pub fn set_field(v: Value, i: u32, x: Value) {
    store(v.0, 4 + 4 * i, x.0)
}
/// Length of a vector, bytevector, record or values object.
#[inline]
pub fn length(v: Value) -> u32 {
    load(v.0, object::LENGTH)
}
/// Element `i` of a vector or values object.
#[inline]
pub fn elem(v: Value, i: u32) -> Value {
    Value(load(v.0, object::ELEMENTS + 4 * i))
}
#[inline]
pub fn set_elem(v: Value, i: u32, x: Value) {
    store(v.0, object::ELEMENTS + 4 * i, x.0)
}
/// The bytes of a bytevector.
pub fn bytes<'a>(v: Value) -> &'a mut [u8] {
    // SAFETY: a bytevector holds `length` bytes after its length word.
    unsafe {
        std::slice::from_raw_parts_mut(
            (v.0 + object::ELEMENTS) as usize as *mut u8,
            length(v) as usize,
        )
    }
}
pub fn flonum(v: Value) -> f64 {
    object::load_f64(v.0, object::FLONUM_VALUE)
}
/// The name of a symbol.
pub fn symbol_name<'a>(v: Value) -> &'a str {
    let ptr = load(v.0, 4) as usize as *const u8;
    let len = load(v.0, 8) as usize;
    // SAFETY: symbol text is a leaked `str` that lives forever.
    unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(ptr, len)) }
}
/// The text of a string object.
pub fn string<'a>(v: Value) -> &'a mut SString {
    debug_assert!(is(v, tag::STRING));
    // SAFETY: string objects hold an `SString` payload.
    unsafe { payload::get::<SString>(v.0) }
}
/// The value held by a box or global cell.
#[inline]
pub fn unbox(b: Value) -> Value {
    Value(load(b.0, object::BOX_VALUE))
}
#[inline]
pub fn set_box(b: Value, v: Value) {
    store(b.0, object::BOX_VALUE, v.0)
}
/// The list `l` as a vector of values, or `None` if it is not a proper list.
pub fn list_to_vec(mut l: Value) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    let mut slow = l;
    while is_pair(l) {
        out.push(car(l));
        l = cdr(l);
        if out.len() % 2 == 0 {
            slow = cdr(slow);
            if slow == l && is_pair(l) {
                return None;
            }
        }
    }
    l.is_null().then_some(out)
}
