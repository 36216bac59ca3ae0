//! Small helpers shared by the expander's files: identifiers, alias stripping, `Core` builders.

use super::SyntaxError;
use crate::ir::core::{Core, LambdaCore, Var};
use crate::syntax::datum::{Datum, Pos};
use std::fmt::Display;
use std::rc::Rc;

/// The expander's result type.
pub(crate) type Result<T> = std::result::Result<T, SyntaxError>;

/// Symbols and aliases are identifiers.
pub(crate) fn is_ident(d: &Datum) -> bool {
    matches!(d, Datum::Sym(..) | Datum::Alias(_))
}

/// The symbol an identifier ultimately renames.
pub(crate) fn base_name(d: &Datum) -> Rc<str> {
    match d {
        Datum::Sym(s, _) => s.clone(),
        Datum::Alias(a) => base_name(&a.name),
        _ => Rc::from(""),
    }
}

/// `quote` data: aliases become their plain symbols (with their source position).
pub(crate) fn strip(d: &Datum) -> Datum {
    match d {
        Datum::Alias(a) => Datum::Sym(base_name(d), a.name.pos().unwrap_or_default()),
        Datum::List(items, p) => Datum::List(items.iter().map(strip).collect(), *p),
        Datum::Dotted(items, tail, p) => {
            Datum::Dotted(items.iter().map(strip).collect(), Box::new(strip(tail)), *p)
        }
        Datum::Vector(items) => Datum::Vector(items.iter().map(strip).collect()),
        // The reader's labelled data hold no aliases (templates copy them whole), and a clone
        // of a `Shared` keeps its identity: one object for every `#n#` of it.
        Datum::Labelled(n, d) => Datum::Labelled(*n, Box::new(strip(d))),
        other => other.clone(),
    }
}

/// Whether every `#n#` (`Datum::LabelRef`) in `d` is inside the `#n=` it refers to.
///
/// A `Shared` datum is looked into at its first occurrence only, in the order `quote` builds
/// the literal (`ir::quote`): every later one is the object built then, whatever labels are
/// open there — and a DAG (`eval` of shared data) is walked once per object, not once per path.
pub(crate) fn labels_closed(d: &Datum) -> bool {
    struct Walk {
        open: Vec<u64>,
        seen: std::collections::HashSet<*const Datum>,
    }
    impl Walk {
        fn closed(&mut self, d: &Datum) -> bool {
            match d {
                Datum::LabelRef(n) => self.open.contains(n),
                Datum::Labelled(n, inner) => {
                    self.open.push(*n);
                    let ok = self.closed(inner);
                    self.open.pop();
                    ok
                }
                Datum::Shared(inner) => !self.seen.insert(Rc::as_ptr(inner)) || self.closed(inner),
                Datum::List(items, _) | Datum::Vector(items) => {
                    items.iter().all(|x| self.closed(x))
                }
                Datum::Dotted(items, tail, _) => {
                    items.iter().all(|x| self.closed(x)) && self.closed(tail)
                }
                _ => true,
            }
        }
    }
    Walk {
        open: Vec::new(),
        seen: Default::default(),
    }
    .closed(d)
}

/// `bad syntax in <kw>: <detail>` at `pos`. Cold and out of line: error formatting would
/// otherwise bloat the stack frames of the recursive expansion functions.
#[cold]
#[inline(never)]
pub(crate) fn bad(kw: &str, detail: impl Display, pos: Pos) -> SyntaxError {
    SyntaxError {
        msg: format!("bad syntax in {kw}: {detail}"),
        pos: Some(pos),
    }
}

/// The position of `d`, or `fallback` for atoms.
pub(crate) fn pos_or(d: &Datum, fallback: Pos) -> Pos {
    d.pos().unwrap_or(fallback)
}

/// The elements of a proper list, or an error naming the form `kw`.
pub(crate) fn list_items<'a>(d: &'a Datum, kw: &str, what: &str, pos: Pos) -> Result<&'a [Datum]> {
    match d {
        Datum::List(items, _) => Ok(items),
        _ => Err(bad(kw, format!("expected {what}, got {d}"), pos_or(d, pos))),
    }
}

/// Checks a form's length: at least `min` items, and at most `max` if given.
pub(crate) fn arity(
    items: &[Datum],
    min: usize,
    max: Option<usize>,
    kw: &str,
    shape: &str,
    pos: Pos,
) -> Result<()> {
    if items.len() < min || max.is_some_and(|m| items.len() > m) {
        return Err(bad(kw, format_args!("expected {shape}"), pos));
    }
    Ok(())
}

/// The unspecified value.
pub(crate) fn unspecified() -> Core {
    Core::Const(Datum::Unspecified)
}

/// A sequence; one expression stands for itself, none is unspecified.
pub(crate) fn seq(mut items: Vec<Core>) -> Core {
    match items.len() {
        0 => unspecified(),
        1 => items.pop().unwrap(),
        _ => Core::Seq(items),
    }
}

/// A call of the runtime procedure `name` (a reserved `%` global).
pub(crate) fn rt_call(name: &str, args: Vec<Core>, pos: Pos) -> Core {
    Core::Call(Box::new(Core::GlobalRef(Rc::from(name), pos)), args, pos)
}

/// A lambda expression.
pub(crate) fn lambda(
    params: Vec<Var>,
    rest: Option<Var>,
    body: Core,
    name: Option<Rc<str>>,
    pos: Pos,
) -> Core {
    Core::Lambda(Rc::new(LambdaCore {
        params,
        rest,
        body: Box::new(body),
        name,
        pos,
    }))
}

/// `(lambda () body)`.
pub(crate) fn thunk(body: Core, pos: Pos) -> Core {
    lambda(Vec::new(), None, body, None, pos)
}

/// Structural equality of literal data (for non-identifier syntax-rules patterns).
pub(crate) fn datum_eq(a: &Datum, b: &Datum) -> bool {
    let all = |x: &[Datum], y: &[Datum]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| datum_eq(p, q))
    };
    match (a, b) {
        (Datum::Bool(x), Datum::Bool(y)) => x == y,
        (Datum::Num(x), Datum::Num(y)) => x == y,
        (Datum::Char(x), Datum::Char(y)) => x == y,
        (Datum::Str(x), Datum::Str(y)) => x == y,
        (Datum::Sym(x, _), Datum::Sym(y, _)) => x == y,
        (Datum::List(x, _), Datum::List(y, _)) | (Datum::Vector(x), Datum::Vector(y)) => all(x, y),
        (Datum::Dotted(x, s, _), Datum::Dotted(y, t, _)) => all(x, y) && datum_eq(s, t),
        (Datum::Bytevector(x), Datum::Bytevector(y)) => x == y,
        _ => false,
    }
}

/// `items` followed by `tail` as one datum, keeping `Dotted` for improper lists only.
pub(crate) fn append_tail(mut items: Vec<Datum>, tail: Option<Datum>, pos: Pos) -> Datum {
    match tail {
        None => Datum::List(items, pos),
        Some(Datum::List(rest, _)) => {
            items.extend(rest);
            Datum::List(items, pos)
        }
        Some(Datum::Dotted(rest, t, _)) => {
            items.extend(rest);
            Datum::Dotted(items, t, pos)
        }
        Some(t) if items.is_empty() => t,
        Some(t) => Datum::Dotted(items, Box::new(t), pos),
    }
}
