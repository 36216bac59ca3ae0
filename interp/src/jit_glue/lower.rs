//! Lowering: interpreter IR (`Node`) of one lambda → JIT IR, resolving every address. Calls to
//! global primitives the code generator knows become inline `Prim`s (guarded at run time by the
//! global still holding that primitive); calls to a global holding a closure of a lambda compiled in
//! the same batch become guarded direct calls.

use crate::heap::object::tag;
use crate::ir::node::{lambda_of, Lambda, Node};
use crate::obj;
use crate::value::Value;
use crate::vm::Vm;
use kiln_jit::ir::{Call, Expr, Function, PrimOp};

/// Lambdas bigger than this (in IR nodes) are declined: their code would cost more to compile
/// than it saves.
const MAX_NODES: usize = 20_000;

/// Whether the JIT compiles `lam` at all.
pub fn accepts(lam: &Lambda) -> bool {
    count(&lam.body) <= MAX_NODES
}

/// Lowers `lam`; `batch` lists the (accepted) lambdas compiled together, in function order.
pub fn lower(vm: &Vm, lam: &'static Lambda, batch: &[&'static Lambda]) -> Function {
    let cx = Cx { vm, batch };
    Function {
        code_slot: lam.code.as_ptr() as usize as u32,
        lambda: lam as *const Lambda as usize as u32,
        nreq: lam.nreq,
        rest: lam.rest,
        frame: lam.frame,
        boxed_params: lam.boxed_params.clone(),
        body: cx.expr(&lam.body),
        name: lam.name.as_deref().unwrap_or("lambda").to_string(),
        tier: vm.config.jit_tier,
    }
}

fn count(n: &Node) -> usize {
    1 + match n {
        Node::SetLocal(_, e) | Node::SetLocalBoxed(_, e) | Node::SetFreeBoxed(_, e) => count(e),
        Node::SetGlobal(_, _, _, e) | Node::DefineGlobal(_, e) => count(e),
        Node::If(a, b, c) => count(a) + count(b) + count(c),
        Node::Seq(es) => es.iter().map(count).sum(),
        Node::Call(c) => count(&c.func) + c.args.iter().map(count).sum::<usize>(),
        Node::Let { inits, body, .. } | Node::Letrec { inits, body, .. } => {
            inits.iter().map(count).sum::<usize>() + count(body)
        }
        Node::Fix { lambdas, body, .. } => lambdas.iter().map(count).sum::<usize>() + count(body),
        _ => 0,
    }
}

struct Cx<'a> {
    vm: &'a Vm,
    batch: &'a [&'static Lambda],
}

fn addr<T>(x: &T) -> u32 {
    x as *const T as usize as u32
}

impl Cx<'_> {
    fn boxed(&self, e: &Node) -> Box<Expr> {
        Box::new(self.expr(e))
    }

    fn expr(&self, n: &Node) -> Expr {
        match n {
            Node::Const(v) => Expr::Const(v.0),
            Node::Local(i) => Expr::Local(*i),
            Node::LocalBoxed(i) => Expr::LocalBoxed(*i),
            Node::Free(i) => Expr::Free(*i),
            Node::FreeBoxed(i) => Expr::FreeBoxed(*i),
            Node::Global(cell, _, _) => Expr::Global(cell.0),
            Node::SetLocal(i, e) => Expr::SetLocal(*i, self.boxed(e)),
            Node::SetLocalBoxed(i, e) => Expr::SetLocalBoxed(*i, self.boxed(e)),
            Node::SetFreeBoxed(i, e) => Expr::SetFreeBoxed(*i, self.boxed(e)),
            Node::SetGlobal(cell, _, _, e) => Expr::SetGlobal(cell.0, self.boxed(e)),
            Node::DefineGlobal(cell, e) => Expr::DefineGlobal(cell.0, self.boxed(e)),
            Node::If(a, b, c) => Expr::If(self.boxed(a), self.boxed(b), self.boxed(c)),
            Node::Closure(..) => Expr::Closure(addr(n)),
            Node::Seq(es) => Expr::Seq(es.iter().map(|e| self.expr(e)).collect()),
            Node::Call(c) => self.call(
                &c.func,
                &c.args,
                c.tail,
                c.known.as_ref().and_then(|k| k.get()),
            ),
            Node::Let {
                first,
                inits,
                boxed,
                body,
            } => Expr::Let {
                first: *first,
                inits: inits.iter().map(|e| self.expr(e)).collect(),
                boxed: boxed.clone(),
                body: self.boxed(body),
            },
            Node::Letrec {
                first,
                inits,
                boxed,
                body,
            } => Expr::Letrec {
                first: *first,
                inits: inits.iter().map(|e| self.expr(e)).collect(),
                boxed: boxed.clone(),
                body: self.boxed(body),
            },
            Node::Fix {
                first,
                lambdas,
                patches,
                body,
            } => Expr::Fix {
                first: *first,
                closures: lambdas.iter().map(|e| self.expr(e)).collect(),
                patches: patches
                    .iter()
                    .map(|p| (p.closure, p.free, p.target))
                    .collect(),
                body: self.boxed(body),
            },
        }
    }

    fn call(&self, func: &Node, args: &[Node], tail: bool, fixed: Option<&'static Lambda>) -> Expr {
        let args: Vec<Expr> = args.iter().map(|a| self.expr(a)).collect();
        let mut known = fixed.and_then(|lam| self.in_batch(lam));
        if let Node::Global(cell, _, _) = func {
            let current = obj::cell_value(*cell);
            if let Some(op) = self.inline_op(current, args.len()) {
                return Expr::Prim {
                    op,
                    cell: cell.0,
                    prim: current.0,
                    args,
                    tail,
                };
            }
            known = self
                .known_callee(current)
                .or_else(|| self.expected_callee(*cell, current));
        }
        Expr::Call(Box::new(Call {
            func: self.expr(func),
            args,
            tail,
            known,
        }))
    }

    /// The inline operation for a primitive object called with `argc` arguments.
    fn inline_op(&self, v: Value, argc: usize) -> Option<PrimOp> {
        if !obj::is(v, tag::PRIMITIVE) {
            return None;
        }
        use PrimOp::*;
        let op = match crate::prims::prim_of(self.vm, v).name {
            "+" => Add,
            "-" => Sub,
            "*" => Mul,
            "=" => NumEq,
            "<" => Lt,
            ">" => Gt,
            "<=" => Le,
            ">=" => Ge,
            "eq?" => Eq,
            "eqv?" | "%eqv?" => Eqv,
            "not" => Not,
            "null?" => NullP,
            "pair?" => PairP,
            "zero?" => ZeroP,
            "car" => Car,
            "cdr" => Cdr,
            "cons" | "%cons" => Cons,
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
            _ => return None,
        };
        (op.arity() == argc).then_some(op)
    }

    /// For a global still unbound, the lambda it is expected to hold (`Jit::expected`), if it is in
    /// this batch: `(lambda record, function number)`.
    fn expected_callee(&self, cell: Value, current: Value) -> Option<(u32, u32)> {
        if current != Value::UNASSIGNED {
            return None;
        }
        let lam = *self.vm.jit.expected.get(&cell.0)?;
        let i = self.batch.iter().position(|&l| std::ptr::eq(l, lam))?;
        Some((addr(lam), i as u32))
    }

    /// `(lambda record, function number)` if `v` is a closure of a lambda in this batch.
    fn known_callee(&self, v: Value) -> Option<(u32, u32)> {
        if !obj::is(v, tag::CLOSURE) {
            return None;
        }
        self.in_batch(lambda_of(v))
    }

    /// `(lambda record, function number)` if `lam` is compiled in this batch.
    fn in_batch(&self, lam: &'static Lambda) -> Option<(u32, u32)> {
        let i = self.batch.iter().position(|&l| std::ptr::eq(l, lam))?;
        Some((addr(lam), i as u32))
    }
}
