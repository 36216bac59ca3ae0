//! Typed access to heap objects: type tests and field accessors on `Value`s. The layouts are in
//! `kiln_jit::layout` (re-exported as `heap::object`); nothing here allocates.

use crate::heap::object::{
    boxed, bytevector, case_lambda, cell, closure, flonum, load, pair, record, store, symbol, tag,
    tag_at, values, vector,
};
use crate::heap::payload;
use crate::strings::SString;
use crate::value::Value;

/// The type tag of a heap object, 0 for immediates.
#[inline]
pub fn type_of(v: Value) -> u32 {
    if v.is_ptr() {
        tag_at(v.0)
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
    Value(load(p.0, pair::CAR))
}
#[inline]
pub fn cdr(p: Value) -> Value {
    Value(load(p.0, pair::CDR))
}
#[inline]
pub fn set_car(p: Value, v: Value) {
    store(p.0, pair::CAR, v.0)
}
#[inline]
pub fn set_cdr(p: Value, v: Value) {
    store(p.0, pair::CDR, v.0)
}
/// The value in the field at byte offset `off`, named by its type's module in `heap::object`
/// (`obj::load_field(e, error::MESSAGE)`).
#[inline]
pub fn load_field(v: Value, off: u32) -> Value {
    Value(load(v.0, off))
}
/// Stores `x` in the field at byte offset `off` (named as for [`load_field`]).
#[inline]
pub fn store_field(v: Value, off: u32, x: Value) {
    store(v.0, off, x.0)
}

// `length` and `elem` serve several types at once.
const _: () = assert!(
    values::LENGTH == vector::LENGTH
        && bytevector::LENGTH == vector::LENGTH
        && record::LENGTH == vector::LENGTH
        && values::ELEMENTS == vector::ELEMENTS
);

/// Length of a vector, bytevector, record or values object.
#[inline]
pub fn length(v: Value) -> u32 {
    load(v.0, vector::LENGTH)
}
/// Element `i` of a vector or values object.
#[inline]
pub fn elem(v: Value, i: u32) -> Value {
    Value(load(v.0, vector::element(i)))
}
#[inline]
pub fn set_elem(v: Value, i: u32, x: Value) {
    store(v.0, vector::element(i), x.0)
}
/// Free value `i` of closure `clo`.
#[inline]
pub fn closure_free(clo: Value, i: u32) -> Value {
    Value(load(clo.0, closure::free(i)))
}
#[inline]
pub fn set_closure_free(clo: Value, i: u32, x: Value) {
    store(clo.0, closure::free(i), x.0)
}
/// Field `i` of a record.
#[inline]
pub fn record_field(r: Value, i: u32) -> Value {
    Value(load(r.0, record::field(i)))
}
#[inline]
pub fn set_record_field(r: Value, i: u32, x: Value) {
    store(r.0, record::field(i), x.0)
}
/// The number of clauses of a `case-lambda` procedure.
#[inline]
pub fn case_lambda_count(f: Value) -> u32 {
    load(f.0, case_lambda::COUNT)
}
/// Clause `i` (a closure) of a `case-lambda` procedure.
#[inline]
pub fn case_lambda_clause(f: Value, i: u32) -> Value {
    Value(load(f.0, case_lambda::clause(i)))
}
/// The bytes of a bytevector.
pub fn bytes<'a>(v: Value) -> &'a mut [u8] {
    // SAFETY: a bytevector holds `length` bytes after its length word.
    unsafe {
        std::slice::from_raw_parts_mut(
            (v.0 + bytevector::ELEMENTS) as usize as *mut u8,
            length(v) as usize,
        )
    }
}
pub fn flonum(v: Value) -> f64 {
    crate::heap::object::load_f64(v.0, flonum::VALUE)
}
/// The name of a symbol.
pub fn symbol_name<'a>(v: Value) -> &'a str {
    let ptr = load(v.0, symbol::TEXT) as usize as *const u8;
    let len = load(v.0, symbol::LEN) as usize;
    // SAFETY: symbol text is a leaked `str` that lives forever.
    unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(ptr, len)) }
}
/// The text of a string object.
pub fn string<'a>(v: Value) -> &'a mut SString {
    debug_assert!(is(v, tag::STRING));
    // SAFETY: string objects hold an `SString` payload.
    unsafe { payload::get::<SString>(v.0) }
}
/// The value held by a box.
#[inline]
pub fn unbox(b: Value) -> Value {
    Value(load(b.0, boxed::VALUE))
}
#[inline]
pub fn set_box(b: Value, v: Value) {
    store(b.0, boxed::VALUE, v.0)
}
/// The value of a global cell (`Value::UNASSIGNED` while unbound).
#[inline]
pub fn cell_value(c: Value) -> Value {
    Value(load(c.0, cell::VALUE))
}
#[inline]
pub fn set_cell_value(c: Value, v: Value) {
    store(c.0, cell::VALUE, v.0)
}
/// The name symbol of a global cell.
#[inline]
pub fn cell_name(c: Value) -> Value {
    Value(load(c.0, cell::NAME))
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
