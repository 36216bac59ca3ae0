//! Contification (as in Guile's CPS compiler and Chez): a named `let` — a `Fix` of one lambda
//! whose body is a single call of it — whose procedure is used only as the callee of calls in
//! tail position of its own body is not made into a closure at all. Its body is lowered into the
//! enclosing function as an `Expr::Loop` over slots of that function's frame; its self calls
//! become `Expr::Continue`s (branches back to the head).
//!
//! A loop's body is lowered in a [`Scope`] that maps its frame slots to the function's (after the
//! lambda's own slots and those of earlier loops) and its free values to the enclosing scope's
//! variables. Anything the body cannot keep — a closure (the runtime builds closures from the
//! interpreter's frame layout), a non-tail or escaping use of the loop's procedure, a boxed or
//! rest parameter — makes the whole loop stay an ordinary `Fix` of closures.
//!
//! A loop body is compiled once (issue 13), with one exception: a loop whose lambda already has
//! code of its own (it got hot before its enclosing lambda, and a module holding it was handed to
//! the host) stays a `Fix` whose closure runs that code — unless it is a *small leaf*
//! ([`small_leaf`]: it calls no procedure and makes no closure, and its body is at most
//! [`LEAF_NODES`] IR nodes), which is contified all the same. For such a loop every activation's
//! closure, call between modules (`kiln_call` / `kiln_tail_call`) and prologue cost as much as a
//! few iterations (nqueens' `safe?` loop, colour's `free`), and a second copy of a small body is
//! cheap to compile; a loop that calls procedures stays out, since contifying it would turn its
//! calls of functions of its own module into calls between modules. A loop contified into a
//! function of the batch is taken out of the batch by `flush` (`JitState::Contified`).

use super::lower::Cx;
use crate::ir::node::{Capture, JitState, Node};
use kiln_jit::ir::Expr;

/// Where lowered code finds its variables.
pub enum Scope<'a> {
    /// The compiled lambda's own body: slots and free values are its own.
    Function,
    /// A contified loop's body.
    Loop(LoopScope<'a>),
}

/// The scope of a contified loop's body.
pub struct LoopScope<'a> {
    id: u32,
    /// Slot `n` of the loop's lambda is slot `base + n` of the function's frame.
    base: u32,
    /// Free value `k` of the loop's lambda is what `captures[k]` names in `parent`.
    captures: &'a [Capture],
    /// The free value that is the loop's procedure itself, if the body refers to it.
    itself: Option<u32>,
    /// The loop was entered by a call in tail position of `parent`.
    entered_in_tail: bool,
    parent: &'a Scope<'a>,
}

/// What a free value of a loop's lambda is in the function.
#[derive(Clone, Copy, Debug)]
pub enum Place {
    /// A slot of the function's frame.
    Slot(u32),
    /// A free value of the function's closure.
    Free(u32),
    /// The procedure of contified loop `id`; `tail_ok`: a tail call here is in tail position of
    /// that loop's body (every loop entered in between was entered in tail position).
    Loop { id: u32, tail_ok: bool },
}

impl Scope<'_> {
    /// The function's slot for slot `n` of this scope.
    pub fn slot(&self, n: u32) -> u32 {
        match self {
            Scope::Function => n,
            Scope::Loop(l) => l.base + n,
        }
    }

    /// What free value `k` of this scope is.
    pub fn free(&self, k: u32) -> Place {
        match self {
            Scope::Function => Place::Free(k),
            Scope::Loop(l) if l.itself == Some(k) => Place::Loop {
                id: l.id,
                tail_ok: true,
            },
            Scope::Loop(l) => {
                let place = match l.captures[k as usize] {
                    Capture::Local(n) => Place::Slot(l.parent.slot(n)),
                    Capture::Free(j) => l.parent.free(j),
                };
                match place {
                    Place::Loop { id, tail_ok } => Place::Loop {
                        id,
                        tail_ok: tail_ok && l.entered_in_tail,
                    },
                    p => p,
                }
            }
        }
    }

    pub fn is_loop(&self) -> bool {
        matches!(self, Scope::Loop(_))
    }

    /// Whether a tail call here is in tail position of the compiled function.
    pub fn tail_through(&self) -> bool {
        match self {
            Scope::Function => true,
            Scope::Loop(l) => l.entered_in_tail && l.parent.tail_through(),
        }
    }
}

impl Cx<'_> {
    /// `n` (a `Fix`) as a contified loop, if it is a named `let` that qualifies.
    pub(super) fn contify(&self, n: &Node, s: &Scope) -> Option<Expr> {
        let Node::Fix {
            first,
            lambdas,
            body,
            ..
        } = n
        else {
            return None;
        };
        let [Node::Closure(lam, captures)] = lambdas.as_slice() else {
            return None;
        };
        let Node::Call(entry) = &**body else {
            return None;
        };
        if !matches!(entry.func, Node::Local(f) if f == *first)
            || lam.rest
            || !lam.boxed_params.is_empty()
            || entry.args.len() != lam.nreq as usize
            || entry.args.iter().any(|a| mentions_slot(a, *first))
        {
            return None;
        }
        let itself = captures
            .iter()
            .position(|c| matches!(c, Capture::Local(f) if f == first))
            .map(|k| k as u32);
        if captures
            .iter()
            .enumerate()
            .any(|(k, c)| matches!(c, Capture::Local(f) if f == first) && Some(k as u32) != itself)
        {
            return None;
        }
        // The slots and id are taken only if the loop is kept (a refused body gives them back).
        let (frame, loops) = (self.frame.get(), self.loops.get());
        let nested = self.contified.borrow().len();
        let id = loops;
        self.frame.set(frame + lam.frame);
        self.loops.set(loops + 1);
        let scope = Scope::Loop(LoopScope {
            id,
            base: frame,
            captures,
            itself,
            entered_in_tail: entry.tail,
            parent: s,
        });
        // A loop with code of its own is compiled again only if it is a small leaf (below).
        let own_code = lam.jit.get() == JitState::Compiled;
        let lowered = self.expr(&lam.body, &scope).and_then(|body| {
            if own_code && !small_leaf(&body) {
                return None;
            }
            Some(Expr::Loop {
                id,
                first: frame,
                inits: self.exprs(&entry.args, s)?,
                body: Box::new(body),
            })
        });
        match lowered {
            Some(_) => self.contified.borrow_mut().push(lam),
            None => {
                self.frame.set(frame);
                self.loops.set(loops);
                // Loops contified inside the refused body are not compiled either.
                self.contified.borrow_mut().truncate(nested);
            }
        }
        lowered
    }
}

/// The largest body (in IR nodes) of a loop with code of its own that is contified again.
pub const LEAF_NODES: usize = 200;

/// Whether `body` (a lowered loop body) calls no procedure except through inline primitives'
/// slow paths and its own loops' `Continue`s, makes no closure, and has at most [`LEAF_NODES`]
/// nodes.
fn small_leaf(body: &Expr) -> bool {
    fn walk(e: &Expr, budget: &mut usize) -> bool {
        if *budget == 0 || matches!(e, Expr::Call(_) | Expr::Closure { .. } | Expr::Fix { .. }) {
            return false;
        }
        *budget -= 1;
        let mut ok = true;
        e.for_each_child(|c| ok = ok && walk(c, budget));
        ok
    }
    let mut budget = LEAF_NODES;
    walk(body, &mut budget)
}

/// Whether `n` refers to frame slot `slot` of its own frame (directly or as a closure's capture;
/// the bodies of nested lambdas have frames of their own).
fn mentions_slot(n: &Node, slot: u32) -> bool {
    let me = |e: &Node| mentions_slot(e, slot);
    match n {
        Node::Local(i) | Node::LocalBoxed(i) => *i == slot,
        Node::SetLocal(i, e) | Node::SetLocalBoxed(i, e) => *i == slot || me(e),
        Node::SetFreeBoxed(_, e) | Node::SetGlobal(_, _, _, e) | Node::DefineGlobal(_, e) => me(e),
        Node::If(a, b, c) => me(a) || me(b) || me(c),
        Node::Closure(_, caps) => caps
            .iter()
            .any(|c| matches!(c, Capture::Local(i) if *i == slot)),
        Node::Seq(es) => es.iter().any(me),
        Node::Call(c) => me(&c.func) || c.args.iter().any(me),
        Node::Let { inits, body, .. } | Node::Letrec { inits, body, .. } => {
            inits.iter().any(me) || me(body)
        }
        Node::Fix { lambdas, body, .. } => lambdas.iter().any(me) || me(body),
        Node::Const(_) | Node::Free(_) | Node::FreeBoxed(_) | Node::Global(..) => false,
    }
}
