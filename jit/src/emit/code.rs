//! Instruction sequences shared by compiled functions ([`Emitter`]) and the module's out-of-line
//! helpers (`helpers.rs`): type tests and the depth count around a non-tail call.

use super::{mem, Emitter};
use crate::ir::VmAddrs;
use crate::layout::{header, tag};
use wasm_encoder::{BlockType, Instruction as I, MemArg, ValType};

/// Somewhere instructions go, with the sequences built from them.
pub(crate) trait Code {
    fn put(&mut self, i: I<'static>);

    /// Pushes whether `v` is a heap object (its low two bits are 0; 0 itself never reaches here).
    fn is_ptr(&mut self, v: u32) {
        self.put(I::LocalGet(v));
        self.put(I::I32Const(3));
        self.put(I::I32And);
        self.put(I::I32Eqz);
    }

    /// Pushes whether heap object `v`'s tag is `t`. The tag is the header's low byte
    /// (`header::TAG_MASK`; memory is little-endian), so one byte load reads it.
    fn tag_is(&mut self, v: u32, t: u32) {
        self.put(I::LocalGet(v));
        self.put(I::I32Load8U(tag_byte()));
        self.put(I::I32Const(t as i32));
        self.put(I::I32Eq);
    }

    /// Pushes whether heap object or immediate `v` has type `t` (false for immediates).
    fn has_tag(&mut self, v: u32, t: u32) {
        self.is_ptr(v);
        self.put(I::If(BlockType::Result(ValType::I32)));
        self.tag_is(v, t);
        self.put(I::Else);
        self.put(I::I32Const(0));
        self.put(I::End);
    }

    /// Pushes whether both `a` and `b` are heap objects of type `t`: one test of both pointers'
    /// low bits, then both tags (fewer blocks than two [`Code::has_tag`]s).
    fn both_have_tag(&mut self, a: u32, b: u32, t: u32) {
        self.both_pointers_and(a, b, |code, v| code.tag_is(v, t));
    }

    /// Pushes whether both `a` and `b` are pointers for which `test` (given a pointer's local,
    /// pushing an i32 condition) holds: one test of both pointers' low bits, then `test` of each.
    fn both_pointers_and(&mut self, a: u32, b: u32, test: impl Fn(&mut Self, u32)) {
        self.put(I::LocalGet(a));
        self.put(I::LocalGet(b));
        self.put(I::I32Or);
        self.put(I::I32Const(3));
        self.put(I::I32And);
        self.put(I::I32Eqz);
        self.put(I::If(BlockType::Result(ValType::I32)));
        test(self, a);
        test(self, b);
        self.put(I::I32And);
        self.put(I::Else);
        self.put(I::I32Const(0));
        self.put(I::End);
    }

    /// Pushes whether heap object `v` is a boxed number (flonum, bignum or ratnum): the only
    /// objects `eqv?` compares by more than identity (`interp`'s `prims::equivalence::eqv`).
    fn is_boxed_number(&mut self, v: u32) {
        const _: () = assert!(
            tag::BIGNUM == tag::FLONUM + 1 && tag::RATNUM == tag::FLONUM + 2,
            "the boxed number tags are one range"
        );
        self.put(I::LocalGet(v));
        self.put(I::I32Load8U(tag_byte()));
        self.put(I::I32Const(tag::FLONUM as i32));
        self.put(I::I32Sub);
        self.put(I::I32Const((tag::RATNUM - tag::FLONUM + 1) as i32));
        self.put(I::I32LtU);
    }

    /// Pushes whether `v` (any value) is a boxed number.
    fn has_boxed_number(&mut self, v: u32) {
        self.is_ptr(v);
        self.put(I::If(BlockType::Result(ValType::I32)));
        self.is_boxed_number(v);
        self.put(I::Else);
        self.put(I::I32Const(0));
        self.put(I::End);
    }

    /// Pushes whether both `a` and `b` are boxed numbers.
    fn both_boxed_numbers(&mut self, a: u32, b: u32) {
        self.both_pointers_and(a, b, |code, v| code.is_boxed_number(v));
    }

    /// Pushes whether `v` is a procedure.
    fn is_procedure(&mut self, v: u32) {
        self.is_ptr(v);
        self.put(I::If(BlockType::Result(ValType::I32)));
        self.put(I::LocalGet(v));
        self.put(I::I32Load8U(tag_byte()));
        self.put(I::I32Const(tag::PROC_MASK as i32));
        self.put(I::I32And);
        self.put(I::I32Const(tag::PROC_BITS as i32));
        self.put(I::I32Eq);
        self.put(I::Else);
        self.put(I::I32Const(0));
        self.put(I::End);
    }

    /// Counts a non-tail call in the VM's depth of native calls (the new depth in local `d`) and
    /// pushes whether it is past the limit: then the runtime performs the call
    /// (`kiln_rt_deep_call`: an interrupt is raised, `--max-depth` raises "stack overflow", and
    /// past the native stack's budget the call runs in the stackless interpreter). Tail calls are
    /// not counted: they replace a frame already counted.
    fn enter_call(&mut self, vm: &VmAddrs, d: u32) {
        self.put(I::I32Const(vm.depth as i32));
        self.put(I::I32Const(vm.depth as i32));
        self.put(I::I32Load(mem(0)));
        self.put(I::I32Const(1));
        self.put(I::I32Add);
        self.put(I::LocalTee(d));
        self.put(I::I32Store(mem(0)));
        self.put(I::LocalGet(d));
        self.put(I::I32Const(vm.depth_limit as i32));
        self.put(I::I32Load(mem(0)));
        self.put(I::I32GtU);
    }

    /// Undoes `enter_call` after the callee returned (normally or unwinding): every call the
    /// callee made has been counted off again, so the depth is `d - 1`.
    fn leave_call(&mut self, vm: &VmAddrs, d: u32) {
        self.put(I::I32Const(vm.depth as i32));
        self.put(I::LocalGet(d));
        self.put(I::I32Const(1));
        self.put(I::I32Sub);
        self.put(I::I32Store(mem(0)));
    }
}

impl Code for Emitter<'_> {
    fn put(&mut self, i: I<'static>) {
        self.emit(i);
    }
}

impl Code for Vec<I<'static>> {
    fn put(&mut self, i: I<'static>) {
        self.push(i);
    }
}

/// The header's tag byte (see [`Code::tag_is`]).
fn tag_byte() -> MemArg {
    const _: () = assert!(header::TAG_MASK == 0xFF, "the tag is the header's low byte");
    MemArg {
        offset: header::OFFSET as u64,
        align: 0,
        memory_index: 0,
    }
}
