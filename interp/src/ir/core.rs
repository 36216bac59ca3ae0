//! `Core`: the expander's output. Every derived form is gone; variables are resolved to either a
//! unique local binding (`VarId`) or a global name. `ir::analyze` turns this into the interpreter's
//! IR with frame slots, closure captures and boxes.

use crate::syntax::datum::{Datum, Pos};
use std::rc::Rc;

/// Unique id of one local binding, unique within one `Expander` for its whole life.
pub type VarId = u32;

/// A local binding: its unique id and the name the user wrote (for error messages).
#[derive(Clone, Debug)]
pub struct Var {
    pub id: VarId,
    pub name: Rc<str>,
}

/// A `lambda` after expansion.
#[derive(Clone, Debug)]
pub struct LambdaCore {
    /// Required parameters, in order.
    pub params: Vec<Var>,
    /// The rest parameter of `(lambda (a . rest) …)` / `(lambda args …)`.
    pub rest: Option<Var>,
    pub body: Box<Core>,
    /// The name it was defined under (`define`, `let`-bound, named `let`), for errors and stats.
    pub name: Option<Rc<str>>,
    /// Where the `lambda` (or `define`) was written: also the lambda's stable identity for the JIT
    /// profile used by `kiln bundle`.
    pub pos: Pos,
}

/// An expanded expression.
#[derive(Clone, Debug)]
pub enum Core {
    /// A quoted or self-evaluating literal (never contains `Datum::Alias`).
    Const(Datum),
    LocalRef(VarId),
    /// A global variable reference; `Pos` is where it was written (for "unbound variable").
    GlobalRef(Rc<str>, Pos),
    LocalSet(VarId, Box<Core>),
    GlobalSet(Rc<str>, Box<Core>, Pos),
    /// Top-level `define` (also produced by `define-values` and `define-record-type` at top level).
    GlobalDefine(Rc<str>, Box<Core>),
    If(Box<Core>, Box<Core>, Box<Core>),
    Lambda(Rc<LambdaCore>),
    /// `begin` with at least one expression.
    Seq(Vec<Core>),
    /// Procedure call; `Pos` is the call's position.
    Call(Box<Core>, Vec<Core>, Pos),
    /// `let`: the inits are evaluated in an unspecified order outside the scope of the vars.
    Let(Vec<Var>, Vec<Core>, Box<Core>),
    /// `letrec*`: vars are bound (unassigned) first, then each init is evaluated in order and assigned.
    Letrec(Vec<Var>, Vec<Core>, Box<Core>),
}
