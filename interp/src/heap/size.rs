//! The size of a heap object, read from the object itself (its tag and length field): the
//! collector needs it to mark the lines an object covers, and objects carry no size word.

use super::object::{
    boxed, bytevector, case_lambda, cell, closure, environment, error, flonum, load, pair,
    parameter, primitive, promise, record, record_type, string, tag, tag_at, values, vector,
};
use kiln_jit::layout::{alloc::rounded, bignum, continuation, port, ratnum};

/// The size in bytes (rounded up to the allocation alignment) of the object at `addr`.
pub fn object_size(addr: u32) -> u32 {
    rounded(match tag_at(addr) {
        tag::PAIR => pair::SIZE,
        tag::FLONUM => flonum::SIZE,
        tag::BIGNUM => bignum::SIZE,
        tag::RATNUM => ratnum::SIZE,
        tag::STRING => string::SIZE,
        tag::PORT => port::SIZE,
        tag::VECTOR => vector::size(load(addr, vector::LENGTH)),
        tag::VALUES => values::size(load(addr, values::LENGTH)),
        tag::BYTEVECTOR => bytevector::size(load(addr, bytevector::LENGTH)),
        tag::BOX => boxed::SIZE,
        tag::CELL => cell::SIZE,
        tag::RECORD => record::size(load(addr, record::LENGTH)),
        tag::RECORD_TYPE => record_type::SIZE,
        tag::PROMISE => promise::SIZE,
        tag::ERROR => error::SIZE,
        tag::ENVIRONMENT => environment::SIZE,
        tag::CLOSURE => closure::size(crate::ir::node::lambda_of(crate::value::Value(addr)).nfree),
        tag::PRIMITIVE => primitive::SIZE,
        tag::CONTINUATION => continuation::SIZE,
        tag::PARAMETER => parameter::SIZE,
        tag::CASE_LAMBDA => case_lambda::size(load(addr, case_lambda::COUNT)),
        t => panic!("object_size: unknown tag {t:#x} at {addr:#x}"),
    })
}
