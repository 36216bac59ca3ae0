//! Calls. The procedure and arguments are pushed as temporaries (the callee's frame starts right
//! after the procedure slot), then:
//! - a *known* callee (a closure of a lambda compiled in this module) gets a guard and a direct
//!   `call` / `return_call`;
//! - any other procedure is called through its code slot with `call_indirect` /
//!   `return_call_indirect` (interpreted closures and primitives have the runtime's generic entry
//!   there);
//! - a non-procedure goes to the runtime, which raises the error.

use super::{mem, Emitter, Scratch, ARGV, CODE_TYPE, PROC};
use crate::ir::Call;
use crate::layout::{closure, header, procedure, tag};
use crate::runtime::Rt;
use wasm_encoder::{BlockType, Instruction as I, MemArg, ValType};

impl Emitter<'_> {
    pub(crate) fn call(&mut self, c: &Call) {
        let fslot = self.temp_top;
        self.expr(&c.func);
        self.push_temp();
        for a in &c.args {
            self.expr(a);
            self.push_temp();
        }
        self.call_staged(fslot, c.args.len() as u32, c.tail, c.known, c.site);
        self.temp_top = fslot;
    }

    /// Calls the procedure in temporary slot `fslot` with the `argc` arguments staged in the slots
    /// above it. Non-tail: leaves the result. Tail: replaces our frame and never returns here.
    pub(crate) fn call_staged(
        &mut self,
        fslot: u32,
        argc: u32,
        tail: bool,
        known: Option<(u32, u32)>,
        site: u32,
    ) {
        let f = self.scratch(Scratch::Callee);
        self.load_slot(fslot);
        self.emit(I::LocalSet(f));
        if tail && self.is_self_loop(known, argc) {
            self.self_tail_call(known, f, fslot, argc);
        } else if tail {
            self.tail_call(known, f, fslot, argc);
        } else {
            self.sync_sp();
            self.enter_call();
            self.emit(I::If(BlockType::Result(ValType::I32)));
            self.slot_address(fslot);
            self.emit(I::I32Const(argc as i32));
            self.runtime(Rt::DeepCall);
            self.emit(I::Else);
            self.dispatch(known, f, fslot, argc, false);
            self.emit(I::End);
            self.leave_call();
            self.check_result(fslot, site);
        }
    }

    /// Counts a non-tail call in the VM's depth of native calls and pushes whether it is past
    /// the limit: then the runtime performs the call (`kiln_rt_deep_call`: an interrupt is
    /// raised, `--max-depth` raises "stack overflow", and past the native stack's budget the
    /// call runs in the stackless interpreter). Tail calls are not counted: they replace a frame
    /// already counted.
    fn enter_call(&mut self) {
        let d = self.scratch(Scratch::Depth);
        let vm = self.batch.vm;
        self.emit(I::I32Const(vm.depth as i32));
        self.emit(I::I32Const(vm.depth as i32));
        self.emit(I::I32Load(mem(0)));
        self.emit(I::I32Const(1));
        self.emit(I::I32Add);
        self.emit(I::LocalTee(d));
        self.emit(I::I32Store(mem(0)));
        self.emit(I::LocalGet(d));
        self.emit(I::I32Const(vm.depth_limit as i32));
        self.emit(I::I32Load(mem(0)));
        self.emit(I::I32GtU);
    }

    /// Undoes `enter_call` after the callee returned (normally or unwinding): every call the
    /// callee made has been counted off again, so the depth is our `d - 1`.
    fn leave_call(&mut self) {
        let d = self.scratch(Scratch::Depth);
        self.emit(I::I32Const(self.batch.vm.depth as i32));
        self.emit(I::LocalGet(d));
        self.emit(I::I32Const(1));
        self.emit(I::I32Sub);
        self.emit(I::I32Store(mem(0)));
    }

    /// Whether a tail call to `known` with `argc` arguments is a call of this very function that
    /// can branch back to the top of its body (optimizing tier).
    fn is_self_loop(&self, known: Option<(u32, u32)>, argc: u32) -> bool {
        self.self_loop.is_some()
            && known.is_some_and(|(_, index)| index == self.index)
            && argc == self.func.nreq
    }

    /// A self tail call as a loop: behind the same guard as a direct call (the callee is a closure
    /// of this lambda — maybe another closure of it, so `proc` is replaced too), the staged
    /// arguments become the parameters and control goes back to the top of the body.
    fn self_tail_call(&mut self, known: Option<(u32, u32)>, f: u32, fslot: u32, argc: u32) {
        let (lambda, _) = known.expect("a self call is a known call");
        let top = self.self_loop.expect("the body is in a loop");
        self.is_closure_of(f, lambda);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        // Leaves by the back edge: nothing it stores or dirties reaches the code after the `if`.
        self.conditional(|e| {
            let v = e.scratch(Scratch::Value);
            for i in 0..argc {
                e.load_slot(fslot + 1 + i);
                e.emit(I::LocalSet(v));
                e.store_slot(i, v);
            }
            e.emit(I::LocalGet(f));
            e.emit(I::LocalSet(PROC));
            let depth = e.br_to(top);
            e.emit(I::Br(depth));
        });
        self.emit(I::Else);
        self.tail_call(known, f, fslot, argc);
        self.emit(I::End);
    }

    /// Moves the staged procedure and arguments over our own frame, then tail-calls.
    fn tail_call(&mut self, known: Option<(u32, u32)>, f: u32, fslot: u32, argc: u32) {
        let dst = self.scratch(Scratch::Dest);
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Const(4));
        self.emit(I::I32Sub);
        self.emit(I::LocalSet(dst));
        for i in 0..=argc {
            self.emit(I::LocalGet(dst));
            self.load_slot(fslot + i);
            self.emit(I::I32Store(mem(4 * i)));
        }
        self.emit(I::I32Const(self.batch.vm.sp as i32));
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Const(4 * argc as i32));
        self.emit(I::I32Add);
        self.emit(I::I32Store(mem(0)));
        // The callee's frame is now ours: procedure at argv - 4, arguments at argv.
        self.dispatch(known, f, u32::MAX, argc, true);
    }

    /// Emits the call proper; leaves the result (non-tail) or never returns (tail).
    /// `fslot` is the frame-relative procedure slot for non-tail calls.
    fn dispatch(&mut self, known: Option<(u32, u32)>, f: u32, fslot: u32, argc: u32, tail: bool) {
        if let Some((lambda, index)) = known {
            self.is_closure_of(f, lambda);
            self.emit(I::If(BlockType::Result(ValType::I32)));
            self.push_call_args(f, fslot, argc, tail);
            let func = self.func_base + index;
            self.emit(if tail {
                I::ReturnCall(func)
            } else {
                I::Call(func)
            });
            self.emit(I::Else);
            self.indirect(f, fslot, argc, tail);
            self.emit(I::End);
        } else {
            self.indirect(f, fslot, argc, tail);
        }
    }

    /// Pushes `(proc, argc, argv)` for the callee.
    fn push_call_args(&mut self, f: u32, fslot: u32, argc: u32, tail: bool) {
        self.emit(I::LocalGet(f));
        self.emit(I::I32Const(argc as i32));
        if tail {
            self.emit(I::LocalGet(ARGV));
        } else {
            self.slot_address(fslot + 1);
        }
    }

    /// Call through the code slot if `f` is a procedure, else let the runtime raise the error.
    fn indirect(&mut self, f: u32, fslot: u32, argc: u32, tail: bool) {
        self.is_procedure(f);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        self.push_call_args(f, fslot, argc, tail);
        self.emit(I::LocalGet(f));
        self.emit(I::I32Load(mem(procedure::CODE)));
        self.emit(if tail {
            I::ReturnCallIndirect {
                type_index: CODE_TYPE,
                table_index: 0,
            }
        } else {
            I::CallIndirect {
                type_index: CODE_TYPE,
                table_index: 0,
            }
        });
        self.emit(I::Else);
        if tail {
            self.emit(I::LocalGet(ARGV));
            self.emit(I::I32Const(4));
            self.emit(I::I32Sub);
        } else {
            self.slot_address(fslot);
        }
        self.emit(I::I32Const(argc as i32));
        self.runtime(Rt::Apply);
        self.emit(I::End);
    }

    /// Pushes whether `v` is a heap object (its low two bits are 0; 0 itself never reaches here).
    pub(crate) fn is_ptr(&mut self, v: u32) {
        self.emit(I::LocalGet(v));
        self.emit(I::I32Const(3));
        self.emit(I::I32And);
        self.emit(I::I32Eqz);
    }

    /// Pushes whether heap object or immediate `v` has type `t` (false for immediates).
    pub(crate) fn has_tag(&mut self, v: u32, t: u32) {
        self.is_ptr(v);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        self.tag_is(v, t);
        self.emit(I::Else);
        self.emit(I::I32Const(0));
        self.emit(I::End);
    }

    /// Pushes whether both `a` and `b` are heap objects of type `t`: one test of both pointers'
    /// low bits, then both tags (fewer blocks than two [`Emitter::has_tag`]s).
    pub(crate) fn both_have_tag(&mut self, a: u32, b: u32, t: u32) {
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(b));
        self.emit(I::I32Or);
        self.emit(I::I32Const(3));
        self.emit(I::I32And);
        self.emit(I::I32Eqz);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        self.tag_is(a, t);
        self.tag_is(b, t);
        self.emit(I::I32And);
        self.emit(I::Else);
        self.emit(I::I32Const(0));
        self.emit(I::End);
    }

    /// Pushes whether heap object `v`'s tag is `t`. The tag is the header's low byte
    /// (`header::TAG_MASK`; memory is little-endian), so one byte load reads it.
    fn tag_is(&mut self, v: u32, t: u32) {
        self.emit(I::LocalGet(v));
        self.emit(I::I32Load8U(tag_byte()));
        self.emit(I::I32Const(t as i32));
        self.emit(I::I32Eq);
    }

    pub(crate) fn is_procedure(&mut self, v: u32) {
        self.is_ptr(v);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        self.emit(I::LocalGet(v));
        self.emit(I::I32Load8U(tag_byte()));
        self.emit(I::I32Const(tag::PROC_MASK as i32));
        self.emit(I::I32And);
        self.emit(I::I32Const(tag::PROC_BITS as i32));
        self.emit(I::I32Eq);
        self.emit(I::Else);
        self.emit(I::I32Const(0));
        self.emit(I::End);
    }

    fn is_closure_of(&mut self, v: u32, lambda: u32) {
        self.has_tag(v, tag::CLOSURE);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        self.emit(I::LocalGet(v));
        self.emit(I::I32Load(mem(closure::LAMBDA)));
        self.emit(I::I32Const(lambda as i32));
        self.emit(I::I32Eq);
        self.emit(I::Else);
        self.emit(I::I32Const(0));
        self.emit(I::End);
    }
}

/// The header's tag byte (see [`Emitter::tag_is`]).
fn tag_byte() -> MemArg {
    const _: () = assert!(header::TAG_MASK == 0xFF, "the tag is the header's low byte");
    MemArg {
        offset: header::OFFSET as u64,
        align: 0,
        memory_index: 0,
    }
}
