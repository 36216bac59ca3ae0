//! Marking. Uses an explicit stack (no recursion, so deep lists are fine). An object in a block is
//! marked in its block's bitmap, and the lines it covers in the block's line marks (which the
//! sweep, `Heap::sweep`, turns into free holes); any other object (large objects, interned
//! symbols) carries its mark in its header.

use super::blocks;
use super::object::{
    boxed, case_lambda, cell, closure, error, header, load, pair, parameter, primitive, promise,
    record, record_type, store, tag, tag_at, values, vector, WORD,
};
use super::size::object_size;
use crate::value::Value;

/// The marking state of one collection.
pub struct Marker {
    stack: Vec<u32>,
    /// Bytes of objects marked so far.
    pub marked_bytes: u64,
}

impl Marker {
    /// A marker with an empty mark stack.
    pub fn new() -> Marker {
        Marker {
            stack: Vec::with_capacity(1024),
            marked_bytes: 0,
        }
    }

    /// Marks `v` (if it is a heap pointer) and, later in `drain`, everything it references.
    #[inline]
    pub fn mark(&mut self, v: Value) {
        if !v.is_ptr() {
            return;
        }
        if blocks::contains(v.0) {
            if blocks::mark(v.0) {
                self.stack.push(v.0);
            }
            return;
        }
        let h = load(v.0, header::OFFSET);
        if h & header::MARK_BIT == 0 {
            store(v.0, header::OFFSET, h | header::MARK_BIT);
            self.stack.push(v.0);
        }
    }

    /// Marks every value in a slice.
    pub fn mark_all(&mut self, vs: &[Value]) {
        for &v in vs {
            self.mark(v);
        }
    }

    /// Traces until everything reachable from the marked roots is marked.
    pub fn drain(&mut self) {
        while let Some(addr) = self.stack.pop() {
            self.trace(addr);
        }
    }

    /// Marks the values in the fields at offsets `offs`.
    #[inline]
    fn fields(&mut self, addr: u32, offs: &[u32]) {
        for &off in offs {
            self.mark(Value(load(addr, off)));
        }
    }

    /// Marks `count` values in consecutive words from offset `first`.
    fn run(&mut self, addr: u32, first: u32, count: u32) {
        for i in 0..count {
            self.mark(Value(load(addr, first + WORD * i)));
        }
    }

    fn trace(&mut self, addr: u32) {
        if blocks::contains(addr) {
            let size = object_size(addr);
            blocks::mark_lines(addr, size);
            self.marked_bytes += size as u64;
        }
        match tag_at(addr) {
            tag::PAIR => self.fields(addr, &[pair::CAR, pair::CDR]),
            tag::BOX => self.fields(addr, &[boxed::VALUE]),
            tag::CELL => self.fields(addr, &[cell::VALUE, cell::NAME]),
            tag::VECTOR => self.run(addr, vector::ELEMENTS, load(addr, vector::LENGTH)),
            tag::VALUES => self.run(addr, values::ELEMENTS, load(addr, values::LENGTH)),
            tag::RECORD => {
                self.fields(addr, &[record::TYPE]);
                self.run(addr, record::FIELDS, load(addr, record::LENGTH));
            }
            tag::RECORD_TYPE => self.fields(
                addr,
                &[record_type::NAME, record_type::FIELDS, record_type::UID],
            ),
            tag::PROMISE => self.fields(addr, &[promise::STATE]),
            tag::PARAMETER => self.fields(addr, &[parameter::VALUE, parameter::CONVERTER]),
            tag::PRIMITIVE => self.fields(addr, &[primitive::DATA]),
            tag::ERROR => self.fields(addr, &[error::KIND, error::MESSAGE, error::IRRITANTS]),
            tag::CASE_LAMBDA => {
                self.run(addr, case_lambda::CLAUSES, load(addr, case_lambda::COUNT))
            }
            tag::CLOSURE => {
                let lambda = crate::ir::node::lambda_of(Value(addr));
                self.run(addr, closure::FREE, lambda.nfree);
                self.mark(lambda.unit.get());
            }
            // Strings, numbers, symbols, bytevectors, ports, continuations and the environment
            // hold no Scheme values (a primitive's index and every code slot are raw words).
            _ => {}
        }
    }
}

impl Default for Marker {
    fn default() -> Self {
        Marker::new()
    }
}
