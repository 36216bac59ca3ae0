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
    /// Datum label reference support is not required; the reader resolves `#n=`/`#n#` or rejects them.
    /// The unspecified value, used by `eval` when converting heap values that have no syntax.
    Unspecified,
}

impl Datum {
    /// A symbol with no source position.
    pub fn sym(name: &str) -> Datum {
        Datum::Sym(Rc::from(name), Pos::default())
    }
    /// The position of this datum if it carries one.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            Datum::Sym(_, p) | Datum::List(_, p) | Datum::Dotted(_, _, p) => Some(*p),
            Datum::Alias(a) => a.name.pos(),
            _ => None,
        }
    }
}
