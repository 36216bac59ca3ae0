//! The interpreter's IR: `Core` after `analyze` resolved every variable to a frame slot, a closure
//! field or a global cell, decided which variables live in boxes, and marked tail calls. The JIT
//! compiles this same IR, so both execute exactly one meaning.

use crate::heap::object::{closure, load};
use crate::syntax::datum::Pos;
use crate::value::Value;
use std::cell::Cell;
use std::rc::Rc;

/// Where a closure gets one of its free values from when it is created.
#[derive(Clone, Copy, Debug)]
pub enum Capture {
    /// A slot of the enclosing frame (a box if the variable is boxed).
    Local(u32),
    /// A free value of the enclosing closure.
    Free(u32),
}

/// One node of interpreter IR.
#[derive(Debug)]
pub enum Node {
    Const(Value),
    /// Frame slot `n` (relative to `fp`).
    Local(u32),
    /// Frame slot `n` holds a box; the value is its contents.
    LocalBoxed(u32),
    /// Free value `n` of the running closure.
    Free(u32),
    /// Free value `n` is a box.
    FreeBoxed(u32),
    /// A global variable: its cell and name (for "unbound variable").
    Global(Value, Rc<str>, Pos),
    SetLocal(u32, Box<Node>),
    SetLocalBoxed(u32, Box<Node>),
    SetFreeBoxed(u32, Box<Node>),
    SetGlobal(Value, Rc<str>, Pos, Box<Node>),
    DefineGlobal(Value, Box<Node>),
    If(Box<Node>, Box<Node>, Box<Node>),
    /// Creates a closure of `Lambda` capturing the listed values.
    Closure(&'static Lambda, Vec<Capture>),
    /// Evaluates all, returns the last.
    Seq(Vec<Node>),
    Call(Box<Call>),
    /// Binds slots `first..first+inits.len()` (boxing where `boxed[i]`), then evaluates `body`.
    Let {
        first: u32,
        inits: Vec<Node>,
        boxed: Vec<bool>,
        body: Box<Node>,
    },
    /// `letrec*`: slots start unassigned (boxed ones hold fresh boxes), each init is evaluated and
    /// assigned in order.
    Letrec {
        first: u32,
        inits: Vec<Node>,
        boxed: Vec<bool>,
        body: Box<Node>,
    },
    /// `letrec` of lambdas that are never assigned: all closures are created first, then the free
    /// values that refer to the group are patched in, so no boxes are needed (named `let` loops).
    Fix {
        first: u32,
        lambdas: Vec<Node>,
        patches: Vec<FixPatch>,
        body: Box<Node>,
    },
}

/// In a `Fix` group: closure `closure` (index in the group) gets, as free value `free`, the closure
/// in slot `first + target`.
#[derive(Clone, Copy, Debug)]
pub struct FixPatch {
    pub closure: u32,
    pub free: u32,
    pub target: u32,
}

/// A procedure call.
#[derive(Debug)]
pub struct Call {
    pub func: Node,
    pub args: Vec<Node>,
    /// In tail position: replaces the caller's frame.
    pub tail: bool,
    pub pos: Pos,
    /// The callee is a `Fix`-bound variable (never assigned), so always a closure of this lambda
    /// (filled in once the lambda is compiled). The JIT turns such calls into direct calls.
    pub known: Option<KnownLambda>,
}

/// A lambda known at analysis time, set once it is compiled.
pub type KnownLambda = Rc<Cell<Option<&'static Lambda>>>;

/// A compiled `lambda` expression (shared by all closures made from it). Lives forever: closures
/// point at it from linear memory.
#[derive(Debug)]
pub struct Lambda {
    /// Required parameters.
    pub nreq: u32,
    /// Has a rest parameter (in slot `nreq`).
    pub rest: bool,
    /// Frame size in slots: parameters, rest, and every local bound in the body.
    pub frame: u32,
    /// Number of free values.
    pub nfree: u32,
    /// Parameter slots that must be boxed on entry (captured and assigned).
    pub boxed_params: Vec<u32>,
    pub body: Node,
    /// Whether the body's calls in tail position are tail calls: false only for a program's
    /// top-level form (`analyze_toplevel`), whose frame stays for its backtrace line.
    pub tail_calls: bool,
    pub name: Option<Rc<str>>,
    pub pos: Pos,
    /// Unique id (JIT bookkeeping, stats).
    pub id: u32,
    /// Calls so far (the JIT's hotness counter).
    pub calls: Cell<u32>,
    /// Table index of compiled code, 0 while interpreted. JIT patch functions write this field
    /// directly in linear memory (its address is in the aux module's relocations).
    pub code: Cell<u32>,
    /// Where the JIT stands with this lambda.
    pub jit: Cell<JitState>,
    /// The interpreter's bytecode, compiled on the first interpreted call (`eval::code_of`).
    pub bytecode: std::cell::OnceCell<&'static crate::eval::Code>,
    /// The code unit of the top-level form this lambda is part of: a vector of the form's literal
    /// constants, or `#f` if it has none. Closures keep it alive (the collector marks it when it
    /// traces a closure), so the constants of code that can no longer run are collected.
    pub unit: Cell<Value>,
}

/// A lambda's JIT status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JitState {
    /// Interpreted; counting calls.
    Cold,
    /// Waiting in the batch of the next flush.
    Queued,
    /// In an aux module that was handed to the host.
    Compiled,
    /// A named `let`'s loop compiled into the code of its enclosing lambda (contified), in an aux
    /// module handed to the host and not linked yet: not compiled on its own (its body would be
    /// compiled twice).
    Contified,
    /// A contified loop whose enclosing lambda's code is linked: only activations interpreted
    /// before still make closures of it. Compiled on its own only if they keep calling it
    /// (`jit_glue::REHOT` times the threshold).
    Inlined,
    /// The JIT declined it, or linking its module failed: interpreted for good.
    Declined,
}

/// The `Lambda` of a closure object.
#[inline]
pub fn lambda_of(clo: Value) -> &'static Lambda {
    // SAFETY: closure objects store a pointer to a leaked `Lambda` at `closure::LAMBDA`.
    unsafe { &*(load(clo.0, closure::LAMBDA) as usize as *const Lambda) }
}
