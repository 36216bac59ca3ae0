//! Inline allocation (ARCHITECTURE.md, "Inline allocation"): pairs, `list`, `vector`,
//! `make-vector` of a constant length, boxes, closures and flonums are bumped from the heap's
//! allocation region; only when it is exhausted (always, under `--gc-stress`) does the code call
//! the refill `kiln_rt_alloc`, which may collect.
//!
//! Roots: the refill is a safepoint (dirty variables stored inline, then the module's `Refill`
//! helper sets `sp` above every live slot). The values stored into a fresh object must be reachable across it, so they are always
//! constants, frame slots, free values of this closure (the closure is in its frame's procedure
//! slot) or temporaries below `sp` — never a value only in a Wasm local. A `list` keeps its
//! partial list in a temporary slot; a box's content waits in the slot the box goes to.

use super::{mem, mem64, Emitter, Helper, Scratch, ARGV, PROC};
use crate::ir::Expr;
use crate::layout::{alloc, boxed, closure, flonum, header, pair, tag, value, vector};
use crate::runtime::Rt;
use wasm_encoder::{BlockType, Instruction as I};

/// Vectors at most this long are filled by straight-line stores; longer ones by a loop.
const UNROLL: u32 = 8;

impl Emitter<'_> {
    /// Allocates an object of type `t` and `size` bytes (at most `alloc::INLINE_MAX`); returns
    /// the scratch local holding its address. Its fields are zero; the caller stores them before
    /// anything else can allocate.
    pub(crate) fn alloc(&mut self, t: u32, size: u32) -> u32 {
        self.alloc_then(t, size, |e| {
            e.spill_dirty();
            e.temp_top
        })
    }

    /// [`Emitter::alloc`] with `safepoint` making the frame a root before the refill: it
    /// returns the number of live frame slots, which `sp` must cover.
    pub(crate) fn alloc_then(
        &mut self,
        t: u32,
        size: u32,
        safepoint: impl FnOnce(&mut Self) -> u32,
    ) -> u32 {
        let size = alloc::rounded(size);
        debug_assert!(
            size <= alloc::INLINE_MAX,
            "{size} bytes is no inline allocation"
        );
        let region = self.batch.vm.region as i32;
        let c = self.scratch(Scratch::Alloc);
        // limit - cursor >= size (unsigned: the region never runs backwards).
        self.emit(I::I32Const(region));
        self.emit(I::I32Load(mem(alloc::LIMIT)));
        self.emit(I::I32Const(region));
        self.emit(I::I32Load(mem(alloc::CURSOR)));
        self.emit(I::LocalTee(c));
        self.emit(I::I32Sub);
        self.emit(I::I32Const(size as i32));
        self.emit(I::I32GeU);
        self.emit(I::If(BlockType::Empty));
        self.emit(I::I32Const(region));
        self.emit(I::LocalGet(c));
        self.emit(I::I32Const(size as i32));
        self.emit(I::I32Add);
        self.emit(I::I32Store(mem(alloc::CURSOR)));
        self.emit(I::LocalGet(c));
        self.emit(I::I32Const(t as i32));
        self.emit(I::I32Store(mem(header::OFFSET)));
        self.emit(I::Else);
        // The refill may collect: a safepoint. What it stores is stored on this path only.
        let refill = self.conditional(|e| {
            let slots = safepoint(e);
            e.slot_address(slots);
            e.emit(I::I32Const(t as i32));
            e.emit(I::I32Const(size as i32));
            e.call_helper(Helper::Refill);
            e.emit(I::LocalSet(c));
        });
        let bumped = self.conditional(|_| {});
        self.emit(I::End);
        self.join(&[bumped, refill]);
        c
    }

    /// Stores the value on the stack at `offset` in the fresh object in local `c`.
    fn store_field(&mut self, c: u32, offset: u32, value_local: u32) {
        self.emit(I::LocalGet(c));
        self.emit(I::LocalGet(value_local));
        self.emit(I::I32Store(mem(offset)));
    }

    /// `(cons a b)` of the operand locals (rooted: see the module comment).
    pub(crate) fn cons(&mut self, car: u32, cdr: u32) {
        let c = self.alloc(tag::PAIR, pair::SIZE);
        self.store_field(c, pair::CAR, car);
        self.store_field(c, pair::CDR, cdr);
        self.emit(I::LocalGet(c));
    }

    /// `(list a …)` of the operand locals: pairs from the last element to the first, the list
    /// built so far kept in a temporary slot across each allocation after the first.
    pub(crate) fn list(&mut self, items: &[u32]) {
        let tail = self.scratch(Scratch::Tail);
        let mark = self.temp_top;
        let mut slot = None;
        self.emit(I::I32Const(value::NIL as i32));
        self.emit(I::LocalSet(tail));
        for (k, &item) in items.iter().enumerate().rev() {
            if k + 1 < items.len() {
                // The partial list must survive this allocation's refill.
                match slot {
                    None => {
                        self.emit(I::LocalGet(tail));
                        slot = Some(self.push_temp());
                    }
                    Some(s) => self.store_slot(s, tail),
                }
            }
            let c = self.alloc(tag::PAIR, pair::SIZE);
            self.store_field(c, pair::CAR, item);
            self.store_field(c, pair::CDR, tail);
            self.emit(I::LocalGet(c));
            self.emit(I::LocalSet(tail));
        }
        self.emit(I::LocalGet(tail));
        self.temp_top = mark;
    }

    /// `(vector a …)` of the operand locals.
    pub(crate) fn vector_of(&mut self, items: &[u32]) {
        let n = items.len() as u32;
        let c = self.alloc(tag::VECTOR, vector::size(n));
        self.vector_length(c, n);
        for (i, &item) in items.iter().enumerate() {
            self.store_field(c, vector::element(i as u32), item);
        }
        self.emit(I::LocalGet(c));
    }

    /// `(make-vector len fill)` for a constant `len`; `fill` is `None` for the one-argument form
    /// (the primitive's default fill, the unspecified value).
    pub(crate) fn make_vector(&mut self, len: u32, fill: Option<u32>) {
        let c = self.alloc(tag::VECTOR, vector::size(len));
        self.vector_length(c, len);
        let fill_value = |e: &mut Self| match fill {
            Some(f) => e.emit(I::LocalGet(f)),
            None => e.emit(I::I32Const(value::VOID as i32)),
        };
        if len <= UNROLL {
            for i in 0..len {
                self.emit(I::LocalGet(c));
                fill_value(self);
                self.emit(I::I32Store(mem(vector::element(i))));
            }
        } else {
            // for (p = c + 4 * len; p != c; p -= 4) store(p + ELEMENTS - 4, fill)
            let p = self.scratch(Scratch::Tail);
            self.emit(I::LocalGet(c));
            self.emit(I::I32Const((crate::layout::WORD * len) as i32));
            self.emit(I::I32Add);
            self.emit(I::LocalSet(p));
            self.emit(I::Loop(BlockType::Empty));
            self.emit(I::LocalGet(p));
            fill_value(self);
            self.emit(I::I32Store(mem(vector::ELEMENTS - crate::layout::WORD)));
            self.emit(I::LocalGet(p));
            self.emit(I::I32Const(crate::layout::WORD as i32));
            self.emit(I::I32Sub);
            self.emit(I::LocalTee(p));
            self.emit(I::LocalGet(c));
            self.emit(I::I32Ne);
            self.emit(I::BrIf(0));
            self.emit(I::End);
        }
        self.emit(I::LocalGet(c));
    }

    fn vector_length(&mut self, c: u32, n: u32) {
        self.emit(I::LocalGet(c));
        self.emit(I::I32Const(n as i32));
        self.emit(I::I32Store(mem(vector::LENGTH)));
    }

    /// Boxes the value of frame slot `slot` in place: the slot keeps the value alive across the
    /// allocation, then holds the box.
    pub(crate) fn box_slot(&mut self, slot: u32) {
        let c = self.alloc(tag::BOX, boxed::SIZE);
        self.emit(I::LocalGet(c));
        self.load_slot(slot);
        self.emit(I::I32Store(mem(boxed::VALUE)));
        self.store_slot(slot, c);
    }

    /// A flonum holding the `f64` that `value` pushes (after the allocation, so it may read
    /// flonum operands kept alive as operands are).
    pub(crate) fn flonum(&mut self, value: impl FnOnce(&mut Self)) {
        let c = self.alloc(tag::FLONUM, flonum::SIZE);
        self.emit(I::LocalGet(c));
        value(self);
        self.emit(I::F64Store(mem64(flonum::VALUE)));
        self.emit(I::LocalGet(c));
    }

    /// `Expr::Closure`: inline if it fits, else by the runtime from the interpreter's node.
    pub(crate) fn closure(&mut self, node: u32, lambda: u32, code_slot: u32, captures: &[Expr]) {
        let size = closure::size(captures.len() as u32);
        if alloc::rounded(size) > alloc::INLINE_MAX {
            self.sync_sp();
            self.emit(I::I32Const(node as i32));
            self.emit(I::LocalGet(ARGV));
            self.emit(I::LocalGet(PROC));
            self.runtime(Rt::Closure);
            return;
        }
        let c = self.alloc(tag::CLOSURE, size);
        // The code: the lambda's table index once compiled, else the generic entry.
        let code = self.scratch(Scratch::Tail);
        self.emit(I::LocalGet(c));
        self.emit(I::I32Const(code_slot as i32));
        self.emit(I::I32Load(mem(0)));
        self.emit(I::LocalTee(code));
        self.emit(I::I32Const(self.batch.vm.generic_entry as i32));
        self.emit(I::LocalGet(code));
        self.emit(I::Select);
        self.emit(I::I32Store(mem(closure::CODE)));
        self.emit(I::LocalGet(c));
        self.emit(I::I32Const(lambda as i32));
        self.emit(I::I32Store(mem(closure::LAMBDA)));
        for (i, cap) in captures.iter().enumerate() {
            debug_assert!(
                matches!(cap, Expr::Local(_) | Expr::Free(_)),
                "a capture is a variable"
            );
            self.emit(I::LocalGet(c));
            self.expr(cap);
            self.emit(I::I32Store(mem(closure::free(i as u32))));
        }
        self.emit(I::LocalGet(c));
    }
}
