//! Inline fast paths over data: strings (`string-length`, ASCII `string-ref`), `vector-fill!`,
//! `exact->inexact`, `let-values`' `%values-ref`, and the list walks `memq`, `assq`, `memv`,
//! `assv` and `length` (the `prim` module's shape: inside `block $slow` at depth 0, leave the
//! result; a branch to `$slow` calls the primitive).
//!
//! The walks follow the primitives (`interp/src/prims/lists.rs`): `memq`/`assq` stop at the
//! first non-pair tail with `#f`; `assq` of a non-pair element and `length` of an improper list
//! are errors, left to the primitive. A list walked for more than [`WALK_LIMIT`] pairs may be
//! circular — an error the primitive detects — so the walk gives up and the primitive walks it
//! again from the start (nothing was changed).

use super::{mem, Code, Emitter, Scratch};
use crate::ir::PrimOp;
use crate::layout::{pair, sstring, string, tag, value, values, vector};
use wasm_encoder::{BlockType, Instruction as I, MemArg, ValType};

/// Pairs an inline list walk visits before it hands the list to the primitive.
pub(crate) const WALK_LIMIT: i32 = 1 << 20;

impl Emitter<'_> {
    pub(crate) fn data_fast_path(&mut self, op: PrimOp, v: &[u32]) {
        match op {
            PrimOp::StringLength => {
                self.string_payload(v[0]);
                self.emit(I::I32Load(mem(sstring::CHARS)));
                self.tag_int();
            }
            PrimOp::StringRef => self.string_ref(v[0], v[1]),
            PrimOp::VectorFill => self.vector_fill(v[0], v[1]),
            PrimOp::ExactToInexact => self.exact_to_inexact(v[0]),
            PrimOp::Memq | PrimOp::Assq => self.find(op, v[0], v[1]),
            PrimOp::Memv | PrimOp::Assv => {
                // Only a boxed-number key makes `eqv?` differ from `eq?` (an element that is a
                // boxed number is never `eqv?` to a key that is not).
                self.has_boxed_number(v[0]);
                self.emit(I::BrIf(0));
                let eq_op = if op == PrimOp::Memv {
                    PrimOp::Memq
                } else {
                    PrimOp::Assq
                };
                self.find(eq_op, v[0], v[1])
            }
            PrimOp::Length => self.length(v[0]),
            PrimOp::ValuesRef { index, count } => self.values_ref(v[0], index, count),
            _ => unreachable!("{op:?} has its fast path elsewhere"),
        }
    }

    /// Tags the non-negative integer on the stack as a fixnum (string lengths and list lengths
    /// fit: both are bounded by memory).
    fn tag_int(&mut self) {
        self.emit(I::I32Const(value::FIXNUM_SHIFT as i32));
        self.emit(I::I32Shl);
        self.emit(I::I32Const(1));
        self.emit(I::I32Or);
    }

    /// Pushes the `SString` payload of `s`, a string (else the slow path).
    fn string_payload(&mut self, s: u32) {
        self.need_tag(s, tag::STRING, 0);
        self.emit(I::LocalGet(s));
        self.emit(I::I32Load(mem(string::PAYLOAD)));
    }

    /// `(string-ref s k)` of ASCII text: the byte at `k`, a character.
    fn string_ref(&mut self, s: u32, k: u32) {
        let (p, i) = (self.scratch(Scratch::Aux), self.scratch(Scratch::Index));
        self.need_fixnum(k, 0);
        self.string_payload(s);
        self.emit(I::LocalTee(p));
        // ASCII exactly when the lengths in characters and in bytes agree.
        self.emit(I::I32Load(mem(sstring::CHARS)));
        self.emit(I::LocalGet(p));
        self.emit(I::I32Load(mem(sstring::BYTES)));
        self.emit(I::I32Ne);
        self.emit(I::BrIf(0));
        // 0 <= k < chars (unsigned), else the primitive raises the error.
        self.emit(I::LocalGet(k));
        self.emit(I::I32Const(value::FIXNUM_SHIFT as i32));
        self.emit(I::I32ShrS);
        self.emit(I::LocalTee(i));
        self.emit(I::LocalGet(p));
        self.emit(I::I32Load(mem(sstring::CHARS)));
        self.emit(I::I32GeU);
        self.emit(I::BrIf(0));
        self.emit(I::LocalGet(p));
        self.emit(I::I32Load(mem(sstring::DATA)));
        self.emit(I::LocalGet(i));
        self.emit(I::I32Add);
        self.emit(I::I32Load8U(MemArg {
            offset: 0,
            align: 0,
            memory_index: 0,
        }));
        self.emit(I::I32Const(value::CHAR_SHIFT as i32));
        self.emit(I::I32Shl);
        self.emit(I::I32Const(value::CHAR_TAG as i32));
        self.emit(I::I32Or);
    }

    /// `(vector-fill! v x)`: every element.
    fn vector_fill(&mut self, v: u32, x: u32) {
        let (p, end) = (self.scratch(Scratch::Aux), self.scratch(Scratch::Index));
        self.need_tag(v, tag::VECTOR, 0);
        // for (p = v, end = v + 4 * length; p != end; p += 4) store(p + ELEMENTS, x)
        self.emit(I::LocalGet(v));
        self.emit(I::LocalTee(p));
        self.emit(I::LocalGet(v));
        self.emit(I::I32Load(mem(vector::LENGTH)));
        self.emit(I::I32Const(2));
        self.emit(I::I32Shl);
        self.emit(I::I32Add);
        self.emit(I::LocalSet(end));
        self.emit(I::Block(BlockType::Empty));
        self.emit(I::Loop(BlockType::Empty));
        self.emit(I::LocalGet(p));
        self.emit(I::LocalGet(end));
        self.emit(I::I32Eq);
        self.emit(I::BrIf(1));
        self.emit(I::LocalGet(p));
        self.emit(I::LocalGet(x));
        self.emit(I::I32Store(mem(vector::ELEMENTS)));
        self.emit(I::LocalGet(p));
        self.emit(I::I32Const(crate::layout::WORD as i32));
        self.emit(I::I32Add);
        self.emit(I::LocalSet(p));
        self.emit(I::Br(0));
        self.emit(I::End);
        self.emit(I::End);
        self.emit(I::I32Const(value::VOID as i32));
    }

    /// A flonum stays itself; a fixnum becomes a fresh flonum.
    fn exact_to_inexact(&mut self, x: u32) {
        self.emit(I::LocalGet(x));
        self.emit(I::I32Const(1));
        self.emit(I::I32And);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        let fixnum = self.conditional(|e| {
            // A fixnum is no heap pointer: nothing to keep alive across the allocation.
            e.flonum(|e| {
                e.emit(I::LocalGet(x));
                e.emit(I::I32Const(value::FIXNUM_SHIFT as i32));
                e.emit(I::I32ShrS);
                e.emit(I::F64ConvertI32S);
            });
        });
        self.emit(I::Else);
        // Inside the `if`: `$slow` is at depth 1.
        self.need_tag(x, tag::FLONUM, 1);
        self.emit(I::LocalGet(x));
        self.emit(I::End);
        let flonum_path = self.conditional(|_| {});
        self.join(&[fixnum, flonum_path]);
    }

    /// `memq` (the first pair whose car is `x`) and `assq` (the first element, a pair, whose car
    /// is `x`) over `l`; `#f` at the first non-pair tail.
    fn find(&mut self, op: PrimOp, x: u32, l: u32) {
        let (p, n, e) = (
            self.scratch(Scratch::Aux),
            self.scratch(Scratch::Index),
            self.scratch(Scratch::Tail),
        );
        self.emit(I::LocalGet(l));
        self.emit(I::LocalSet(p));
        self.emit(I::I32Const(WALK_LIMIT));
        self.emit(I::LocalSet(n));
        self.emit(I::Block(BlockType::Result(ValType::I32))); // $out; $slow at 1
        self.emit(I::Loop(BlockType::Empty)); // $slow at 2, $out at 1
        self.has_tag(p, tag::PAIR);
        self.emit(I::I32Eqz);
        self.emit(I::If(BlockType::Empty));
        self.emit(I::I32Const(value::FALSE as i32));
        self.emit(I::Br(2));
        self.emit(I::End);
        self.emit(I::LocalGet(p));
        self.emit(I::I32Load(mem(pair::CAR)));
        if op == PrimOp::Assq {
            // The element must be a pair (else the primitive raises the error).
            self.emit(I::LocalSet(e));
            self.need_tag(e, tag::PAIR, 2);
            self.emit(I::LocalGet(e));
            self.emit(I::I32Load(mem(pair::CAR)));
        }
        self.emit(I::LocalGet(x));
        self.emit(I::I32Eq);
        self.emit(I::If(BlockType::Empty));
        self.emit(I::LocalGet(if op == PrimOp::Assq { e } else { p }));
        self.emit(I::Br(2));
        self.emit(I::End);
        self.step(p, n, 2);
        self.emit(I::End);
        self.emit(I::Unreachable);
        self.emit(I::End);
    }

    /// Value `index` of `vals`, which must be exactly `count` values: one value is any object
    /// but a multiple-values object (which then holds 0 or 2 and more); more are a
    /// multiple-values object of that length. Anything else is the primitive's error.
    fn values_ref(&mut self, vals: u32, index: u32, count: u32) {
        debug_assert!(index < count);
        self.has_tag(vals, tag::VALUES);
        if count == 1 {
            self.emit(I::BrIf(0));
            self.emit(I::LocalGet(vals));
            return;
        }
        self.emit(I::I32Eqz);
        self.emit(I::BrIf(0));
        self.emit(I::LocalGet(vals));
        self.emit(I::I32Load(mem(values::LENGTH)));
        self.emit(I::I32Const(count as i32));
        self.emit(I::I32Ne);
        self.emit(I::BrIf(0));
        self.emit(I::LocalGet(vals));
        self.emit(I::I32Load(mem(values::element(index))));
    }

    /// `length` of a proper list; an improper one is the primitive's error.
    fn length(&mut self, l: u32) {
        let (p, n) = (self.scratch(Scratch::Aux), self.scratch(Scratch::Index));
        self.emit(I::LocalGet(l));
        self.emit(I::LocalSet(p));
        self.emit(I::I32Const(WALK_LIMIT));
        self.emit(I::LocalSet(n));
        self.emit(I::Block(BlockType::Result(ValType::I32))); // $out; $slow at 1
        self.emit(I::Loop(BlockType::Empty)); // $slow at 2, $out at 1
        self.emit(I::LocalGet(p));
        self.emit(I::I32Const(value::NIL as i32));
        self.emit(I::I32Eq);
        self.emit(I::If(BlockType::Empty));
        // Pairs walked: the limit minus what is left of it.
        self.emit(I::I32Const(WALK_LIMIT));
        self.emit(I::LocalGet(n));
        self.emit(I::I32Sub);
        self.tag_int();
        self.emit(I::Br(2));
        self.emit(I::End);
        self.need_tag(p, tag::PAIR, 2);
        self.step(p, n, 2);
        self.emit(I::End);
        self.emit(I::Unreachable);
        self.emit(I::End);
    }

    /// The end of a walk's loop body: `p := cdr p`, and the slow path (at depth `slow`, counted
    /// from the loop) once `n` steps are used up; then the next iteration.
    fn step(&mut self, p: u32, n: u32, slow: u32) {
        self.emit(I::LocalGet(n));
        self.emit(I::I32Const(1));
        self.emit(I::I32Sub);
        self.emit(I::LocalTee(n));
        self.emit(I::I32Eqz);
        self.emit(I::BrIf(slow));
        self.emit(I::LocalGet(p));
        self.emit(I::I32Load(mem(pair::CDR)));
        self.emit(I::LocalSet(p));
        self.emit(I::Br(0));
    }
}
