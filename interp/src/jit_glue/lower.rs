//! Lowering: interpreter IR (`Node`) of one lambda → JIT IR, resolving every address. Calls to
//! global primitives the code generator knows become inline `Prim`s (guarded at run time by the
//! global still holding that primitive); calls to a global holding a closure of a lambda compiled in
//! the same batch become guarded direct calls. In the optimizing tier, named `let`s whose
//! procedure never escapes are contified (`contify.rs`): lowered into the enclosing function.

use super::contify::{Place, Scope};
use crate::heap::object::tag;
use crate::ir::node::{lambda_of, Capture, Lambda, Node};
use crate::obj;
use crate::value::Value;
use crate::vm::Vm;
use kiln_jit::ir::{Call, Expr, Function, PrimOp, Tier};
use std::cell::{Cell, RefCell};

/// Lambdas bigger than this (in IR nodes) are declined: their code would cost more to compile
/// than it saves.
const MAX_NODES: usize = 20_000;

/// Whether the JIT compiles `lam` at all.
pub fn accepts(lam: &Lambda) -> bool {
    count(&lam.body) <= MAX_NODES
}

/// Lowers `lam`; `batch` lists the (accepted) lambdas compiled together, in function order.
/// Every object a guard of the result compares against (the primitives of inline fast paths, the
/// closures of known calls) is added to `guarded` (the caller keeps them alive for as long as the
/// code may run), and the lambda of every loop contified into the result to `contified`.
pub fn lower(
    vm: &Vm,
    lam: &'static Lambda,
    batch: &[&'static Lambda],
    guarded: &mut Vec<Value>,
    contified: &mut Vec<&'static Lambda>,
) -> Function {
    let cx = Cx {
        vm,
        batch,
        guarded: RefCell::new(guarded),
        frame: Cell::new(lam.frame),
        loops: Cell::new(0),
        contified: RefCell::new(contified),
    };
    let body = cx
        .expr(&lam.body, &Scope::Function)
        .expect("the function's own scope accepts every node");
    Function {
        code_slot: lam.code.as_ptr() as usize as u32,
        lambda: lam as *const Lambda as usize as u32,
        nreq: lam.nreq,
        rest: lam.rest,
        frame: cx.frame.get(),
        boxed_params: lam.boxed_params.clone(),
        body,
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

pub(super) struct Cx<'a> {
    vm: &'a Vm,
    batch: &'a [&'static Lambda],
    /// The frame size so far: the lambda's own slots, then those of its contified loops.
    pub(super) frame: Cell<u32>,
    /// Contified loops so far (their ids).
    pub(super) loops: Cell<u32>,
    guarded: RefCell<&'a mut Vec<Value>>,
    /// The lambdas of the loops contified so far.
    pub(super) contified: RefCell<&'a mut Vec<&'static Lambda>>,
}

fn addr<T>(x: &T) -> u32 {
    x as *const T as usize as u32
}

impl Cx<'_> {
    /// Whether named `let`s are contified (the optimizing tier only: the baseline tier stays
    /// the plain translation of the interpreter's IR).
    pub(super) fn contifies(&self) -> bool {
        self.vm.config.jit_tier == Tier::Optimizing
    }

    fn boxed(&self, e: &Node, s: &Scope) -> Option<Box<Expr>> {
        Some(Box::new(self.expr(e, s)?))
    }

    pub(super) fn exprs(&self, es: &[Node], s: &Scope) -> Option<Vec<Expr>> {
        es.iter().map(|e| self.expr(e, s)).collect()
    }

    /// Lowers `n` in scope `s`; `None` if `s` is a contified loop's body that cannot contain it
    /// (a closure, an escaping use of the loop's procedure).
    pub(super) fn expr(&self, n: &Node, s: &Scope) -> Option<Expr> {
        Some(match n {
            Node::Const(v) => Expr::Const(v.0),
            Node::Local(i) => Expr::Local(s.slot(*i)),
            Node::LocalBoxed(i) => Expr::LocalBoxed(s.slot(*i)),
            Node::Free(i) => match s.free(*i) {
                Place::Slot(n) => Expr::Local(n),
                Place::Free(k) => Expr::Free(k),
                Place::Loop { .. } => return None,
            },
            Node::FreeBoxed(i) => match s.free(*i) {
                Place::Slot(n) => Expr::LocalBoxed(n),
                Place::Free(k) => Expr::FreeBoxed(k),
                Place::Loop { .. } => return None,
            },
            Node::Global(cell, _, pos) => Expr::Global(cell.0, self.vm.trace.sites.id(*pos)),
            Node::SetLocal(i, e) => Expr::SetLocal(s.slot(*i), self.boxed(e, s)?),
            Node::SetLocalBoxed(i, e) => Expr::SetLocalBoxed(s.slot(*i), self.boxed(e, s)?),
            Node::SetFreeBoxed(i, e) => match s.free(*i) {
                Place::Slot(n) => Expr::SetLocalBoxed(n, self.boxed(e, s)?),
                Place::Free(k) => Expr::SetFreeBoxed(k, self.boxed(e, s)?),
                Place::Loop { .. } => return None,
            },
            Node::SetGlobal(cell, _, _, e) => Expr::SetGlobal(cell.0, self.boxed(e, s)?),
            Node::DefineGlobal(cell, e) => Expr::DefineGlobal(cell.0, self.boxed(e, s)?),
            Node::If(a, b, c) => Expr::If(self.boxed(a, s)?, self.boxed(b, s)?, self.boxed(c, s)?),
            // The runtime makes closures from the interpreter's node and frame layout, which a
            // contified body does not keep.
            Node::Closure(..) if s.is_loop() => return None,
            Node::Closure(lam, captures) => Expr::Closure {
                node: addr(n),
                lambda: addr(*lam),
                code_slot: lam.code.as_ptr() as usize as u32,
                captures: captures
                    .iter()
                    .map(|c| match *c {
                        Capture::Local(slot) => Expr::Local(s.slot(slot)),
                        Capture::Free(k) => Expr::Free(k),
                    })
                    .collect(),
            },
            Node::Seq(es) => Expr::Seq(self.exprs(es, s)?),
            Node::Call(c) => self.call(c, c.known.as_ref().and_then(|k| k.get()), s)?,
            Node::Let {
                first,
                inits,
                boxed,
                body,
            } => Expr::Let {
                first: s.slot(*first),
                inits: self.exprs(inits, s)?,
                boxed: boxed.clone(),
                body: self.boxed(body, s)?,
            },
            Node::Letrec {
                first,
                inits,
                boxed,
                body,
            } => Expr::Letrec {
                first: s.slot(*first),
                inits: self.exprs(inits, s)?,
                boxed: boxed.clone(),
                body: self.boxed(body, s)?,
            },
            Node::Fix { .. } if self.contifies() => match self.contify(n, s) {
                Some(e) => e,
                None if s.is_loop() => return None,
                None => self.fix(n, s)?,
            },
            Node::Fix { .. } => self.fix(n, s)?,
        })
    }

    /// A `Fix` group as closures (never inside a contified body: it holds closures).
    fn fix(&self, n: &Node, s: &Scope) -> Option<Expr> {
        let Node::Fix {
            first,
            lambdas,
            patches,
            body,
        } = n
        else {
            unreachable!("fix of a Fix node")
        };
        Some(Expr::Fix {
            first: s.slot(*first),
            closures: self.exprs(lambdas, s)?,
            patches: patches
                .iter()
                .map(|p| (p.closure, p.free, p.target))
                .collect(),
            body: self.boxed(body, s)?,
        })
    }

    fn call(
        &self,
        c: &crate::ir::node::Call,
        fixed: Option<&'static Lambda>,
        s: &Scope,
    ) -> Option<Expr> {
        let (func, args, tail) = (&c.func, &c.args[..], c.tail);
        if let Node::Free(i) = func {
            if let Place::Loop { id, tail_ok } = s.free(*i) {
                // The loop's procedure called in tail position of its body: the next iteration.
                // Any other call of it would need a real procedure.
                return (tail && tail_ok)
                    .then(|| {
                        Some(Expr::Continue {
                            id,
                            args: self.exprs(args, s)?,
                        })
                    })
                    .flatten();
            }
        }
        // In a contified body, a tail call is one of the function only if every loop around it
        // was entered in tail position.
        let tail = tail && s.tail_through();
        let args: Vec<Expr> = self.exprs(args, s)?;
        let mut known = fixed.and_then(|lam| self.in_batch(lam));
        let mut closure = None;
        if let Node::Global(cell, _, _) = func {
            let current = obj::cell_value(*cell);
            if let Some(op) = self.inline_op(current, &args) {
                self.guarded.borrow_mut().push(current);
                return Some(Expr::Prim {
                    op,
                    cell: cell.0,
                    prim: current.0,
                    args,
                    tail,
                    site: self.vm.trace.sites.id(c.pos),
                });
            }
            known = self.known_callee(current);
            if known.is_some() {
                // The guard compares with this very closure first: it must stay alive (and its
                // address its own) as long as the code may run.
                closure = Some(current.0);
                self.guarded.borrow_mut().push(current);
            } else {
                known = self.expected_callee(*cell, current);
            }
        }
        Some(Expr::Call(Box::new(Call {
            func: self.expr(func, s)?,
            args,
            tail,
            known,
            closure,
            site: self.vm.trace.sites.id(c.pos),
        })))
    }

    /// The inline operation for a primitive object called with `args`.
    fn inline_op(&self, v: Value, args: &[Expr]) -> Option<PrimOp> {
        if !obj::is(v, tag::PRIMITIVE) {
            return None;
        }
        let op = match crate::prims::prim_of(self.vm, v).name {
            // The one inline form whose operation depends on an operand.
            "make-vector" => PrimOp::MakeVector {
                len: constant_length(args.first()?)?,
            },
            "%values-ref" => values_ref(args)?,
            name => PrimOp::named(name)?,
        };
        op.takes(args.len()).then_some(op)
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

/// The inline `(%values-ref vals index count #t)` (what `let-values` without a rest parameter
/// expands to, `expand/values.rs`): constant fixnums `index < count`, exactly `count` values.
fn values_ref(args: &[Expr]) -> Option<PrimOp> {
    let [_, Expr::Const(i), Expr::Const(n), Expr::Const(exact)] = *args else {
        return None;
    };
    let (i, n) = (Value(i), Value(n));
    if !(i.is_fixnum() && n.is_fixnum()) || Value(exact) == Value::FALSE {
        return None;
    }
    let (index, count) = (i.fixnum_value(), n.fixnum_value());
    (0 <= index && index < count).then_some(PrimOp::ValuesRef {
        index: index as u32,
        count: count as u32,
    })
}

/// The length of a `make-vector` compiled code may allocate inline: a fixnum constant from 0 to
/// `MAX_INLINE_VECTOR`.
fn constant_length(e: &Expr) -> Option<u32> {
    let Expr::Const(k) = *e else { return None };
    let v = Value(k);
    let n = v.is_fixnum().then(|| v.fixnum_value())?;
    (0..=kiln_jit::ir::MAX_INLINE_VECTOR as i32)
        .contains(&n)
        .then_some(n as u32)
}
