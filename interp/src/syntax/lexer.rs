//! The lexer: turns source text into tokens (parentheses, prefixes, atoms) and skips
//! whitespace, comments and `#!` directives. Atoms (numbers, strings, characters, symbols,
//! booleans) are fully decoded here, so the reader only deals with structure.

use super::datum::{Datum, Pos};
use super::reader::{ReadError, ReadErrorKind};
use crate::num::parse::parse_number;
use std::rc::Rc;

/// One lexical token.
#[derive(Debug)]
pub(crate) enum Tok {
    /// `(` or `[`.
    Open(char),
    /// `)` or `]`.
    Close(char),
    /// A lone `.` inside a list.
    Dot,
    /// `'` `` ` `` `,` `,@`, carrying the symbol the prefix abbreviates.
    Prefix(&'static str),
    /// `#(`.
    VecOpen,
    /// `#u8(`.
    BytesOpen,
    /// `#;`: the next datum is a comment.
    DatumComment,
    /// `#n=`.
    LabelDef(u64),
    /// `#n#`.
    LabelRef(u64),
    Atom(Datum),
}

/// A token and where it starts.
#[derive(Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub pos: Pos,
}

type LexResult<T> = Result<T, ReadError>;

/// A cursor over the source text that tracks line and column.
pub(crate) struct Lexer<'a> {
    src: &'a str,
    off: usize,
    line: u32,
    col: u32,
    file: u32,
    /// Set by `#!fold-case`: symbols are case-folded (character names are matched ignoring case
    /// either way).
    fold_case: bool,
    /// A token the end of the text interrupted, to be finished when the text has grown.
    partial: Option<Partial>,
}

/// A token cut short by the end of the text: what was decoded of it, so that lexing can resume
/// where it stopped once more text has arrived (the REPL's lines). Without it, a string or block
/// comment of n lines would be lexed again from its start at each of its n lines.
#[derive(Debug)]
enum Partial {
    /// A string (`close` is `"`) or barred symbol (`|`): its position and text so far.
    Quoted { close: char, pos: Pos, text: String },
    /// A `#| … |#` comment and its nesting depth so far.
    Block { pos: Pos, depth: u32 },
}

/// Everything a lexer knows besides the text itself, for resuming it over a longer text.
#[derive(Debug)]
pub(crate) struct LexState {
    off: usize,
    line: u32,
    col: u32,
    file: u32,
    /// Set by `#!fold-case` (and for `include-ci`).
    pub(crate) fold_case: bool,
    partial: Option<Partial>,
}

/// A position in the text to rewind to.
#[derive(Clone, Copy)]
struct Mark {
    off: usize,
    line: u32,
    col: u32,
}

/// R7RS delimiters (plus `[` `]`, which Kiln accepts as list brackets).
fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"' | ';' | '|')
}

/// A read error (shared with the reader).
#[cold]
pub(crate) fn err(kind: ReadErrorKind, msg: impl Into<String>, pos: Pos) -> ReadError {
    ReadError {
        kind,
        msg: msg.into(),
        pos,
    }
}

fn invalid(msg: impl Into<String>, pos: Pos) -> ReadError {
    err(ReadErrorKind::Invalid, msg, pos)
}

fn incomplete(msg: impl Into<String>, pos: Pos) -> ReadError {
    err(ReadErrorKind::Incomplete, msg, pos)
}

impl<'a> Lexer<'a> {
    /// A lexer over `src` in `state`, taken from a lexer over a prefix of `src`.
    pub fn resume(src: &'a str, state: LexState) -> Lexer<'a> {
        Lexer {
            src,
            off: state.off,
            line: state.line,
            col: state.col,
            file: state.file,
            fold_case: state.fold_case,
            partial: state.partial,
        }
    }

    /// The state to resume from (after the last complete token, inside a cut-short one).
    pub fn suspend(self) -> LexState {
        LexState {
            off: self.off,
            line: self.line,
            col: self.col,
            file: self.file,
            fold_case: self.fold_case,
            partial: self.partial,
        }
    }

    fn mark(&self) -> Mark {
        Mark {
            off: self.off,
            line: self.line,
            col: self.col,
        }
    }

    /// Records `partial` and rewinds to `at`, where lexing resumes once there is more text;
    /// the error says the text ended inside the token.
    #[cold]
    fn cut_short(&mut self, partial: Partial, at: Mark, msg: String, pos: Pos) -> ReadError {
        self.off = at.off;
        self.line = at.line;
        self.col = at.col;
        self.partial = Some(partial);
        incomplete(msg, pos)
    }

    /// Byte offset of the next unread character.
    pub fn offset(&self) -> usize {
        self.off
    }

    /// Position of the next unread character.
    pub fn pos(&self) -> Pos {
        Pos {
            file: self.file,
            line: self.line,
            col: self.col,
        }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.off..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.off += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    /// Consumes characters up to (not including) the next delimiter.
    fn take_until_delimiter(&mut self, into: &mut String) {
        while let Some(c) = self.peek().filter(|c| !is_delimiter(*c)) {
            into.push(c);
            self.bump();
        }
    }

    fn skip_line(&mut self) {
        while let Some(c) = self.bump() {
            if c == '\n' {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the input.
    #[inline(never)] // keeps the lexer's locals out of the recursive reader frames
    pub fn next(&mut self) -> LexResult<Option<Token>> {
        match self.partial.take() {
            Some(Partial::Quoted { close, pos, text }) => {
                let tok = self.quoted_token(close, pos, text)?;
                return Ok(Some(Token { tok, pos }));
            }
            Some(Partial::Block { pos, depth }) => self.block_comment(pos, depth)?,
            None => {}
        }
        loop {
            while self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            }
            let pos = self.pos();
            let Some(c) = self.bump() else {
                return Ok(None);
            };
            let tok = match c {
                ';' => {
                    self.skip_line();
                    continue;
                }
                '(' | '[' => Tok::Open(c),
                ')' | ']' => Tok::Close(c),
                '\'' => Tok::Prefix("quote"),
                '`' => Tok::Prefix("quasiquote"),
                ',' if self.peek() == Some('@') => {
                    self.bump();
                    Tok::Prefix("unquote-splicing")
                }
                ',' => Tok::Prefix("unquote"),
                '"' | '|' => self.quoted_token(c, pos, String::new())?,
                '#' => match self.hash(pos)? {
                    Some(tok) => tok,
                    None => continue,
                },
                '.' if self.peek().is_none_or(is_delimiter) => Tok::Dot,
                _ => {
                    let mut text = String::from(c);
                    self.take_until_delimiter(&mut text);
                    Tok::Atom(self.atom(text, pos))
                }
            };
            return Ok(Some(Token { tok, pos }));
        }
    }

    /// A number or symbol token.
    fn atom(&self, text: String, pos: Pos) -> Datum {
        let first = text.chars().next().unwrap_or(' ');
        if first.is_ascii_digit() || matches!(first, '+' | '-' | '.') {
            if let Some(n) = parse_number(&text, 10) {
                return Datum::Num(n);
            }
        }
        let name = if self.fold_case {
            // R7RS 2.1: as if by `string-foldcase`.
            crate::unicode::fold_case(&text)
        } else {
            text
        };
        Datum::Sym(Rc::from(name), pos)
    }

    /// After `#`: a token, or `None` for comments and directives.
    fn hash(&mut self, pos: Pos) -> LexResult<Option<Tok>> {
        let tok = match self.peek() {
            Some('|') => {
                self.bump();
                self.block_comment(pos, 1)?;
                return Ok(None);
            }
            Some('!') => {
                self.bump();
                self.directive(pos)?;
                return Ok(None);
            }
            Some(';') => {
                self.bump();
                Tok::DatumComment
            }
            Some('(') => {
                self.bump();
                Tok::VecOpen
            }
            Some('\\') => {
                self.bump();
                Tok::Atom(Datum::Char(self.character(pos)?))
            }
            Some(c) if c.is_ascii_digit() => self.label(pos)?,
            None => return Err(incomplete("unexpected end of input after `#`", pos)),
            Some(_) => {
                let mut text = String::from("#");
                self.take_until_delimiter(&mut text);
                self.hash_token(text, pos)?
            }
        };
        Ok(Some(tok))
    }

    /// `#t`, `#false`, `#u8(`, `#x1F`, ...
    fn hash_token(&mut self, text: String, pos: Pos) -> LexResult<Tok> {
        let lower = text.to_ascii_lowercase();
        Ok(match lower.as_str() {
            "#t" | "#true" => Tok::Atom(Datum::Bool(true)),
            "#f" | "#false" => Tok::Atom(Datum::Bool(false)),
            "#u8" if self.peek() == Some('(') => {
                self.bump();
                Tok::BytesOpen
            }
            _ => match parse_number(&text, 10) {
                Some(n) => Tok::Atom(Datum::Num(n)),
                None => return Err(invalid(format!("bad syntax `{text}`"), pos)),
            },
        })
    }

    /// `#n=` or `#n#`.
    fn label(&mut self, pos: Pos) -> LexResult<Tok> {
        let mut digits = String::new();
        while let Some(c) = self.peek().filter(char::is_ascii_digit) {
            digits.push(c);
            self.bump();
        }
        let n: u64 = digits
            .parse()
            .map_err(|_| invalid("datum label too large", pos))?;
        match self.bump() {
            Some('=') => Ok(Tok::LabelDef(n)),
            Some('#') => Ok(Tok::LabelRef(n)),
            None => Err(incomplete("unexpected end of input in datum label", pos)),
            Some(c) => Err(invalid(format!("bad syntax `#{digits}{c}`"), pos)),
        }
    }

    /// Skips a (nested) `#| ... |#` comment, `depth` levels deep; the opening `#|` is consumed.
    fn block_comment(&mut self, pos: Pos, mut depth: u32) -> LexResult<()> {
        while depth > 0 {
            let at = self.mark();
            match self.bump() {
                None => {
                    let msg = "unterminated block comment `#|`".to_string();
                    return Err(self.cut_short(Partial::Block { pos, depth }, at, msg, pos));
                }
                // `|` or `#` last: the next text may make it `|#` or `#|`.
                Some('|' | '#') if self.peek().is_none() => {
                    let msg = "unterminated block comment `#|`".to_string();
                    return Err(self.cut_short(Partial::Block { pos, depth }, at, msg, pos));
                }
                Some('|') if self.peek() == Some('#') => {
                    self.bump();
                    depth -= 1;
                }
                Some('#') if self.peek() == Some('|') => {
                    self.bump();
                    depth += 1;
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// `#!fold-case`, `#!no-fold-case`, or a `#!` script line at the very start of the input.
    fn directive(&mut self, pos: Pos) -> LexResult<()> {
        if self.off == 2 && matches!(self.peek(), Some('/' | ' ')) {
            self.skip_line();
            return Ok(());
        }
        let mut name = String::new();
        self.take_until_delimiter(&mut name);
        match name.as_str() {
            "fold-case" => self.fold_case = true,
            "no-fold-case" => self.fold_case = false,
            _ => return Err(invalid(format!("unknown directive #!{name}"), pos)),
        }
        Ok(())
    }

    /// After `#\`: a character literal.
    fn character(&mut self, pos: Pos) -> LexResult<char> {
        let Some(first) = self.bump() else {
            return Err(incomplete("unexpected end of input after `#\\`", pos));
        };
        let mut name = String::from(first);
        self.take_until_delimiter(&mut name);
        if name.chars().nth(1).is_none() {
            return Ok(first);
        }
        let lower = name.to_lowercase();
        let named = match lower.as_str() {
            "alarm" => Some('\x07'),
            "backspace" => Some('\x08'),
            "delete" => Some('\x7f'),
            "escape" => Some('\x1b'),
            "newline" | "linefeed" => Some('\n'),
            "null" | "nul" => Some('\0'),
            "return" => Some('\r'),
            "space" => Some(' '),
            "tab" => Some('\t'),
            _ => lower.strip_prefix('x').and_then(hex_char),
        };
        named.ok_or_else(|| invalid(format!("bad character name #\\{name}"), pos))
    }

    /// A string (`close` is `"`) or barred symbol (`|`, never case-folded) whose opening
    /// character is consumed and whose first characters decoded to `text`.
    fn quoted_token(&mut self, close: char, pos: Pos, text: String) -> LexResult<Tok> {
        Ok(if close == '"' {
            Tok::Atom(Datum::Str(Rc::from(
                self.quoted(close, "string", pos, text)?,
            )))
        } else {
            Tok::Atom(Datum::Sym(
                Rc::from(self.quoted(close, "symbol", pos, text)?),
                pos,
            ))
        })
    }

    /// The rest of a string or barred symbol (`what`) up to `close`, with escapes decoded.
    fn quoted(&mut self, close: char, what: &str, pos: Pos, mut text: String) -> LexResult<String> {
        loop {
            let at = self.mark();
            match self.bump() {
                None => {
                    let msg = match close {
                        '"' => "unterminated string".to_string(),
                        _ => "unterminated |symbol|".to_string(),
                    };
                    let partial = Partial::Quoted { close, pos, text };
                    return Err(self.cut_short(partial, at, msg, pos));
                }
                Some(c) if c == close => return Ok(text),
                Some('\\') => match self.escape(what, pos) {
                    Ok(Some(c)) => text.push(c),
                    // A line continuation also eats the next line's leading blanks: the end of
                    // the text may have cut it short.
                    Ok(None) if self.peek().is_none() => {
                        let msg = format!("unterminated {what}");
                        let partial = Partial::Quoted { close, pos, text };
                        return Err(self.cut_short(partial, at, msg, pos));
                    }
                    Ok(None) => {}
                    Err(e) if e.is_incomplete() => {
                        let partial = Partial::Quoted { close, pos, text };
                        return Err(self.cut_short(partial, at, e.msg, e.pos));
                    }
                    Err(e) => return Err(e),
                },
                Some(c) => text.push(c),
            }
        }
    }

    /// An escape after `\` in a string or barred symbol; `None` for a line continuation.
    fn escape(&mut self, what: &str, start: Pos) -> LexResult<Option<char>> {
        let at = self.pos();
        let Some(c) = self.bump() else {
            return Err(incomplete(format!("unterminated {what}"), start));
        };
        Ok(Some(match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\x07',
            'b' => '\x08',
            '0' => '\0',
            '\\' | '"' | '|' => c,
            'x' | 'X' => self.hex_escape(what, start, at)?,
            ' ' | '\t' | '\n' | '\r' => {
                self.line_continuation(c, at)?;
                return Ok(None);
            }
            _ => return Err(invalid(format!("bad escape `\\{c}` in {what}"), at)),
        }))
    }

    /// `\xHH;` after the `x`.
    fn hex_escape(&mut self, what: &str, start: Pos, at: Pos) -> LexResult<char> {
        let mut hex = String::new();
        loop {
            match self.bump() {
                None => return Err(incomplete(format!("unterminated {what}"), start)),
                Some(';') => break,
                Some(c) if c.is_ascii_hexdigit() => hex.push(c),
                Some(_) => return Err(invalid(format!("bad `\\x` escape in {what}"), at)),
            }
        }
        hex_char(&hex).ok_or_else(|| invalid(format!("bad `\\x{hex};` escape in {what}"), at))
    }

    /// `\<intraline whitespace>*<newline><intraline whitespace>*`; `first` is already consumed.
    fn line_continuation(&mut self, first: char, at: Pos) -> LexResult<()> {
        let intraline = |c: char| c == ' ' || c == '\t';
        let mut saw_newline = first == '\n';
        if !saw_newline {
            while self.peek().is_some_and(|c| intraline(c) || c == '\r') {
                self.bump();
            }
            if self.peek() == Some('\n') {
                self.bump();
                saw_newline = true;
            }
        }
        if !saw_newline {
            return Err(invalid(
                "bad escape `\\ ` in string (expected a line ending)",
                at,
            ));
        }
        while self.peek().is_some_and(intraline) {
            self.bump();
        }
        Ok(())
    }
}

impl LexState {
    /// The state at the start of a text whose first line is line `line` of file `file` (the
    /// REPL's entries continue the session's line count).
    pub fn at_line(file: u32, line: u32) -> LexState {
        LexState {
            off: 0,
            line,
            col: 1,
            file,
            fold_case: false,
            partial: None,
        }
    }
}

/// A Unicode scalar value from hex digits.
fn hex_char(hex: &str) -> Option<char> {
    if hex.is_empty() || hex.len() > 8 {
        return None;
    }
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}
