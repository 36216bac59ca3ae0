//! Inline fast paths of the integer division family, `abs`/`min`/`max`, type predicates and
//! characters (the `prim` module's shape: inside `block $slow` at depth 0, leave the result; a
//! branch to depth 0 takes the slow path, which calls the procedure).
//!
//! Fixnums are `n << 1 | 1` and characters `c << 4 | 0b0110`, both order-preserving, so
//! comparisons compare the words. Division works on the untagged integers: `i32.div_s` cannot
//! trap on them (|n| ≤ 2^30), and the one quotient out of fixnum range, -2^30 / -1, goes slow.

use super::{Code, Emitter, Scratch};
use crate::ir::PrimOp;
use crate::layout::{tag, value};
use wasm_encoder::{BlockType, Instruction as I};

/// The largest code point, and the surrogates, which are not characters.
const MAX_CHAR: i32 = 0x10FFFF;
const SURROGATES: std::ops::Range<i32> = 0xD800..0xE000;

impl Emitter<'_> {
    pub(crate) fn more_fast_path(&mut self, op: PrimOp, v: &[u32]) {
        use PrimOp::*;
        match op {
            Quotient | Remainder | Modulo => self.divide(op, v[0], v[1]),
            Abs => self.abs(v[0]),
            Min | Max => self.min_max(op, v[0], v[1]),
            SymbolP => self.tag_predicate(v[0], tag::SYMBOL),
            StringP => self.tag_predicate(v[0], tag::STRING),
            VectorP => self.tag_predicate(v[0], tag::VECTOR),
            CharP => {
                self.is_char(v[0]);
                self.bool_of_condition();
            }
            BooleanP => {
                self.emit(I::LocalGet(v[0]));
                self.emit(I::I32Const(value::TRUE as i32));
                self.emit(I::I32Eq);
                self.emit(I::LocalGet(v[0]));
                self.emit(I::I32Const(value::FALSE as i32));
                self.emit(I::I32Eq);
                self.emit(I::I32Or);
                self.bool_of_condition();
            }
            ProcedureP => {
                self.is_procedure(v[0]);
                self.bool_of_condition();
            }
            EofObjectP => {
                self.emit(I::LocalGet(v[0]));
                self.emit(I::I32Const(value::EOF as i32));
                self.emit(I::I32Eq);
                self.bool_of_condition();
            }
            CharToInteger => self.char_to_integer(v[0]),
            IntegerToChar => self.integer_to_char(v[0]),
            CharEq | CharLt | CharGt | CharLe | CharGe => self.char_compare(op, v[0], v[1]),
            _ => unreachable!("{op:?} has its fast path in `prim`"),
        }
    }

    /// Pushes the untagged integer of fixnum `v`.
    fn untag(&mut self, v: u32) {
        self.emit(I::LocalGet(v));
        self.emit(I::I32Const(value::FIXNUM_SHIFT as i32));
        self.emit(I::I32ShrS);
    }

    /// Tags the integer on the stack as a fixnum (the caller checked its range).
    fn tag_fixnum(&mut self) {
        self.emit(I::I32Const(value::FIXNUM_SHIFT as i32));
        self.emit(I::I32Shl);
        self.emit(I::I32Const(1));
        self.emit(I::I32Or);
    }

    /// `quotient`, `remainder`, `modulo` of two fixnums, the divisor non-zero.
    fn divide(&mut self, op: PrimOp, a: u32, b: u32) {
        let (y, r) = (self.scratch(Scratch::Index), self.scratch(Scratch::Aux));
        self.need_fixnum(a, 0);
        self.need_fixnum(b, 0);
        self.untag(b);
        self.emit(I::LocalTee(y));
        self.emit(I::I32Eqz);
        self.emit(I::BrIf(0));
        self.untag(a);
        self.emit(I::LocalGet(y));
        self.emit(if op == PrimOp::Quotient {
            I::I32DivS
        } else {
            I::I32RemS
        });
        self.emit(I::LocalSet(r));
        match op {
            PrimOp::Quotient => {
                // -2^30 / -1 is the one quotient past the fixnums.
                self.emit(I::LocalGet(r));
                self.emit(I::I32Const(1 << 30));
                self.emit(I::I32Eq);
                self.emit(I::BrIf(0));
            }
            PrimOp::Modulo => {
                // The remainder has the dividend's sign; the modulo has the divisor's: add the
                // divisor when the remainder is non-zero and the signs differ.
                self.emit(I::LocalGet(r));
                self.emit(I::I32Const(0));
                self.emit(I::I32Ne);
                self.emit(I::LocalGet(r));
                self.emit(I::LocalGet(y));
                self.emit(I::I32Xor);
                self.emit(I::I32Const(0));
                self.emit(I::I32LtS);
                self.emit(I::I32And);
                self.emit(I::If(BlockType::Empty));
                self.emit(I::LocalGet(r));
                self.emit(I::LocalGet(y));
                self.emit(I::I32Add);
                self.emit(I::LocalSet(r));
                self.emit(I::End);
            }
            _ => {}
        }
        self.emit(I::LocalGet(r));
        self.tag_fixnum();
    }

    /// `abs` of a fixnum; the most negative one goes slow (its magnitude is no fixnum).
    fn abs(&mut self, a: u32) {
        self.need_fixnum(a, 0);
        self.emit(I::LocalGet(a));
        self.emit(I::I32Const(i32::MIN | 1));
        self.emit(I::I32Eq);
        self.emit(I::BrIf(0));
        // -(n << 1 | 1) tagged is 2 - v.
        self.emit(I::I32Const(2));
        self.emit(I::LocalGet(a));
        self.emit(I::I32Sub);
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(a));
        self.emit(I::I32Const(0));
        self.emit(I::I32LtS);
        self.emit(I::Select);
    }

    /// Two-argument `min` / `max` of fixnums (other numbers: inexact contagion, slow path).
    fn min_max(&mut self, op: PrimOp, a: u32, b: u32) {
        self.need_fixnum(a, 0);
        self.need_fixnum(b, 0);
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(b));
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(b));
        self.emit(if op == PrimOp::Min {
            I::I32LtS
        } else {
            I::I32GtS
        });
        self.emit(I::Select);
    }

    /// `#t` if `v` is an object with type tag `t`.
    fn tag_predicate(&mut self, v: u32, t: u32) {
        self.has_tag(v, t);
        self.bool_of_condition();
    }

    /// Pushes whether `v` is a character.
    fn is_char(&mut self, v: u32) {
        self.emit(I::LocalGet(v));
        self.emit(I::I32Const(value::CHAR_MASK as i32));
        self.emit(I::I32And);
        self.emit(I::I32Const(value::CHAR_TAG as i32));
        self.emit(I::I32Eq);
    }

    /// Branches to the slow path unless `v` is a character.
    fn need_char(&mut self, v: u32) {
        self.is_char(v);
        self.emit(I::I32Eqz);
        self.emit(I::BrIf(0));
    }

    fn char_to_integer(&mut self, c: u32) {
        self.need_char(c);
        self.emit(I::LocalGet(c));
        self.emit(I::I32Const(value::CHAR_SHIFT as i32));
        self.emit(I::I32ShrU);
        self.tag_fixnum();
    }

    /// A fixnum that is a code point (not a surrogate) becomes that character.
    fn integer_to_char(&mut self, n: u32) {
        let k = self.scratch(Scratch::Aux);
        self.need_fixnum(n, 0);
        self.untag(n);
        self.emit(I::LocalTee(k));
        self.emit(I::I32Const(MAX_CHAR));
        self.emit(I::I32GtU);
        self.emit(I::BrIf(0));
        self.emit(I::LocalGet(k));
        self.emit(I::I32Const(SURROGATES.start));
        self.emit(I::I32Sub);
        self.emit(I::I32Const(SURROGATES.end - SURROGATES.start));
        self.emit(I::I32LtU);
        self.emit(I::BrIf(0));
        self.emit(I::LocalGet(k));
        self.emit(I::I32Const(value::CHAR_SHIFT as i32));
        self.emit(I::I32Shl);
        self.emit(I::I32Const(value::CHAR_TAG as i32));
        self.emit(I::I32Or);
    }

    /// Two-character comparisons: the words order as their code points.
    fn char_compare(&mut self, op: PrimOp, a: u32, b: u32) {
        self.need_char(a);
        self.need_char(b);
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(b));
        self.emit(match op {
            PrimOp::CharEq => I::I32Eq,
            PrimOp::CharLt => I::I32LtU,
            PrimOp::CharGt => I::I32GtU,
            PrimOp::CharLe => I::I32LeU,
            _ => I::I32GeU,
        });
        self.bool_of_condition();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixnum_and_char_encodings_are_the_runtimes() {
        use crate::layout::value::*;
        // 5 as a fixnum, #\A as a character (interp/src/value.rs).
        assert_eq!((5u32 << FIXNUM_SHIFT) | 1, 11);
        assert_eq!((('A' as u32) << CHAR_SHIFT) | CHAR_TAG, 0x416);
    }
}
