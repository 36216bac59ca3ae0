//! Argument checking shared by the data primitives. Every helper turns a bad argument into the
//! Scheme error "`who`: expected …" or "`who`: index out of range" (with the offending value as
//! irritant), so primitives never panic or index out of bounds on user input.

use super::opt;
use crate::heap::object::tag;
use crate::obj;
use crate::strings::SString;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Largest length accepted for a fresh vector, string, bytevector or list. Keeps every allocation
/// size far inside the 32-bit address space, so an absurd request is a Scheme error rather than
/// an allocation failure that aborts the guest.
pub const MAX_LENGTH: usize = 1 << 26;

/// A fixnum argument.
pub fn fixnum(vm: &mut Vm, v: Value, who: &str) -> R<i32> {
    vm.check(v.is_fixnum(), who, "an exact integer", v)?;
    Ok(v.fixnum_value())
}

/// An exact integer `k` with `0 <= k < limit`: an index into `of`, which has `limit` elements
/// (`of` is an irritant of the error).
pub fn index(vm: &mut Vm, k: Value, of: Value, who: &str, limit: usize) -> R<usize> {
    bounded(vm, k, of, who, limit.saturating_sub(1), limit > 0)
}

/// An exact integer `k` with `0 <= k <= max` (an index into `of`), accepted only if `ok`.
fn bounded(vm: &mut Vm, k: Value, of: Value, who: &str, max: usize, ok: bool) -> R<usize> {
    // A bignum is an exact integer too, just never a valid index.
    let integer = k.is_fixnum() || obj::is(k, tag::BIGNUM);
    vm.check(integer, who, "an exact integer", k)?;
    if ok && k.is_fixnum() && k.fixnum_value() >= 0 && k.fixnum_value() as usize <= max {
        return Ok(k.fixnum_value() as usize);
    }
    Err(vm.error(&format!("{who}: index out of range"), &[k, of]))
}

/// A length for a fresh object: an exact integer in `0..=MAX_LENGTH`.
pub fn size(vm: &mut Vm, v: Value, who: &str) -> R<usize> {
    let integer = v.is_fixnum() || obj::is(v, tag::BIGNUM);
    vm.check(integer, who, "an exact non-negative integer", v)?;
    if v.is_fixnum() && v.fixnum_value() < 0 {
        return Err(vm.error(
            &format!("{who}: expected an exact non-negative integer"),
            &[v],
        ));
    }
    if !v.is_fixnum() || v.fixnum_value() as usize > MAX_LENGTH {
        return Err(vm.error(&format!("{who}: length too large"), &[v]));
    }
    Ok(v.fixnum_value() as usize)
}

/// The optional `start`/`end` arguments at `args[i]`, `args[i + 1]` for the sequence `args[0]`
/// of length `len`: defaults `0` and `len`, and `0 <= start <= end <= len`.
pub fn range(vm: &mut Vm, args: &[Value], i: usize, len: usize, who: &str) -> R<(usize, usize)> {
    let start = opt(args, i, Value::fixnum(0));
    let start = bounded(vm, start, args[0], who, len, true)?;
    let end = match opt(args, i + 1, Value::DEFAULT) {
        Value::DEFAULT => len,
        e => bounded(vm, e, args[0], who, len, true)?,
    };
    if start > end {
        let (s, e) = (Value::fixnum(start as i32), Value::fixnum(end as i32));
        return Err(vm.error(&format!("{who}: start index after end index"), &[s, e]));
    }
    Ok((start, end))
}

/// A character argument.
pub fn char_arg(vm: &mut Vm, v: Value, who: &str) -> R<char> {
    vm.check(v.is_char(), who, "a character", v)?;
    Ok(v.char_value())
}

/// A string argument, for reading. (Get `obj::string` only at the moment of a mutation: two
/// arguments may be the same string.)
pub fn string_arg<'a>(vm: &mut Vm, v: Value, who: &str) -> R<&'a SString> {
    vm.check(obj::is(v, tag::STRING), who, "a string", v)?;
    Ok(obj::string(v))
}

/// A vector argument; returns its length.
pub fn vector_arg(vm: &mut Vm, v: Value, who: &str) -> R<usize> {
    vm.check(obj::is(v, tag::VECTOR), who, "a vector", v)?;
    Ok(obj::length(v) as usize)
}

/// A bytevector argument; returns its bytes.
pub fn bytevector_arg<'a>(vm: &mut Vm, v: Value, who: &str) -> R<&'a mut [u8]> {
    vm.check(obj::is(v, tag::BYTEVECTOR), who, "a bytevector", v)?;
    Ok(obj::bytes(v))
}

/// A procedure argument.
pub fn procedure_arg(vm: &mut Vm, v: Value, who: &str) -> R<Value> {
    vm.check(obj::is_procedure(v), who, "a procedure", v)?;
    Ok(v)
}

/// The elements of a proper list argument (an error for improper and circular lists).
///
/// The elements stay alive only as long as the list is reachable and unchanged: a caller that
/// runs Scheme code while using them must root them.
pub fn list_arg(vm: &mut Vm, v: Value, who: &str) -> R<Vec<Value>> {
    match obj::list_to_vec(v) {
        Some(items) => Ok(items),
        None => Err(vm.error(&format!("{who}: expected a proper list"), &[v])),
    }
}

/// The length of `l` if it is a proper list; `None` for improper and circular lists.
/// Floyd's cycle detection keeps it terminating and allocation-free.
pub fn proper_length(l: Value) -> Option<usize> {
    let (mut fast, mut slow, mut n) = (l, l, 0usize);
    loop {
        if fast.is_null() {
            return Some(n);
        }
        if !obj::is_pair(fast) {
            return None;
        }
        fast = obj::cdr(fast);
        n += 1;
        if n.is_multiple_of(2) {
            slow = obj::cdr(slow);
            if slow == fast && obj::is_pair(fast) {
                return None;
            }
        }
    }
}
