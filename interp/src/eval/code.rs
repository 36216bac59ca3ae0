//! Bytecode: what `compile` makes of a lambda's `Node` body and what `run` executes.
//!
//! A lambda's code is a sequence of 32-bit words: an opcode, then its operands. Operands are frame
//! slots, free-value indices, constants (`Value` words, kept alive by the lambda's code unit), global
//! cell addresses, jump targets (absolute word addresses: code never moves, it lives as long as its
//! lambda, i.e. forever) and argument counts. The operand stack is the value stack above the
//! frame's locals, so every temporary is a GC root, exactly as in the tree walker it replaces.

use crate::ir::node::Lambda;

/// Opcodes. `[a b]` lists the operand words; "push"/"pop" refer to the operand stack.
pub mod op {
    /// `[v]` push constant `v`.
    pub const CONST: u32 = 0;
    /// `[i]` push frame slot `i`.
    pub const LOCAL: u32 = 1;
    /// `[i]` push the contents of the box in frame slot `i`.
    pub const LOCAL_BOX: u32 = 2;
    /// `[i]` push free value `i` of the running closure.
    pub const FREE: u32 = 3;
    /// `[i]` push the contents of the box that is free value `i`.
    pub const FREE_BOX: u32 = 4;
    /// `[cell]` push a global's value ("unbound variable" if it has none).
    pub const GLOBAL: u32 = 5;
    /// `[i]` pop into frame slot `i`.
    pub const SET_LOCAL: u32 = 6;
    /// `[i]` pop into the box in frame slot `i`.
    pub const SET_LOCAL_BOX: u32 = 7;
    /// `[i]` pop into the box that is free value `i`.
    pub const SET_FREE_BOX: u32 = 8;
    /// `[cell]` pop into a bound global ("unbound variable" otherwise).
    pub const SET_GLOBAL: u32 = 9;
    /// `[cell]` pop into a global, bound or not.
    pub const DEFINE: u32 = 10;
    /// `[i]` replace frame slot `i` by a fresh box holding its value.
    pub const BOX_LOCAL: u32 = 11;
    /// Drop the top of the operand stack.
    pub const POP: u32 = 12;
    /// `[target]` continue at `target`.
    pub const JUMP: u32 = 13;
    /// `[target]` pop; continue at `target` if it was `#f`.
    pub const JUMP_FALSE: u32 = 14;
    /// `[node]` push a new closure of the `Node::Closure` at address `node`.
    pub const CLOSURE: u32 = 15;
    /// `[c free t]` store frame slot `t` as free value `free` of the closure in slot `c`.
    pub const FIX_PATCH: u32 = 16;
    /// `[argc]` call the procedure below the `argc` topmost values; push its result.
    pub const CALL: u32 = 17;
    /// `[argc]` tail call: the procedure and arguments replace the running frame.
    pub const TAIL_CALL: u32 = 18;
    /// Pop the result and return it to the caller.
    pub const RETURN: u32 = 19;
    /// End of an activation of the run loop (the bottom record of every activation).
    pub const EXIT: u32 = 20;
    /// The callee's frame was moved to a new stack segment: go back to the previous one.
    pub const UNDERFLOW: u32 = 21;
    /// `[kind]` a continuation frame's record (`vm::kont`): hand the callee's value to the
    /// kind's resume function.
    pub const KONT: u32 = 22;
    /// `[cell argc]` fused `GLOBAL cell; …args…; CALL argc` for arguments that run no code: the
    /// procedure is read from the cell at the call.
    pub const CALL_GLOBAL: u32 = 24;
    /// `[cell argc]` as `CALL_GLOBAL`, in tail position.
    pub const TAIL_CALL_GLOBAL: u32 = 25;
    /// `[v]` return constant `v`.
    pub const RETURN_CONST: u32 = 26;
    /// `[i]` return frame slot `i`.
    pub const RETURN_LOCAL: u32 = 27;

    /// First opcode of the inline primitives (`prim_op`): `[cell prim]` with the operands on the
    /// stack (they run no code, so the procedure is read from the cell afterwards), or, for the
    /// `_P` forms, `[prim]` with the procedure pushed below the operands.
    pub const PRIM_BASE: u32 = 32;
}

/// Whether `opcode` is one of the tail calls (the frame is replaced by the callee's).
pub fn is_tail_call(opcode: u32) -> bool {
    opcode == op::TAIL_CALL || opcode == op::TAIL_CALL_GLOBAL
}

/// The primitives the interpreter runs inline when a call's operator is a global that holds
/// them. Each has a fast path and otherwise calls whatever the global holds, like any call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum PrimOp {
    Add,
    Sub,
    Mul,
    NumEq,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Eqv,
    Not,
    NullP,
    PairP,
    ZeroP,
    Car,
    Cdr,
    Cons,
    SetCar,
    SetCdr,
    VectorRef,
    VectorSet,
    VectorLength,
}

/// Number of `PrimOp`s.
pub const PRIM_OPS: u32 = 22;

impl PrimOp {
    /// The operation of a primitive's name, if it has an inline form for `argc` arguments.
    /// Names map to operations in one place, `kiln_jit::ir::PrimOp::named`; the interpreter
    /// runs a subset of the JIT's inline operations.
    pub fn of(name: &str, argc: usize) -> Option<PrimOp> {
        use kiln_jit::ir::PrimOp as J;
        use PrimOp::*;
        let op = match J::named(name)? {
            J::Add => Add,
            J::Sub => Sub,
            J::Mul => Mul,
            J::NumEq => NumEq,
            J::Lt => Lt,
            J::Gt => Gt,
            J::Le => Le,
            J::Ge => Ge,
            J::Eq => Eq,
            J::Eqv => Eqv,
            J::Not => Not,
            J::NullP => NullP,
            J::PairP => PairP,
            J::ZeroP => ZeroP,
            J::Car => Car,
            J::Cdr => Cdr,
            J::Cons => Cons,
            J::SetCar => SetCar,
            J::SetCdr => SetCdr,
            J::VectorRef => VectorRef,
            J::VectorSet => VectorSet,
            J::VectorLength => VectorLength,
            _ => return None,
        };
        (op.arity() == argc).then_some(op)
    }

    /// Operand count of the inline form.
    pub fn arity(self) -> usize {
        use PrimOp::*;
        match self {
            Not | NullP | PairP | ZeroP | Car | Cdr | VectorLength => 1,
            VectorSet => 3,
            _ => 2,
        }
    }

    /// The opcode of this operation: the cell form, or with `pushed` the form whose procedure
    /// was pushed below the operands.
    pub const fn opcode(self, pushed: bool) -> u32 {
        op::PRIM_BASE + 2 * self as u32 + pushed as u32
    }

    /// The operation and form of an inline-primitive opcode.
    pub fn decode(opcode: u32) -> (PrimOp, bool) {
        let k = opcode - op::PRIM_BASE;
        debug_assert!(k < 2 * PRIM_OPS);
        // SAFETY: `k / 2 < PRIM_OPS`, and `PrimOp` is a `repr(u32)` enum of `PRIM_OPS` values.
        (
            unsafe { std::mem::transmute::<u32, PrimOp>(k / 2) },
            k % 2 == 1,
        )
    }
}

/// The bytecode of one lambda. Leaked: closures of the lambda may run at any time.
pub struct Code {
    pub lambda: &'static Lambda,
    /// Required parameters.
    pub nreq: u32,
    /// Has a rest parameter.
    pub rest: bool,
    /// Parameters and locals, in slots.
    pub frame: u32,
    /// Slots the frame may use, temporaries included, plus a margin: checked once on entry.
    pub room: u32,
    /// Parameter slots boxed on entry.
    pub boxed_params: Box<[u32]>,
    /// The argument count the fast entry path takes (`nreq` if there is no rest parameter and no
    /// boxed parameter, else `u32::MAX`: every call takes the general path).
    pub fast_argc: u32,
    /// The instructions; execution starts at the first word.
    pub words: Box<[u32]>,
    /// Position table: the instructions that can fail or call and their expressions' source
    /// positions, in order (read only to print a backtrace, `backtrace::sites`).
    pub sites: Box<[crate::backtrace::sites::Site]>,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Code({} words)", self.words.len())
    }
}

impl Code {
    /// Address of the first instruction.
    #[inline]
    pub fn start(&self) -> *const u32 {
        self.words.as_ptr()
    }
}
