//! Numbers on the heap: fixnums stay immediate, everything else is boxed (flonum, bignum, ratnum);
//! conversion between `Value` and `num::Number`, and the numeric primitives.

mod prims;

use crate::heap::object::tag;
use crate::num::Number;
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

pub use prims::install;

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
