//! `Display` for `Datum`, in `write` style (strings quoted, characters as `#\x`). Used for error
//! messages and the `Core` printer; heap values have their own printer in the runtime.

use super::datum::Datum;
use std::fmt::{self, Display, Formatter, Write};

impl Display for Datum {
    fn fmt(&self, f: &mut Formatter) -> fmt::Result {
        match self {
            Datum::Bool(b) => f.write_str(if *b { "#t" } else { "#f" }),
            Datum::Num(n) => write!(f, "{n}"),
            Datum::Char(c) => write_char(*c, f),
            Datum::Str(s) => write_string(s, f),
            Datum::Sym(s, _) => write_symbol(s, f),
            Datum::List(items, _) => write_seq("(", items, None, f),
            Datum::Dotted(items, tail, _) => write_seq("(", items, Some(tail), f),
            Datum::Vector(items) => write_seq("#(", items, None, f),
            Datum::Bytevector(bytes) => {
                f.write_str("#u8(")?;
                for (i, b) in bytes.iter().enumerate() {
                    write!(f, "{}{b}", if i > 0 { " " } else { "" })?;
                }
                f.write_str(")")
            }
            Datum::Alias(a) => a.name.fmt(f),
            Datum::Shared(d) => d.fmt(f),
            Datum::Labelled(n, d) => write!(f, "#{n}={d}"),
            Datum::LabelRef(n) => write!(f, "#{n}#"),
            Datum::Unspecified => f.write_str("#<unspecified>"),
        }
    }
}

/// `'x`, `` `x``, `,x`, `,@x` for two-element lists headed by the quote symbols.
fn abbreviation(items: &[Datum]) -> Option<&'static str> {
    match items {
        [Datum::Sym(s, _), _] => match &**s {
            "quote" => Some("'"),
            "quasiquote" => Some("`"),
            "unquote" => Some(","),
            "unquote-splicing" => Some(",@"),
            _ => None,
        },
        _ => None,
    }
}

fn write_seq(open: &str, items: &[Datum], tail: Option<&Datum>, f: &mut Formatter) -> fmt::Result {
    if let (Some(prefix), "(", None) = (abbreviation(items), open, tail) {
        return write!(f, "{prefix}{}", items[1]);
    }
    f.write_str(open)?;
    for (i, d) in items.iter().enumerate() {
        write!(f, "{}{d}", if i > 0 { " " } else { "" })?;
    }
    if let Some(t) = tail {
        write!(f, " . {t}")?;
    }
    f.write_str(")")
}

fn write_char(c: char, f: &mut Formatter) -> fmt::Result {
    let name = match c {
        '\x07' => "alarm",
        '\x08' => "backspace",
        '\x7f' => "delete",
        '\x1b' => "escape",
        '\n' => "newline",
        '\0' => "null",
        '\r' => "return",
        ' ' => "space",
        '\t' => "tab",
        c if c.is_control() => return write!(f, "#\\x{:x}", c as u32),
        c => return write!(f, "#\\{c}"),
    };
    write!(f, "#\\{name}")
}

fn write_string(s: &str, f: &mut Formatter) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\t' => f.write_str("\\t")?,
            '\r' => f.write_str("\\r")?,
            c if c.is_control() => write!(f, "\\x{:x};", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

/// Symbols that would read back as something else are written `|like this|`.
fn write_symbol(s: &str, f: &mut Formatter) -> fmt::Result {
    let plain = !s.is_empty()
        && s != "."
        && !s
            .chars()
            .any(|c| c.is_whitespace() || "()[]\";|'`,".contains(c))
        && !s.starts_with('#')
        && crate::num::parse::parse_number(s, 10).is_none();
    if plain {
        return f.write_str(s);
    }
    f.write_char('|')?;
    for c in s.chars() {
        match c {
            '|' => f.write_str("\\|")?,
            '\\' => f.write_str("\\\\")?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('|')
}
