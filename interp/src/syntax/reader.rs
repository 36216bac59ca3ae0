//! The reader: source text → `Datum`s, one at a time (`Reader`) or all at once (`read_all`).
//!
//! Structure (lists, vectors, prefixes, datum comments, datum labels) is handled here; atoms and
//! comments come decoded from the lexer. An error says whether more input could have completed
//! the datum (`Incomplete`), which the REPL uses to ask for another line.

use super::datum::{Datum, Pos};
use super::lexer::{err, LexState, Lexer, Tok, Token};
use crate::num::Number;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::rc::Rc;

/// Whether more input could fix a read error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The input ended inside an unfinished datum (list, string, block comment, ...).
    Incomplete,
    /// The input is malformed whatever follows.
    Invalid,
}

/// A read error with the 1-based position it refers to.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError {
    pub kind: ReadErrorKind,
    pub msg: String,
    pub pos: Pos,
}

impl ReadError {
    /// Whether more input could complete the datum (the REPL then asks for another line).
    pub fn is_incomplete(&self) -> bool {
        self.kind == ReadErrorKind::Incomplete
    }

    /// The message without the position.
    pub fn message(&self) -> &str {
        &self.msg
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.msg)
    }
}

impl std::error::Error for ReadError {}

/// Deeper nesting than this is rejected: the reader itself uses a heap stack, but consumers of
/// the datum (expansion, conversion to heap values, `Drop`) recurse on it.
pub const MAX_DEPTH: usize = 10_000;

type ReadResult<T> = Result<T, ReadError>;

/// An incremental reader over one source text.
pub struct Reader<'a> {
    lex: Lexer<'a>,
    /// The constructs the current top-level datum has open. Kept between calls so that a datum
    /// the end of the text cut short can be finished once the text has grown (`ReadState`).
    stack: Vec<Open>,
    /// Datum labels (`#n=`) of the current top-level datum; `None` while the labelled datum is
    /// still being read (a reference then is circular: a `Datum::LabelRef`).
    labels: Labels,
}

/// The datum labels of one top-level datum.
#[derive(Default)]
struct Labels {
    /// Each label's finished datum (a `Datum::Shared`), `None` while it is being read.
    defined: HashMap<u64, Option<Datum>>,
    /// The labels referred to while being read: their data are circular.
    circular: HashSet<u64>,
}

/// Everything a reader knows besides the text: after an `Incomplete` error, a reader resumed
/// from this over the text with more appended reads on as if it had had the whole text at once.
pub struct ReadState {
    lex: LexState,
    stack: Vec<Open>,
    labels: Labels,
}

impl ReadState {
    /// The state at the start of a text of file `file`.
    pub fn new(file: u32) -> ReadState {
        ReadState::at_line(file, 1)
    }

    /// The state at the start of a text whose first line is line `line` of file `file`.
    pub fn at_line(file: u32, line: u32) -> ReadState {
        ReadState {
            lex: LexState::at_line(file, line),
            stack: Vec::new(),
            labels: Labels::default(),
        }
    }
}

/// The state of a dotted list's tail.
enum Tail {
    /// No `.` seen yet.
    None,
    /// After the `.`, waiting for the tail datum.
    Expecting,
    /// The tail datum, waiting for the closing bracket.
    Have(Datum),
}

/// An unfinished construct. The reader keeps these on an explicit stack rather than recursing,
/// so deeply nested input cannot overflow the native stack.
enum Open {
    List {
        items: Vec<Datum>,
        open: char,
        tail: Tail,
        pos: Pos,
    },
    /// `#(` or (with `bytes`) `#u8(`.
    Vector {
        items: Vec<Datum>,
        bytes: bool,
        pos: Pos,
    },
    /// `'` and friends: the next datum is wrapped.
    Prefix(&'static str, Pos),
    /// `#n=`: the next datum is recorded under label `n`.
    Label(u64, Pos),
    /// `#;`: the next datum is dropped.
    Skip(Pos),
}

/// Reads every datum of `src`; `file` goes into the positions.
pub fn read_all(src: &str, file: u32) -> Result<Vec<Datum>, ReadError> {
    let mut reader = Reader::new(src, file);
    let mut out = Vec::new();
    while let Some(d) = reader.next_datum()? {
        out.push(d);
    }
    Ok(out)
}

/// Reads every datum of `src` as if it began with `#!fold-case` (`include-ci`).
pub fn read_all_folding(src: &str, file: u32) -> Result<Vec<Datum>, ReadError> {
    let mut state = ReadState::new(file);
    state.lex.fold_case = true;
    let mut reader = Reader::resume(src, state);
    let mut out = Vec::new();
    while let Some(d) = reader.next_datum()? {
        out.push(d);
    }
    Ok(out)
}

/// Reads the first datum of `src` (file id 0) for `read` on ports: the datum and the number of
/// bytes it used, or `None` if `src` holds no datum.
pub fn read_one(src: &str) -> Result<Option<(Datum, usize)>, ReadError> {
    let mut reader = Reader::new(src, 0);
    Ok(reader.next_datum()?.map(|d| (d, reader.offset())))
}

#[cold]
fn invalid(msg: impl Into<String>, pos: Pos) -> ReadError {
    err(ReadErrorKind::Invalid, msg, pos)
}

#[cold]
fn incomplete(msg: impl Into<String>, pos: Pos) -> ReadError {
    err(ReadErrorKind::Incomplete, msg, pos)
}

/// `(a b . (c d))` is the list `(a b c d)`: keep `Dotted` for truly improper lists only.
fn make_dotted(mut items: Vec<Datum>, tail: Datum, pos: Pos) -> Datum {
    match tail {
        Datum::List(rest, _) => {
            items.extend(rest);
            Datum::List(items, pos)
        }
        Datum::Dotted(rest, tail, _) => {
            items.extend(rest);
            Datum::Dotted(items, tail, pos)
        }
        tail => Datum::Dotted(items, Box::new(tail), pos),
    }
}

/// The error for input ending inside `open`.
fn eof_error(open: &Open) -> ReadError {
    match open {
        Open::List { pos, .. } => incomplete("unterminated list", *pos),
        Open::Vector {
            bytes: false, pos, ..
        } => incomplete("unterminated vector", *pos),
        Open::Vector {
            bytes: true, pos, ..
        } => incomplete("unterminated bytevector", *pos),
        Open::Prefix(_, pos) | Open::Skip(pos) => incomplete("unexpected end of input", *pos),
        Open::Label(_, pos) => incomplete("unexpected end of input", *pos),
    }
}

/// The finished datum of a construct closed by `c` at `pos`.
fn close(open: Open, c: char, pos: Pos) -> ReadResult<Datum> {
    match open {
        Open::List {
            items,
            open,
            tail,
            pos: lpos,
        } if c == closer(open) => match tail {
            Tail::None => Ok(Datum::List(items, lpos)),
            Tail::Have(t) => Ok(make_dotted(items, t, lpos)),
            Tail::Expecting => Err(invalid(format!("unexpected `{c}`"), pos)),
        },
        Open::List { open, .. } => Err(invalid(
            format!("unexpected `{c}` (list opened with `{open}`)"),
            pos,
        )),
        Open::Vector {
            items,
            bytes: false,
            ..
        } if c == ')' => Ok(Datum::Vector(items)),
        Open::Vector {
            items,
            bytes: true,
            pos: vpos,
        } if c == ')' => bytevector(items, vpos),
        _ => Err(invalid(format!("unexpected `{c}`"), pos)),
    }
}

fn closer(open: char) -> char {
    if open == '[' {
        ']'
    } else {
        ')'
    }
}

fn bytevector(items: Vec<Datum>, pos: Pos) -> ReadResult<Datum> {
    let bytes = items
        .iter()
        .map(|d| match d {
            Datum::Num(Number::Int(i)) if (0..=255).contains(i) => Ok(*i as u8),
            _ => Err(invalid(
                "bytevector element is not a byte (an exact integer 0..255)",
                pos,
            )),
        })
        .collect::<ReadResult<Vec<u8>>>()?;
    Ok(Datum::Bytevector(bytes))
}

impl<'a> Reader<'a> {
    /// A reader at the start of `src`.
    pub fn new(src: &'a str, file: u32) -> Reader<'a> {
        Reader::resume(src, ReadState::new(file))
    }

    /// A reader over `src` in `state`, taken from a reader over a prefix of `src`.
    pub fn resume(src: &'a str, state: ReadState) -> Reader<'a> {
        Reader {
            lex: Lexer::resume(src, state.lex),
            stack: state.stack,
            labels: state.labels,
        }
    }

    /// The state to resume from: after an `Incomplete` error, inside the cut-short datum.
    pub fn suspend(self) -> ReadState {
        ReadState {
            lex: self.lex.suspend(),
            stack: self.stack,
            labels: self.labels,
        }
    }

    /// Byte offset just past the last datum read (for `read` on string ports).
    pub fn offset(&self) -> usize {
        self.lex.offset()
    }

    /// The next datum, `Ok(None)` at the end of the input. After an `Incomplete` error the
    /// reader is inside the cut-short datum, ready to be suspended and resumed.
    pub fn next_datum(&mut self) -> ReadResult<Option<Datum>> {
        if self.stack.is_empty() {
            self.labels = Labels::default();
        }
        let mut stack = std::mem::take(&mut self.stack);
        let result = self.read(&mut stack);
        self.stack = stack;
        result
    }

    fn read(&mut self, stack: &mut Vec<Open>) -> ReadResult<Option<Datum>> {
        loop {
            let token = match self.lex.next()? {
                Some(t) => t,
                None if stack.is_empty() => return Ok(None),
                None => return Err(eof_error(stack.last().expect("non-empty"))),
            };
            if let Some(d) = self.step(stack, token)? {
                if let Some(d) = self.deliver(stack, d)? {
                    return Ok(Some(d));
                }
            }
        }
    }

    /// Applies one token: opens a construct, or finishes a datum (returned).
    fn step(&mut self, stack: &mut Vec<Open>, token: Token) -> ReadResult<Option<Datum>> {
        let pos = token.pos;
        if let Some(Open::List {
            tail: Tail::Have(_),
            open,
            ..
        }) = stack.last()
        {
            if !matches!(token.tok, Tok::Close(_) | Tok::DatumComment) {
                return Err(invalid(
                    format!("expected `{}` after the dotted tail", closer(*open)),
                    pos,
                ));
            }
        }
        let opened = match token.tok {
            Tok::Atom(d) => return Ok(Some(d)),
            Tok::Close(c) => {
                let open = stack
                    .pop()
                    .ok_or_else(|| invalid(format!("unexpected `{c}`"), pos))?;
                return close(open, c, pos).map(Some);
            }
            Tok::LabelRef(n) => return self.label_ref(n, pos).map(Some),
            Tok::Dot => return self.dot(stack, pos).map(|()| None),
            Tok::Open(open) => Open::List {
                items: Vec::new(),
                open,
                tail: Tail::None,
                pos,
            },
            Tok::VecOpen => Open::Vector {
                items: Vec::new(),
                bytes: false,
                pos,
            },
            Tok::BytesOpen => Open::Vector {
                items: Vec::new(),
                bytes: true,
                pos,
            },
            Tok::Prefix(name) => Open::Prefix(name, pos),
            Tok::LabelDef(n) => {
                self.labels.defined.insert(n, None);
                Open::Label(n, pos)
            }
            Tok::DatumComment => Open::Skip(pos),
        };
        if stack.len() >= MAX_DEPTH {
            return Err(invalid("data nested too deeply", pos));
        }
        stack.push(opened);
        Ok(None)
    }

    /// Hands a finished datum to the enclosing constructs; returns it when it is a complete
    /// top-level datum.
    fn deliver(&mut self, stack: &mut Vec<Open>, mut d: Datum) -> ReadResult<Option<Datum>> {
        loop {
            match stack.last_mut() {
                None => return Ok(Some(d)),
                Some(Open::List { items, tail, .. }) => {
                    match tail {
                        Tail::Expecting => *tail = Tail::Have(d),
                        _ => items.push(d),
                    }
                    return Ok(None);
                }
                Some(Open::Vector { items, .. }) => {
                    items.push(d);
                    return Ok(None);
                }
                Some(Open::Skip(_)) => {
                    stack.pop();
                    return Ok(None);
                }
                Some(Open::Prefix(name, pos)) => {
                    let pos = *pos;
                    d = Datum::List(vec![Datum::Sym(Rc::from(*name), pos), d], pos);
                }
                Some(&mut Open::Label(n, pos)) => {
                    if let Datum::LabelRef(m) = d {
                        // `#0=#0#`, `#0=#1=#0#`: a label of nothing but itself.
                        let chain = stack.iter().rev().map_while(|o| match o {
                            Open::Label(k, _) => Some(*k),
                            _ => None,
                        });
                        if chain.into_iter().any(|k| k == m) {
                            let msg =
                                format!("datum label #{n}= labels only a reference to itself");
                            return Err(invalid(msg, pos));
                        }
                    }
                    d = self.labelled(n, d);
                }
            }
            stack.pop();
        }
    }

    /// `.` is only valid after at least one element of a list.
    fn dot(&mut self, stack: &mut [Open], pos: Pos) -> ReadResult<()> {
        match stack.last_mut() {
            Some(Open::List {
                items,
                tail: tail @ Tail::None,
                ..
            }) if !items.is_empty() => {
                *tail = Tail::Expecting;
                Ok(())
            }
            _ => Err(invalid("unexpected `.`", pos)),
        }
    }

    /// `#n#`: the datum labelled `n` (the same `Rc`), or a `LabelRef` inside it.
    fn label_ref(&mut self, n: u64, pos: Pos) -> ReadResult<Datum> {
        match self.labels.defined.get(&n) {
            Some(Some(d)) => Ok(d.clone()),
            Some(None) => {
                self.labels.circular.insert(n);
                Ok(Datum::LabelRef(n))
            }
            None => Err(invalid(format!("undefined datum label #{n}#"), pos)),
        }
    }

    /// The datum `d` just read after `#n=`, recorded for the `#n#`s after it.
    fn labelled(&mut self, n: u64, d: Datum) -> Datum {
        let d = if self.labels.circular.remove(&n) {
            Datum::Labelled(n, Box::new(d))
        } else {
            d
        };
        let shared = Datum::Shared(Rc::new(d));
        self.labels.defined.insert(n, Some(shared.clone()));
        shared
    }
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
