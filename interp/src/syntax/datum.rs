//! `Datum`: the reader's output and the expander's input.
//!
//! Source text becomes a tree of plain Rust values (no GC heap involved), so the reader and the
//! expander never have to think about roots. Literal data reaches the heap only when compiled code
//! is loaded (see `ir::lower`), and `eval` converts a heap value back into a `Datum`.

use crate::num::Number;
use std::rc::Rc;

/// A source position: file id (index into the loaded file names), 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pos {
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

/// An identifier renamed by a macro expansion: it stands for `name` as seen from the
/// environment in which the macro was defined (`env` is an expander-private environment id).
/// Comparing two aliases is by `Rc` identity.
#[derive(Debug)]
pub struct Alias {
    /// The identifier this alias renames (a `Datum::Sym` or another `Datum::Alias`).
    pub name: Datum,
    /// Expander-private id of the macro-definition environment.
    pub env: u32,
}

/// One datum of Scheme source, with positions where errors need them.
#[derive(Clone, Debug)]
pub enum Datum {
    Bool(bool),
    Num(Number),
    Char(char),
    Str(Rc<str>),
    /// A symbol, with where it was read (default `Pos` for generated ones).
    Sym(Rc<str>, Pos),
    /// A proper list `(a b c)`; `()` is `List(vec![], pos)`.
    List(Vec<Datum>, Pos),
    /// An improper list `(a b . c)`: at least one element before the dot.
    Dotted(Vec<Datum>, Box<Datum>, Pos),
    Vector(Vec<Datum>),
    Bytevector(Vec<u8>),
    /// An identifier introduced by a macro expansion (never produced by the reader).
    Alias(Rc<Alias>),
    /// A labelled datum `#n=d` (R7RS 2.4). Every `#n#` after it is a clone of the same `Rc`,
    /// so a literal's copies become one heap object (`ir::quote`: `(#0=(1 2) #0#)` holds the
    /// same list twice). In program text (outside `quote`) it means its datum.
    Shared(Rc<Datum>),
    /// `#n=d` where `d` contains `#n#` (a `LabelRef`): a circular datum, legal only in a quoted
    /// literal (or `read`); the tree stays finite, so nothing walking it can loop.
    Labelled(u64, Box<Datum>),
    /// `#n#` inside the `Labelled` datum of label `n`.
    LabelRef(u64),
    /// The unspecified value, used by `eval` when converting heap values that have no syntax.
    Unspecified,
}

impl Datum {
    /// A symbol with no source position.
    pub fn sym(name: &str) -> Datum {
        Datum::Sym(Rc::from(name), Pos::default())
    }
    /// The datum a `Shared` label wraps (itself if it is not one): what `#0=(a b)` means in
    /// program text and to a macro's patterns.
    pub fn unshared(&self) -> &Datum {
        let mut d = self;
        while let Datum::Shared(inner) = d {
            d = inner;
        }
        d
    }

    /// The position of this datum if it carries one.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Datum::Sym(_, p) | Datum::List(_, p) | Datum::Dotted(_, _, p) => Some(*p),
            Datum::Alias(a) => a.name.pos(),
            Datum::Shared(d) => d.pos(),
            Datum::Labelled(_, d) => d.pos(),
            _ => None,
        }
    }
}
