//! Calls. The procedure and arguments are pushed as temporaries (the callee's frame starts right
//! after the procedure slot), then:
//! - a *known* callee (a closure of a lambda compiled in this module) gets a guard and a direct
//!   `call` / `return_call`;
//! - any other procedure (and a known callee whose guard fails) is called out of line by the
//!   module's `Call` / `TailCall` helper (`helpers.rs`): through its code
//!   slot with `call_indirect` / `return_call_indirect` (interpreted closures and primitives have
//!   the runtime's generic entry there); a non-procedure goes to the runtime, which raises the
//!   error.

use super::{mem, Code, Emitter, Helper, Scratch, ARGV, PROC};
use crate::ir::Call;
use crate::layout::{closure, tag};
use crate::runtime::Rt;
use wasm_encoder::{BlockType, Instruction as I, ValType};

/// A callee expected to be a closure of a lambda compiled in this module (`ir::Call::known`).
#[derive(Clone, Copy)]
pub(crate) struct Known {
    /// The lambda record's address.
    lambda: u32,
    /// Its function number in the batch.
    index: u32,
    /// The closure the callee's global held at lowering (`ir::Call::closure`).
    closure: Option<u32>,
}

impl Emitter<'_> {
    pub(crate) fn call(&mut self, c: &Call) {
        let fslot = self.temp_top;
        self.expr(&c.func);
        self.push_temp();
        for a in &c.args {
            self.expr(a);
            self.push_temp();
        }
        let known = c.known.map(|(lambda, index)| Known {
            lambda,
            index,
            closure: c.closure,
        });
        self.call_staged(fslot, c.args.len() as u32, c.tail, known, c.site);
        self.temp_top = fslot;
    }

    /// Calls the procedure in temporary slot `fslot` with the `argc` arguments staged in the slots
    /// above it. Non-tail: leaves the result. Tail: replaces our frame and never returns here.
    pub(crate) fn call_staged(
        &mut self,
        fslot: u32,
        argc: u32,
        tail: bool,
        known: Option<Known>,
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
            match known {
                Some(k) => {
                    self.is_closure_of(f, k);
                    self.emit(I::If(BlockType::Result(ValType::I32)));
                    self.known_call(f, fslot, argc, k.index, site);
                    self.emit(I::Else);
                    self.generic_call(fslot, argc, site);
                    self.emit(I::End);
                }
                None => self.generic_call(fslot, argc, site),
            }
        }
    }

    /// The direct call of function `index` of this module (its guard passed), counted in the
    /// depth; leaves the result.
    fn known_call(&mut self, f: u32, fslot: u32, argc: u32, index: u32, site: u32) {
        let d = self.scratch(Scratch::Depth);
        let vm = self.batch.vm;
        self.enter_call(&vm, d);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        self.slot_address(fslot);
        self.emit(I::I32Const(argc as i32));
        self.runtime(Rt::DeepCall);
        self.emit(I::Else);
        self.emit(I::LocalGet(f));
        self.emit(I::I32Const(argc as i32));
        self.slot_address(fslot + 1);
        self.emit(I::Call(self.func_base + index));
        self.emit(I::End);
        self.leave_call(&vm, d);
        self.check_result(fslot, site);
    }

    /// Any other non-tail call (`sp` synced): out of line, by the module's `Call` helper;
    /// leaves the result.
    fn generic_call(&mut self, fslot: u32, argc: u32, site: u32) {
        self.slot_address(fslot);
        self.emit(I::I32Const(argc as i32));
        self.emit(I::LocalGet(PROC));
        self.emit(I::I32Const(site as i32));
        self.call_helper(Helper::Call);
        self.unwound();
    }

    /// Whether a tail call to `known` with `argc` arguments is a call of this very function that
    /// can branch back to the top of its body (optimizing tier).
    fn is_self_loop(&self, known: Option<Known>, argc: u32) -> bool {
        self.self_loop.is_some()
            && known.is_some_and(|k| k.index == self.index)
            && argc == self.func.nreq
    }

    /// A self tail call as a loop: behind the same guard as a direct call (the callee is a closure
    /// of this lambda — maybe another closure of it, so `proc` is replaced too), the staged
    /// arguments become the parameters and control goes back to the top of the body.
    fn self_tail_call(&mut self, known: Option<Known>, f: u32, fslot: u32, argc: u32) {
        let k = known.expect("a self call is a known call");
        let top = self.self_loop.expect("the body is in a loop");
        self.is_closure_of(f, k);
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
    fn tail_call(&mut self, known: Option<Known>, f: u32, fslot: u32, argc: u32) {
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
        match known {
            Some(k) => {
                self.is_closure_of(f, k);
                self.emit(I::If(BlockType::Result(ValType::I32)));
                self.emit(I::LocalGet(f));
                self.emit(I::I32Const(argc as i32));
                self.emit(I::LocalGet(ARGV));
                self.emit(I::ReturnCall(self.func_base + k.index));
                self.emit(I::Else);
                self.generic_tail_call(f, argc);
                self.emit(I::End);
            }
            None => self.generic_tail_call(f, argc),
        }
    }

    /// Any other tail call, its frame in place of ours: a tail call of the module's `TailCall`
    /// helper, which tail-calls the procedure in local `f`.
    fn generic_tail_call(&mut self, f: u32, argc: u32) {
        self.emit(I::LocalGet(f));
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Const(argc as i32));
        let helper = self.helpers.index(Helper::TailCall);
        self.emit(I::ReturnCall(helper));
    }

    /// Pushes whether `v` is a closure of `k`'s lambda: `v` is `k`'s closure (one comparison),
    /// or an object of type closure whose lambda field is `k`'s lambda.
    fn is_closure_of(&mut self, v: u32, k: Known) {
        if let Some(c) = k.closure {
            self.emit(I::LocalGet(v));
            self.emit(I::I32Const(c as i32));
            self.emit(I::I32Eq);
            self.emit(I::If(BlockType::Result(ValType::I32)));
            self.emit(I::I32Const(1));
            self.emit(I::Else);
            self.is_closure_of(v, Known { closure: None, ..k });
            self.emit(I::End);
            return;
        }
        let lambda = k.lambda;
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
