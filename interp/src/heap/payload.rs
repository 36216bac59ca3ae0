//! Rust-owned payloads of heap objects (string text, bignum digits, ports). The object holds a
//! `Box` pointer in its `PAYLOAD` field; the sweep drops it. This is the only place that knows which
//! object types own a payload.

use super::object::{bignum, load, port, ratnum, store, string, tag, tag_at};
use crate::io::port::Port;
use crate::strings::SString;
use num_bigint::BigInt;
use num_rational::BigRational;

/// Where every payload-holding type keeps its `Box` pointer (one offset, so `put` and `get` need
/// not know the type).
const PAYLOAD: u32 = string::PAYLOAD;
const _: () =
    assert!(bignum::PAYLOAD == PAYLOAD && ratnum::PAYLOAD == PAYLOAD && port::PAYLOAD == PAYLOAD);

/// Stores `payload` in the payload field of the object at `addr`.
pub fn put<T>(addr: u32, payload: T) {
    let ptr = Box::into_raw(Box::new(payload));
    store(addr, PAYLOAD, ptr as usize as u32);
}

/// The payload of the object at `addr`.
///
/// # Safety
/// `addr` must be a live object whose payload has type `T` (checked by the callers' type tests).
pub unsafe fn get<'a, T>(addr: u32) -> &'a mut T {
    &mut *(load(addr, PAYLOAD) as usize as *mut T)
}

/// Drops the payload of a dead object, if its type has one.
pub fn drop_payload(addr: u32) {
    let ptr = load(addr, PAYLOAD) as usize;
    if ptr == 0 {
        return;
    }
    // SAFETY: the sweep calls this once per dead object; the pointer came from `put` with the type
    // that the object's tag names.
    unsafe {
        match tag_at(addr) {
            tag::STRING => drop(Box::from_raw(ptr as *mut SString)),
            tag::BIGNUM => drop(Box::from_raw(ptr as *mut BigInt)),
            tag::RATNUM => drop(Box::from_raw(ptr as *mut BigRational)),
            tag::PORT => drop(Box::from_raw(ptr as *mut Port)),
            _ => {}
        }
    }
}
