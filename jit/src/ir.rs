//! The JIT IR: the interpreter's IR of one lambda with every address resolved to a constant (global
//! cells, lambda records, the VM's stack pointer), so that the code generator needs nothing from the
//! runtime. `kiln-interp` lowers its `Node`s into this (see `interp/src/jit_glue/lower.rs`).
//!
//! Frame model (shared with the interpreter): slot `n` of a frame is at `argv + 4n`; slots
//! `0..frame` hold parameters and locals; code generation adds temporaries above them.

/// An inline-able primitive operation. Each has a fast path in JIT code and falls back to calling
/// the primitive object itself, so errors and unusual types behave exactly as interpreted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    Quotient,
    Remainder,
    Modulo,
    Abs,
    Min,
    Max,
    SymbolP,
    StringP,
    VectorP,
    CharP,
    BooleanP,
    ProcedureP,
    EofObjectP,
    CharToInteger,
    IntegerToChar,
    CharEq,
    CharLt,
    CharGt,
    CharLe,
    CharGe,
}

impl PrimOp {
    /// The number of arguments the inline form takes.
    pub fn arity(self) -> usize {
        use PrimOp::*;
        match self {
            Not | NullP | PairP | ZeroP | Car | Cdr | VectorLength | Abs | SymbolP | StringP
            | VectorP | CharP | BooleanP | ProcedureP | EofObjectP | CharToInteger
            | IntegerToChar => 1,
            VectorSet => 3,
            _ => 2,
        }
    }
}

/// One expression.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A constant value (immediate, or a rooted heap object).
    Const(u32),
    Local(u32),
    LocalBoxed(u32),
    Free(u32),
    FreeBoxed(u32),
    /// A global variable: the cell's address, and the reference's site id for backtraces
    /// (0: none), passed to `kiln_rt_trace` when it is unbound.
    Global(u32, u32),
    SetLocal(u32, Box<Expr>),
    SetLocalBoxed(u32, Box<Expr>),
    SetFreeBoxed(u32, Box<Expr>),
    /// `set!` of a global (checks it is bound).
    SetGlobal(u32, Box<Expr>),
    DefineGlobal(u32, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    Seq(Vec<Expr>),
    Call(Box<Call>),
    /// An inline primitive: `cell` is the global that must still hold `prim` for the fast path.
    Prim {
        op: PrimOp,
        cell: u32,
        prim: u32,
        args: Vec<Expr>,
        tail: bool,
        /// The call's site id for backtraces (0: none), passed to `kiln_rt_trace` when the
        /// slow path's call unwinds.
        site: u32,
    },
    Let {
        first: u32,
        inits: Vec<Expr>,
        boxed: Vec<bool>,
        body: Box<Expr>,
    },
    Letrec {
        first: u32,
        inits: Vec<Expr>,
        boxed: Vec<bool>,
        body: Box<Expr>,
    },
    /// Closures created by the runtime, then free values patched: `(closure, free, target)`.
    Fix {
        first: u32,
        closures: Vec<Expr>,
        patches: Vec<(u32, u32, u32)>,
        body: Box<Expr>,
    },
    /// Creates a closure: the runtime does it from the interpreter node at this address.
    Closure(u32),
    /// A contified local procedure (a named `let` whose procedure is only ever called, never
    /// escapes): no closure is made. Binds the parameter slots `first..first + inits.len()` of
    /// this frame, then runs `body` in a loop; its value is the body's.
    Loop {
        /// Names the loop for the [`Expr::Continue`]s of its body.
        id: u32,
        first: u32,
        inits: Vec<Expr>,
        body: Box<Expr>,
    },
    /// A call of the procedure of the enclosing [`Expr::Loop`] `id` in tail position of its
    /// body: assigns the loop's parameters (all arguments are evaluated first) and branches back
    /// to its head.
    Continue {
        id: u32,
        args: Vec<Expr>,
    },
}

/// A call.
#[derive(Clone, Debug)]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Expr>,
    pub tail: bool,
    /// The callee is expected to be a closure of this lambda record (address), compiled in the
    /// same module as function number `.1`: a guard then a direct call.
    pub known: Option<(u32, u32)>,
    /// The call's site id for backtraces (0: none): passed to `kiln_rt_trace` when the call
    /// unwinds, the only time it is read.
    pub site: u32,
}

/// One lambda to compile.
#[derive(Clone, Debug)]
pub struct Function {
    /// Address of the lambda record's code field: the patch function writes the table index there.
    pub code_slot: u32,
    /// Address of the lambda record (what closures point at).
    pub lambda: u32,
    pub nreq: u32,
    pub rest: bool,
    pub frame: u32,
    pub boxed_params: Vec<u32>,
    pub body: Expr,
    /// For the name section and `--dump-jit`.
    pub name: String,
    /// Which code generator compiles it.
    pub tier: Tier,
}

/// The JIT's two code generators (see ARCHITECTURE.md, "The JIT").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// A template translator: every variable and temporary in the frame in linear memory.
    Baseline,
    /// Variables in Wasm locals (spilled to their frame slots only at safepoints), self tail
    /// calls and contified local procedures as loops.
    Optimizing,
}

/// Addresses of VM state that JIT code reads and writes directly.
#[derive(Clone, Copy, Debug)]
pub struct VmAddrs {
    /// The value-stack pointer (a `u32` in linear memory).
    pub sp: u32,
    /// The address of a `u32`: one past the last usable byte of the current value-stack
    /// segment, minus a safety margin. It changes when the stack moves to another segment.
    pub stack_limit: u32,
    /// The count of non-tail calls in progress (a `u32`): compiled call sites add one around
    /// every non-tail call.
    pub depth: u32,
    /// The limit of `depth` (a `u32`, read at every call: the runtime lowers it to 0 to make the
    /// next call enter `kiln_rt_deep_call`, which handles interrupts).
    pub depth_limit: u32,
}

/// Everything one flush compiles into one aux module.
#[derive(Clone, Debug)]
pub struct Batch {
    pub functions: Vec<Function>,
    pub vm: VmAddrs,
}
