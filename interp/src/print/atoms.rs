//! External representations of characters, strings and symbols.

use crate::num::parse::parse_number;
use std::fmt::Write;

/// Appends `#\c` for `write`: a name for the named characters, `#\xHH` for other control and
/// whitespace characters, the character itself otherwise.
pub fn write_char(out: &mut String, c: char) {
    out.push_str("#\\");
    let name = match c {
        ' ' => "space",
        '\n' => "newline",
        '\t' => "tab",
        '\r' => "return",
        '\0' => "null",
        '\x07' => "alarm",
        '\x08' => "backspace",
        '\x1b' => "escape",
        '\x7f' => "delete",
        c if c.is_control() || c.is_whitespace() => {
            let _ = write!(out, "x{:x}", c as u32);
            return;
        }
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(name);
}

/// Appends `"text"` with the escapes `\" \\ \n \t \r` and `\xHH;` for other control characters.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:x};", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a symbol for `write`: bare, or between bars when the bare name would not read back as
/// this symbol.
pub fn write_symbol(out: &mut String, name: &str) {
    if !symbol_needs_bars(name) {
        out.push_str(name);
        return;
    }
    out.push('|');
    for c in name.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let _ = write!(out, "\\x{:x};", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('|');
}

/// Characters that end or cannot appear in a bare identifier.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '(' | ')' | '[' | ']' | '{' | '}' | '"' | ';' | '|' | '\'' | '`' | ',' | '\\'
        )
}

/// Whether `name` must be written as `|name|`: it is empty, contains a delimiter, reads as a
/// number or as `.`, or starts the way no identifier does (`#`, `@`, a digit, or a sign or dot
/// followed by a digit).
pub fn symbol_needs_bars(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    if name == "." || name.chars().any(is_delimiter) || parse_number(name, 10).is_some() {
        return true;
    }
    let second = chars.next();
    let third = chars.next();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    match first {
        '#' | '@' => true,
        c if c.is_ascii_digit() => true,
        '.' => digit(second),
        '+' | '-' => digit(second) || (second == Some('.') && digit(third)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn char_text(c: char) -> String {
        let mut s = String::new();
        write_char(&mut s, c);
        s
    }

    fn string_text(t: &str) -> String {
        let mut s = String::new();
        write_string(&mut s, t);
        s
    }

    fn symbol_text(t: &str) -> String {
        let mut s = String::new();
        write_symbol(&mut s, t);
        s
    }

    #[test]
    fn characters() {
        assert_eq!(char_text('a'), "#\\a");
        assert_eq!(char_text('('), "#\\(");
        assert_eq!(char_text(' '), "#\\space");
        assert_eq!(char_text('\n'), "#\\newline");
        assert_eq!(char_text('\0'), "#\\null");
        assert_eq!(char_text('\x7f'), "#\\delete");
        assert_eq!(char_text('\x01'), "#\\x1");
        assert_eq!(char_text('\u{a0}'), "#\\xa0");
        assert_eq!(char_text('λ'), "#\\λ");
        assert_eq!(char_text('😀'), "#\\😀");
    }

    #[test]
    fn strings() {
        assert_eq!(string_text("a \nb"), "\"a \\nb\"");
        assert_eq!(string_text("q\"\\"), "\"q\\\"\\\\\"");
        assert_eq!(string_text("\t\r\x07"), "\"\\t\\r\\x7;\"");
        assert_eq!(string_text("héllo ☃"), "\"héllo ☃\"");
    }

    #[test]
    fn symbols() {
        for bare in [
            "a",
            "+",
            "-",
            "...",
            "->x",
            "<=?",
            "a.b",
            "!$%&*/:<=>?^_~",
            "λ",
            "a#b",
            "..",
            "-a",
            "+.a",
        ] {
            assert_eq!(symbol_text(bare), bare, "{bare} needs no bars");
        }
        assert_eq!(symbol_text("foo bar"), "|foo bar|");
        assert_eq!(symbol_text(""), "||");
        assert_eq!(symbol_text("."), "|.|");
        assert_eq!(symbol_text("a|b"), "|a\\|b|");
        assert_eq!(symbol_text("tab\there"), "|tab\\x9;here|");
        for numeric in [
            "1", "-1", "+5", "1/2", ".5", "1e10", "+inf.0", "-nan.0", "1+", "+5a", "-.5x", "#t",
            "@x", "(", "x;y", "'q",
        ] {
            assert!(symbol_needs_bars(numeric), "{numeric} needs bars");
        }
    }
}
