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
    StringLength,
    /// `string-ref` of ASCII text (other text: the primitive).
    StringRef,
    /// `(vector-fill! v x)` (with a range: the primitive).
    VectorFill,
    /// `exact->inexact` / `inexact` of a fixnum or a flonum.
    ExactToInexact,
    /// `memq`, `assq`, `length` walk the list inline (for at most `emit`'s step bound: longer
    /// or circular lists go to the primitive, which detects cycles).
    Memq,
    Assq,
    /// `memv`, `assv` of a key that is no boxed number (flonum, bignum, ratnum): then `eqv?` is
    /// `eq?` and the walk is `memq`'s / `assq`'s; a boxed-number key goes to the primitive.
    Memv,
    Assv,
    Length,
    /// A composition of `car` and `cdr` (`cadr`, `cddr`, … `cddddr`). `path` holds the steps in
    /// the order they apply (the name's letters right to left), one bit each from bit 0, 1 for
    /// `car` and 0 for `cdr`, below a leading 1 bit that ends it: `cadr` is `0b110`.
    Cxr {
        path: u8,
    },
    /// `(list a …)` of 1 to [`MAX_ALLOC_ARGS`] elements: pairs allocated inline.
    List,
    /// `(vector a …)` of 1 to [`MAX_ALLOC_ARGS`] elements: allocated inline.
    Vector,
    /// `(make-vector len fill)` or `(make-vector len)` whose `len` is this constant (the first
    /// argument, a fixnum constant): allocated inline (at most [`MAX_INLINE_VECTOR`] elements).
    MakeVector {
        len: u32,
    },
    /// `(%values-ref vals index count #t)` (`let-values` without a rest parameter), its
    /// constant operands taken by lowering: value `index` of `vals` when it is exactly
    /// `count` values (then `index < count`); otherwise the primitive raises the error.
    ValuesRef {
        index: u32,
        count: u32,
    },
}

/// The most arguments an inline `list` or `vector` takes (each needs an operand local).
pub const MAX_ALLOC_ARGS: usize = 6;

/// The longest vector compiled code allocates inline: its size is at most
/// `layout::alloc::INLINE_MAX`.
pub const MAX_INLINE_VECTOR: u32 =
    (crate::layout::alloc::INLINE_MAX - crate::layout::vector::ELEMENTS) / crate::layout::WORD;

impl PrimOp {
    /// Whether the operation is a predicate whose fast path ends in a condition made `#t`/`#f`
    /// (an `if` testing it branches on the condition itself).
    pub fn is_test(self) -> bool {
        use PrimOp::*;
        matches!(
            self,
            NumEq
                | Lt
                | Gt
                | Le
                | Ge
                | Eq
                | Not
                | NullP
                | PairP
                | ZeroP
                | SymbolP
                | StringP
                | VectorP
                | CharP
                | BooleanP
                | ProcedureP
                | EofObjectP
                | CharEq
                | CharLt
                | CharGt
                | CharLe
                | CharGe
        )
    }

    /// The operation of the primitive called `name` (its name in the runtime's primitive
    /// table), if it has an inline form — the one mapping from names to operations: the
    /// interpreter's inline primitives (`interp/src/eval/code.rs`) take theirs from here too.
    /// `make-vector` and `%values-ref` are not here: their operations need constant operands
    /// (lowering makes them).
    pub fn named(name: &str) -> Option<PrimOp> {
        use PrimOp::*;
        Some(match name {
            "+" => Add,
            "-" => Sub,
            "*" => Mul,
            "=" => NumEq,
            "<" => Lt,
            ">" => Gt,
            "<=" => Le,
            ">=" => Ge,
            "eq?" => Eq,
            "eqv?" => Eqv,
            "not" => Not,
            "null?" => NullP,
            "pair?" => PairP,
            "zero?" => ZeroP,
            "car" => Car,
            "cdr" => Cdr,
            "cons" => Cons,
            "set-car!" => SetCar,
            "set-cdr!" => SetCdr,
            "vector-ref" => VectorRef,
            "vector-set!" => VectorSet,
            "vector-length" => VectorLength,
            "quotient" => Quotient,
            "remainder" => Remainder,
            "modulo" => Modulo,
            "abs" => Abs,
            "min" => Min,
            "max" => Max,
            "symbol?" => SymbolP,
            "string?" => StringP,
            "vector?" => VectorP,
            "char?" => CharP,
            "boolean?" => BooleanP,
            "procedure?" => ProcedureP,
            "eof-object?" => EofObjectP,
            "char->integer" => CharToInteger,
            "integer->char" => IntegerToChar,
            "char=?" => CharEq,
            "char<?" => CharLt,
            "char>?" => CharGt,
            "char<=?" => CharLe,
            "char>=?" => CharGe,
            "string-length" => StringLength,
            "string-ref" => StringRef,
            "vector-fill!" => VectorFill,
            "exact->inexact" | "inexact" => ExactToInexact,
            "memq" => Memq,
            "assq" => Assq,
            "memv" => Memv,
            "assv" => Assv,
            "length" => Length,
            "list" => List,
            "vector" => Vector,
            _ => Cxr {
                path: cxr_path(name)?,
            },
        })
    }

    /// Whether the inline form takes `argc` arguments.
    pub fn takes(self, argc: usize) -> bool {
        use PrimOp::*;
        match self {
            Not
            | NullP
            | PairP
            | ZeroP
            | Car
            | Cdr
            | VectorLength
            | Abs
            | SymbolP
            | StringP
            | VectorP
            | CharP
            | BooleanP
            | ProcedureP
            | EofObjectP
            | CharToInteger
            | IntegerToChar
            | StringLength
            | ExactToInexact
            | Length
            | Cxr { .. } => argc == 1,
            VectorSet => argc == 3,
            List | Vector => (1..=MAX_ALLOC_ARGS).contains(&argc),
            MakeVector { .. } => argc == 1 || argc == 2,
            ValuesRef { .. } => argc == 4,
            _ => argc == 2,
        }
    }
}

/// The [`PrimOp::Cxr`] path of a `c[ad]r` name of 2 to 4 letters (`car` and `cdr` have their own
/// operations).
fn cxr_path(name: &str) -> Option<u8> {
    let letters = name.strip_prefix('c')?.strip_suffix('r')?;
    if !(2..=4).contains(&letters.len()) {
        return None;
    }
    // Left to right: the first letter applies last, so it ends up in the highest step bit.
    letters.bytes().try_fold(1u8, |path, b| match b {
        b'a' => Some(path << 1 | 1),
        b'd' => Some(path << 1),
        _ => None,
    })
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
    /// Creates a closure of the lambda record `lambda` holding the values of `captures` (frame
    /// slots and free values of this closure: `Local`/`Free` expressions), inline when it fits
    /// in `layout::alloc::INLINE_MAX` bytes; otherwise the runtime makes it from the
    /// interpreter's node at address `node` and this frame (never inside a contified loop, whose
    /// slots are not the interpreter's).
    Closure {
        node: u32,
        lambda: u32,
        /// Address of the lambda's code field: its table index once compiled, 0 before.
        code_slot: u32,
        captures: Vec<Expr>,
    },
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
impl Expr {
    /// Calls `f` on each direct subexpression, in evaluation order (a closure's captures
    /// included).
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match self {
            Expr::SetLocal(_, v)
            | Expr::SetLocalBoxed(_, v)
            | Expr::SetFreeBoxed(_, v)
            | Expr::SetGlobal(_, v)
            | Expr::DefineGlobal(_, v) => f(v),
            Expr::If(a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
            Expr::Seq(es)
            | Expr::Prim { args: es, .. }
            | Expr::Continue { args: es, .. }
            | Expr::Closure { captures: es, .. } => es.iter().for_each(f),
            Expr::Call(c) => {
                f(&c.func);
                c.args.iter().for_each(f);
            }
            Expr::Let { inits, body, .. }
            | Expr::Letrec { inits, body, .. }
            | Expr::Loop { inits, body, .. }
            | Expr::Fix {
                closures: inits,
                body,
                ..
            } => {
                inits.iter().for_each(&mut f);
                f(body);
            }
            Expr::Const(_)
            | Expr::Local(_)
            | Expr::LocalBoxed(_)
            | Expr::Free(_)
            | Expr::FreeBoxed(_)
            | Expr::Global(..) => {}
        }
    }

    /// The frame slots this expression itself binds (`let`, `letrec`, fix, a loop's parameters):
    /// `first..first + count`, not those of its subexpressions.
    pub fn binds(&self) -> Option<(u32, u32)> {
        match self {
            Expr::Let { first, inits, .. }
            | Expr::Letrec { first, inits, .. }
            | Expr::Loop { first, inits, .. }
            | Expr::Fix {
                first,
                closures: inits,
                ..
            } => Some((*first, inits.len() as u32)),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Call {
    pub func: Expr,
    pub args: Vec<Expr>,
    pub tail: bool,
    /// The callee is expected to be a closure of this lambda record (address), compiled in the
    /// same module as function number `.1`: a guard then a direct call.
    pub known: Option<(u32, u32)>,
    /// With `known`: the closure the callee's global held when the call was lowered, which the
    /// runtime keeps alive from then on (`Jit::guarded`), so its address is never another
    /// object's: a callee identical to it passes the guard with one comparison (closures never
    /// change their lambda); any other value is tested as before.
    pub closure: Option<u32>,
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
    /// The heap's allocation region (`layout::alloc`: cursor and limit), for inline allocation.
    pub region: u32,
    /// The table index of the runtime's generic entry: the code of a closure whose lambda is
    /// not compiled yet.
    pub generic_entry: u32,
}

/// Everything one flush compiles into one aux module.
#[derive(Clone, Debug)]
pub struct Batch {
    pub functions: Vec<Function>,
    pub vm: VmAddrs,
}

#[cfg(test)]
mod tests {
    use super::PrimOp;

    #[test]
    fn cxr_names_map_to_their_steps_in_application_order() {
        let path = |name| match PrimOp::named(name) {
            Some(PrimOp::Cxr { path }) => Some(path),
            _ => None,
        };
        assert_eq!(path("cadr"), Some(0b110));
        assert_eq!(path("cdar"), Some(0b101));
        assert_eq!(path("cddr"), Some(0b100));
        assert_eq!(path("caddr"), Some(0b1100));
        assert_eq!(path("cadddr"), Some(0b11000));
        assert_eq!(path("cdaaar"), Some(0b10111));
        for not_cxr in ["car", "cdr", "cr", "cxr", "cadddar", "cadrx", "xcadr"] {
            assert_eq!(path(not_cxr), None, "{not_cxr}");
        }
        assert_eq!(PrimOp::named("car"), Some(PrimOp::Car));
        assert!(PrimOp::Cxr { path: 0b110 }.takes(1));
        assert!(!PrimOp::Cxr { path: 0b110 }.takes(2));
    }
}
