//! Code generation for one lambda: JIT IR → the body of a Wasm function of type
//! `(proc i32, argc i32, argv i32) -> i32`.
//!
//! Every Scheme variable lives in the frame on the value stack (as in the interpreter), so the
//! GC sees it. Temporaries that must survive a call are pushed as frame slots above the locals,
//! exactly like the interpreter's operand pushes: a temporary slot is claimed only when its value
//! is stored, so nothing below the VM's `sp` is ever unwritten.

mod call;
mod expr;
mod prim;

use crate::ir::{Batch, Function};
use crate::layout::value;
use crate::runtime::Rt;
use wasm_encoder::{BlockType, Instruction as I, MemArg, ValType};

/// Parameter locals of every compiled function.
pub const PROC: u32 = 0;
pub const ARGC: u32 = 1;
pub const ARGV: u32 = 2;

/// Type index of `(i32 i32 i32) -> i32` in an aux module.
pub const CODE_TYPE: u32 = 0;

/// The scratch locals of every compiled function. Each temporary lives within one emission pattern
/// (a store, a call, an inline primitive), so one local per role suffices; few locals keep
/// Cranelift's compile time low.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scratch {
    /// A value about to be stored (frame slot, box, temporary).
    Value,
    /// A call's result, tested for 0.
    Result,
    /// The procedure being called.
    Callee,
    /// The frame address a tail call copies to.
    Dest,
    /// A global's value, tested for unassigned.
    Global,
    /// A condition turned into `#t`/`#f`.
    Bool,
    /// An inline primitive's operands.
    Op0,
    Op1,
    Op2,
    /// A vector index.
    Index,
    /// A 64-bit fixnum arithmetic result.
    Wide,
    /// The VM's call depth during a non-tail call (see `enter_call`).
    Depth,
}

impl Scratch {
    pub(crate) const OPERANDS: [Scratch; 3] = [Scratch::Op0, Scratch::Op1, Scratch::Op2];
    const ALL: [Scratch; 12] = [
        Scratch::Value,
        Scratch::Result,
        Scratch::Callee,
        Scratch::Dest,
        Scratch::Global,
        Scratch::Bool,
        Scratch::Op0,
        Scratch::Op1,
        Scratch::Op2,
        Scratch::Index,
        Scratch::Wide,
        Scratch::Depth,
    ];
}

/// State while compiling one function.
pub struct Emitter<'a> {
    pub(crate) batch: &'a Batch,
    pub(crate) func: &'a Function,
    /// Function index of the batch's first compiled function.
    pub(crate) func_base: u32,
    pub(crate) code: Vec<I<'static>>,
    /// Next free temporary slot (frame-relative).
    pub(crate) temp_top: u32,
    max_slot: u32,
}

/// A 32-bit memory access at `offset`.
pub fn mem(offset: u32) -> MemArg {
    MemArg {
        offset: offset as u64,
        align: 2,
        memory_index: 0,
    }
}

/// A 64-bit float access at `offset`.
pub fn mem64(offset: u32) -> MemArg {
    MemArg {
        offset: offset as u64,
        align: 3,
        memory_index: 0,
    }
}

/// Compiles `func` (function number `index` of the batch).
pub fn compile(batch: &Batch, func: &Function, func_base: u32) -> wasm_encoder::Function {
    let mut e = Emitter {
        batch,
        func,
        func_base,
        code: Vec::new(),
        temp_top: func.frame,
        max_slot: func.frame,
    };
    e.expr(&func.body);
    let body = std::mem::take(&mut e.code);
    e.prologue();
    e.code.extend(body);
    e.code.push(I::End);
    let locals = Scratch::ALL.map(|s| {
        if s == Scratch::Wide {
            ValType::I64
        } else {
            ValType::I32
        }
    });
    let mut f = wasm_encoder::Function::new_with_locals_types(locals);
    for i in &e.code {
        f.instruction(i);
    }
    f
}

impl Emitter<'_> {
    pub(crate) fn emit(&mut self, i: I<'static>) {
        self.code.push(i);
    }

    /// The local for scratch role `s` (after the three parameters).
    pub(crate) fn scratch(&mut self, s: Scratch) -> u32 {
        3 + s as u32
    }

    /// Loads frame slot `n`.
    pub(crate) fn load_slot(&mut self, n: u32) {
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Load(mem(4 * n)));
    }

    /// Stores the value in local `v` into frame slot `n`.
    pub(crate) fn store_slot(&mut self, n: u32, v: u32) {
        self.emit(I::LocalGet(ARGV));
        self.emit(I::LocalGet(v));
        self.emit(I::I32Store(mem(4 * n)));
    }

    /// Pops the value on the Wasm stack into a new temporary slot; returns the slot.
    pub(crate) fn push_temp(&mut self) -> u32 {
        let v = self.scratch(Scratch::Value);
        self.emit(I::LocalSet(v));
        let slot = self.temp_top;
        self.store_slot(slot, v);
        self.temp_top += 1;
        self.max_slot = self.max_slot.max(self.temp_top);
        slot
    }

    /// Makes the VM's `sp` cover every live slot (before any runtime call).
    pub(crate) fn sync_sp(&mut self) {
        self.sync_sp_to(self.temp_top);
    }

    pub(crate) fn sync_sp_to(&mut self, slots: u32) {
        self.emit(I::I32Const(self.batch.vm.sp as i32));
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Const(4 * slots as i32));
        self.emit(I::I32Add);
        self.emit(I::I32Store(mem(0)));
    }

    /// Calls a runtime function (arguments already pushed), after syncing `sp`.
    pub(crate) fn runtime(&mut self, rt: Rt) {
        self.emit(I::Call(rt.index()));
    }

    /// After a call whose result is on the stack: a 0 result means an unwind (return 0) or a
    /// pending tail call in the callee's frame at `fslot` (perform it now).
    pub(crate) fn check_result(&mut self, fslot: u32) {
        let r = self.scratch(Scratch::Result);
        self.emit(I::LocalTee(r));
        self.emit(I::I32Eqz);
        self.emit(I::If(BlockType::Empty));
        // `kiln_rt_settle` sets `sp` itself, from the pending call's argument count.
        self.slot_address(fslot);
        self.runtime(Rt::Settle);
        self.emit(I::LocalTee(r));
        self.emit(I::I32Eqz);
        self.emit(I::If(BlockType::Empty));
        self.emit(I::I32Const(0));
        self.emit(I::Return);
        self.emit(I::End);
        self.emit(I::End);
        self.emit(I::LocalGet(r));
    }

    /// Returns 0 if the value on the stack is 0 (an unwind from a runtime call), else keeps it.
    pub(crate) fn propagate_zero(&mut self) {
        let r = self.scratch(Scratch::Result);
        self.emit(I::LocalTee(r));
        self.emit(I::I32Eqz);
        self.emit(I::If(BlockType::Empty));
        self.emit(I::I32Const(0));
        self.emit(I::Return);
        self.emit(I::End);
        self.emit(I::LocalGet(r));
    }

    /// Pushes the address of frame slot `n`.
    pub(crate) fn slot_address(&mut self, n: u32) {
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Const(4 * n as i32));
        self.emit(I::I32Add);
    }

    /// Argument count check, stack check, rest list, local initialisation, boxing of parameters.
    fn prologue(&mut self) {
        let f = self.func;
        // Arity.
        self.emit(I::LocalGet(ARGC));
        self.emit(I::I32Const(f.nreq as i32));
        self.emit(if f.rest { I::I32LtU } else { I::I32Ne });
        self.emit(I::If(BlockType::Empty));
        self.sync_sp_arity();
        self.emit(I::LocalGet(PROC));
        self.emit(I::LocalGet(ARGC));
        self.runtime(Rt::Arity);
        self.emit(I::Return);
        self.emit(I::End);
        // Stack room for the whole frame, temporaries included, in the current segment; if it
        // does not fit, the runtime performs this call in a new segment.
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Const(4 * (self.max_slot as i32 + 2)));
        self.emit(I::I32Add);
        self.emit(I::I32Const(self.batch.vm.stack_limit as i32));
        self.emit(I::I32Load(mem(0)));
        self.emit(I::I32GtU);
        self.emit(I::If(BlockType::Empty));
        self.emit(I::LocalGet(PROC));
        self.emit(I::LocalGet(ARGC));
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Const(self.max_slot as i32 + 2));
        self.runtime(Rt::Grow);
        self.emit(I::Return);
        self.emit(I::End);
        if f.rest {
            self.sync_sp_arity();
            self.emit(I::LocalGet(ARGV));
            self.emit(I::I32Const(f.nreq as i32));
            self.emit(I::LocalGet(ARGC));
            self.runtime(Rt::Rest);
            let v = self.scratch(Scratch::Value);
            self.emit(I::LocalSet(v));
            self.store_slot(f.nreq, v);
        }
        let first = f.nreq + f.rest as u32;
        for n in first..self.max_slot {
            self.emit(I::LocalGet(ARGV));
            self.emit(I::I32Const(value::VOID as i32));
            self.emit(I::I32Store(mem(4 * n)));
        }
        for &p in &f.boxed_params.clone() {
            self.sync_sp_to(f.frame);
            self.load_slot(p);
            self.runtime(Rt::Box);
            let v = self.scratch(Scratch::Value);
            self.emit(I::LocalSet(v));
            self.store_slot(p, v);
        }
    }

    /// `sp = argv + 4 * argc`: covers exactly the arguments (used before the frame is set up).
    fn sync_sp_arity(&mut self) {
        self.emit(I::I32Const(self.batch.vm.sp as i32));
        self.emit(I::LocalGet(ARGV));
        self.emit(I::LocalGet(ARGC));
        self.emit(I::I32Const(2));
        self.emit(I::I32Shl);
        self.emit(I::I32Add);
        self.emit(I::I32Store(mem(0)));
    }
}
