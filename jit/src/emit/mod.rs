//! Code generation for one lambda: JIT IR → the body of a Wasm function of type
//! `(proc i32, argc i32, argv i32) -> i32`.
//!
//! Every Scheme variable lives in the frame on the value stack (as in the interpreter), so the
//! GC sees it; the optimizing tier also caches variables in Wasm locals (`vars`). Temporaries that
//! must survive a call are pushed as frame slots above the locals, exactly like the interpreter's
//! operand pushes: a temporary slot is claimed only when its value is stored, so nothing below the
//! VM's `sp` is ever unwritten.

mod alloc;
mod call;
mod code;
mod expr;
mod helpers;
mod live;
mod loops;
mod prim;
mod prim_data;
mod prim_more;
mod vars;

use crate::ir::{Batch, Expr, Function, Tier};
use crate::layout::{boxed, tag, value};
use crate::runtime::Rt;
use code::Code;
use helpers::Helper;
pub use helpers::Helpers;
use vars::Vars;
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
    Op3,
    Op4,
    Op5,
    /// A vector index.
    Index,
    /// A 64-bit fixnum arithmetic result.
    Wide,
    /// The VM's call depth during a non-tail call (see `enter_call`).
    Depth,
    /// A second integer intermediate of an inline primitive (a quotient, a code point).
    Aux,
    /// The object an inline allocation returns (`alloc`).
    Alloc,
    /// A second value of an inline allocation (a list's tail, a closure's code).
    Tail,
}

impl Scratch {
    pub(crate) const OPERANDS: [Scratch; 6] = [
        Scratch::Op0,
        Scratch::Op1,
        Scratch::Op2,
        Scratch::Op3,
        Scratch::Op4,
        Scratch::Op5,
    ];
    const ALL: [Scratch; 18] = [
        Scratch::Value,
        Scratch::Result,
        Scratch::Callee,
        Scratch::Dest,
        Scratch::Global,
        Scratch::Bool,
        Scratch::Op0,
        Scratch::Op1,
        Scratch::Op2,
        Scratch::Op3,
        Scratch::Op4,
        Scratch::Op5,
        Scratch::Index,
        Scratch::Wide,
        Scratch::Depth,
        Scratch::Aux,
        Scratch::Alloc,
        Scratch::Tail,
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
    /// This function's number in the batch.
    pub(crate) index: u32,
    /// The optimizing tier's cached variables (`None`: the baseline tier).
    pub(crate) vars: Option<Vars>,
    /// Open blocks (`block`, `loop`, `if`) at the emission point: labels are depths, branches
    /// are computed from them (see [`Emitter::br_to`]).
    pub(crate) depth: u32,
    /// The label of the loop around the body that self tail calls branch to (optimizing tier).
    pub(crate) self_loop: Option<u32>,
    /// The contified loops around the emission point, innermost last.
    pub(crate) loops: Vec<loops::LoopLabel>,
    /// The module's out-of-line helpers (shared by all its functions).
    helpers: &'a mut Helpers,
    /// The cached variables that may be read after the emission point (`live.rs`; optimizing
    /// tier): a safepoint stores only those.
    pub(crate) live: Vec<bool>,
    /// Set by an `if` whose test is a predicate primitive ([`crate::ir::PrimOp::is_test`]), for that
    /// primitive only: its fast path leaves the raw i32 condition, not `#t`/`#f`, and its slow
    /// path the value compared with `#f` (one `select` and one comparison less per test).
    pub(crate) fused_test: bool,
    /// Set by [`Emitter::test`] for the `if` or `let` it compiles as a test, for that expression
    /// only: its arms (its body) are compiled as tests too.
    pub(crate) nested_test: bool,
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

/// Compiles `func` (function number `index` of the batch); the helpers it calls are added to
/// `helpers`.
pub fn compile(
    batch: &Batch,
    func: &Function,
    func_base: u32,
    index: u32,
    helpers: &mut Helpers,
) -> wasm_encoder::Function {
    let optimizing = func.tier == Tier::Optimizing && func.frame <= vars::MAX_CACHED;
    let first_var = 3 + Scratch::ALL.len() as u32;
    let mut e = Emitter {
        batch,
        func,
        func_base,
        code: Vec::new(),
        temp_top: func.frame,
        max_slot: func.frame,
        index,
        vars: optimizing.then(|| Vars::new(first_var, func.frame)),
        depth: 0,
        self_loop: None,
        loops: Vec::new(),
        helpers,
        live: Vec::new(),
        fused_test: false,
        nested_test: false,
    };
    let cached = if optimizing { func.frame as usize } else { 0 };
    e.live = vec![false; cached];
    if optimizing && self_loops(func) && calls_itself_in_tail(&func.body, index) {
        // The body runs in a loop that self tail calls branch back to; they assign the parameters.
        e.emit(I::Loop(BlockType::Result(ValType::I32)));
        e.self_loop = Some(e.depth);
        e.params_dirty();
        // The back edges lead to the whole body again, the parameters assigned.
        e.live = live::loop_body(&e.live, 0, func.nreq, &func.body);
        e.expr(&func.body);
        e.emit(I::End);
    } else {
        e.expr(&func.body);
    }
    let body = std::mem::take(&mut e.code);
    e.prologue();
    e.code.extend(body);
    e.code.push(I::End);
    let mut locals: Vec<ValType> = Scratch::ALL
        .map(|s| {
            if s == Scratch::Wide {
                ValType::I64
            } else {
                ValType::I32
            }
        })
        .to_vec();
    if optimizing {
        locals.extend(std::iter::repeat_n(ValType::I32, func.frame as usize));
    }
    let mut f = wasm_encoder::Function::new_with_locals_types(locals);
    for i in &e.code {
        f.instruction(i);
    }
    f
}

/// Whether a self tail call can be a branch: the function takes exactly its required arguments
/// and none of them is boxed (a boxed parameter needs a fresh box per call).
fn self_loops(func: &Function) -> bool {
    !func.rest && func.boxed_params.is_empty()
}

/// Whether `e` contains a tail call known to be of function `index` of the batch.
fn calls_itself_in_tail(e: &Expr, index: u32) -> bool {
    if let Expr::Call(c) = e {
        if c.tail && c.known.is_some_and(|(_, i)| i == index) {
            return true;
        }
    }
    let mut found = false;
    e.for_each_child(|c| found = found || calls_itself_in_tail(c, index));
    found
}

impl Emitter<'_> {
    pub(crate) fn emit(&mut self, i: I<'static>) {
        match i {
            I::Block(_) | I::Loop(_) | I::If(_) => self.depth += 1,
            I::End => self.depth -= 1,
            _ => {}
        }
        self.code.push(i);
    }

    /// The relative depth of a branch from here to the block opened at depth `label`.
    pub(crate) fn br_to(&self, label: u32) -> u32 {
        self.depth - label
    }

    /// The local for scratch role `s` (after the three parameters).
    pub(crate) fn scratch(&mut self, s: Scratch) -> u32 {
        3 + s as u32
    }

    /// Loads frame slot `n` (from its local, if the optimizing tier caches it).
    pub(crate) fn load_slot(&mut self, n: u32) {
        match self.var_local(n) {
            Some(l) => self.emit(I::LocalGet(l)),
            None => self.load_mem(n),
        }
    }

    /// Loads frame slot `n` from linear memory.
    fn load_mem(&mut self, n: u32) {
        self.emit(I::LocalGet(ARGV));
        self.emit(I::I32Load(mem(4 * n)));
    }

    /// Stores the value in local `v` into frame slot `n` (into its local, which becomes dirty, if
    /// the optimizing tier caches it).
    pub(crate) fn store_slot(&mut self, n: u32, v: u32) {
        match self.var_local(n) {
            Some(l) => {
                self.emit(I::LocalGet(v));
                self.emit(I::LocalSet(l));
                if let Some(vars) = &mut self.vars {
                    vars.dirty[n as usize] = true;
                }
            }
            None => self.store_mem(n, v),
        }
    }

    /// After [`Emitter::store_slot`] of local `v`: stores it to the frame slot too, so that a
    /// cached variable is clean.
    pub(crate) fn store_clean(&mut self, n: u32, v: u32) {
        if let Some(vars) = &mut self.vars {
            if let Some(d) = vars.dirty.get_mut(n as usize) {
                *d = false;
                self.store_mem(n, v);
            }
        }
    }

    /// Stores the value in local `v` into frame slot `n` in linear memory.
    fn store_mem(&mut self, n: u32, v: u32) {
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

    /// Makes the VM's `sp` cover every live slot, and the frame hold every variable (before any
    /// runtime call: a safepoint).
    pub(crate) fn sync_sp(&mut self) {
        self.spill_dirty();
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
    /// pending tail call in the callee's frame at `fslot` (perform it now, out of line).
    pub(crate) fn check_result(&mut self, fslot: u32, site: u32) {
        let r = self.scratch(Scratch::Result);
        self.emit(I::LocalTee(r));
        self.emit(I::I32Eqz);
        self.emit(I::If(BlockType::Empty));
        self.slot_address(fslot);
        self.emit(I::LocalGet(PROC));
        self.emit(I::I32Const(site as i32));
        self.call_helper(Helper::Settle);
        self.return_if_zero();
        self.emit(I::End);
        self.emit(I::LocalGet(r));
    }

    /// Calls out-of-line helper `h` (arguments already pushed).
    pub(crate) fn call_helper(&mut self, h: Helper) {
        let index = self.helpers.index(h);
        self.emit(I::Call(index));
    }

    /// After a helper's result: 0 is an unwind the helper has traced already (return 0), any
    /// other value is kept on the stack.
    pub(crate) fn unwound(&mut self) {
        self.return_if_zero();
        let r = self.scratch(Scratch::Result);
        self.emit(I::LocalGet(r));
    }

    /// Pops a helper's result into the `Result` scratch local, returning 0 if it is 0 (a traced
    /// unwind).
    fn return_if_zero(&mut self) {
        let r = self.scratch(Scratch::Result);
        self.emit(I::LocalTee(r));
        self.emit(I::I32Eqz);
        self.emit(I::If(BlockType::Empty));
        self.emit(I::I32Const(0));
        self.emit(I::Return);
        self.emit(I::End);
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
            self.store_mem(f.nreq, v);
        }
        // The variables' slots (a `let`'s, a loop's) may be under `sp` at a safepoint before
        // they are bound, so they start as a valid value. Temporaries need not: a temporary
        // slot is claimed (`push_temp`, a helper's staging) only by storing into it, and `sp`
        // never covers a slot above the temporaries in use — so slots from `func.frame` up are
        // left as they are (in fib, 7 stores per call).
        let first = f.nreq + f.rest as u32;
        for n in first..f.frame {
            self.emit(I::LocalGet(ARGV));
            self.emit(I::I32Const(value::VOID as i32));
            self.emit(I::I32Store(mem(4 * n)));
        }
        for &p in &f.boxed_params.clone() {
            // The parameter's slot keeps it alive across the allocation. (The variables' locals
            // are not set yet, so this reads and writes the frame.)
            let c = self.alloc_then(tag::BOX, boxed::SIZE, |_| f.frame);
            self.emit(I::LocalGet(c));
            self.load_mem(p);
            self.emit(I::I32Store(mem(boxed::VALUE)));
            self.store_mem(p, c);
        }
        // The optimizing tier's locals start equal to the frame.
        if let Some(vars) = &self.vars {
            let (first, count) = (vars.first, vars.count);
            for n in 0..count {
                self.load_mem(n);
                self.emit(I::LocalSet(first + n));
            }
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
