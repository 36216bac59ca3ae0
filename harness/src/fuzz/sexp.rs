//! A minimal S-expression tree: what the generator builds, the shrinker edits and the printer
//! writes. The parser reads any Scheme file well enough to shrink it (`kiln fuzz --shrink`):
//! comments are dropped, atoms (numbers, symbols, strings, characters) are kept as their text.

use anyhow::{bail, Result};

/// A datum of the program text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sexp {
    /// Any token: symbol, number, string literal (with its quotes), character, boolean.
    Atom(String),
    /// `( … )` (or `[ … ]` in the input).
    List(Vec<Sexp>),
    /// `#( … )`.
    Vector(Vec<Sexp>),
    /// `'x`, `` `x ``, `,x`, `,@x`.
    Prefix(&'static str, Box<Sexp>),
}

impl From<&str> for Sexp {
    fn from(s: &str) -> Sexp {
        Sexp::Atom(s.to_string())
    }
}

impl From<String> for Sexp {
    fn from(s: String) -> Sexp {
        Sexp::Atom(s)
    }
}

/// `list!["+", a, b]`: a list of things convertible to [`Sexp`].
macro_rules! list {
    ($($e:expr),* $(,)?) => { $crate::fuzz::sexp::Sexp::List(vec![$($crate::fuzz::sexp::Sexp::from($e)),*]) };
}
pub(crate) use list;

impl Sexp {
    /// `'x`.
    pub fn quote(x: Sexp) -> Sexp {
        Sexp::Prefix("'", Box::new(x))
    }

    /// The items of a list or vector; an atom or prefix has none.
    pub fn children(&self) -> &[Sexp] {
        match self {
            Sexp::List(xs) | Sexp::Vector(xs) => xs,
            _ => &[],
        }
    }

    /// Number of nodes in the tree (the shrinker's measure of size).
    pub fn size(&self) -> usize {
        match self {
            Sexp::Atom(_) => 1,
            Sexp::List(xs) | Sexp::Vector(xs) => 1 + xs.iter().map(Sexp::size).sum::<usize>(),
            Sexp::Prefix(_, x) => 1 + x.size(),
        }
    }

    /// The text on one line.
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out);
        out
    }

    fn write_flat(&self, out: &mut String) {
        match self {
            Sexp::Atom(a) => out.push_str(a),
            Sexp::List(xs) | Sexp::Vector(xs) => {
                out.push_str(if matches!(self, Sexp::Vector(_)) {
                    "#("
                } else {
                    "("
                });
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    x.write_flat(out);
                }
                out.push(')');
            }
            Sexp::Prefix(p, x) => {
                out.push_str(p);
                x.write_flat(out);
            }
        }
    }

    /// The text, broken over lines (two-space indentation) where a line would pass 90 columns.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write_pretty(&mut out, 0);
        out
    }

    fn write_pretty(&self, out: &mut String, indent: usize) {
        let flat = self.flat();
        let xs = match self {
            Sexp::List(xs) | Sexp::Vector(xs) if indent + flat.len() > 90 && xs.len() > 2 => xs,
            _ => return out.push_str(&flat),
        };
        out.push_str(if matches!(self, Sexp::Vector(_)) {
            "#("
        } else {
            "("
        });
        xs[0].write_pretty(out, indent + 1);
        // `(define (f x)`, `(let loop (…)`, `(if TEST`: a short second item stays on the line.
        let mut rest = &xs[1..];
        if matches!(xs[0], Sexp::Atom(_)) && xs.len() > 2 && rest[0].flat().len() <= 40 {
            out.push(' ');
            out.push_str(&rest[0].flat());
            rest = &rest[1..];
        }
        for x in rest {
            out.push('\n');
            out.push_str(&" ".repeat(indent + 2));
            x.write_pretty(out, indent + 2);
        }
        out.push(')');
    }
}

/// A whole program: its top-level forms, one per line (or more when long).
pub fn program_text(forms: &[Sexp]) -> String {
    let mut out = String::new();
    for f in forms {
        out.push_str(&f.pretty());
        out.push('\n');
    }
    out
}

/// Reads every datum of `text`.
pub fn parse(text: &str) -> Result<Vec<Sexp>> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let mut out = Vec::new();
    while let Some(d) = p.datum()? {
        out.push(d);
    }
    Ok(out)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn starts(&self, p: &str) -> bool {
        self.s[self.i..].starts_with(p.as_bytes())
    }

    /// Skips whitespace and comments (`;`, `#| |#` nested, `#;` datum).
    fn skip(&mut self) -> Result<()> {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.i += 1,
                Some(b';') => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.i += 1;
                    }
                }
                _ if self.starts("#|") => {
                    let mut depth = 0;
                    loop {
                        if self.i >= self.s.len() {
                            bail!("unterminated #| comment");
                        }
                        if self.starts("#|") {
                            depth += 1;
                            self.i += 2;
                        } else if self.starts("|#") {
                            depth -= 1;
                            self.i += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            self.i += 1;
                        }
                    }
                }
                _ if self.starts("#;") => {
                    self.i += 2;
                    if self.datum()?.is_none() {
                        bail!("#; before the end of the text");
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn datum(&mut self) -> Result<Option<Sexp>> {
        self.skip()?;
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        let at = self.i;
        let prefix = [(",@", ",@"), ("'", "'"), ("`", "`"), (",", ",")]
            .into_iter()
            .find(|(p, _)| self.starts(p));
        if let Some((p, name)) = prefix {
            self.i += p.len();
            let Some(d) = self.datum()? else {
                bail!("{p} at byte {at} quotes nothing");
            };
            return Ok(Some(Sexp::Prefix(name, Box::new(d))));
        }
        if c == b'(' || c == b'[' || self.starts("#(") {
            let vector = c == b'#';
            self.i += if vector { 2 } else { 1 };
            let mut items = Vec::new();
            loop {
                self.skip()?;
                match self.peek() {
                    None => bail!("the list opened at byte {at} is not closed"),
                    Some(b')' | b']') => {
                        self.i += 1;
                        break;
                    }
                    _ => items.extend(self.datum()?),
                }
            }
            return Ok(Some(if vector {
                Sexp::Vector(items)
            } else {
                Sexp::List(items)
            }));
        }
        if c == b')' || c == b']' {
            bail!("unexpected `{}` at byte {at}", c as char);
        }
        Ok(Some(Sexp::Atom(self.atom()?)))
    }

    fn atom(&mut self) -> Result<String> {
        let start = self.i;
        if self.peek() == Some(b'"') || self.peek() == Some(b'|') {
            let close = self.s[self.i];
            self.i += 1;
            loop {
                match self.peek() {
                    None => bail!("unterminated string at byte {start}"),
                    Some(b'\\') => self.i += 2,
                    Some(c) if c == close => {
                        self.i += 1;
                        break;
                    }
                    _ => self.i += 1,
                }
            }
        } else {
            if self.starts("#\\") {
                // A character: `#\(` and `#\ ` are delimiters used as data.
                self.i += 3;
            }
            while let Some(c) = self.peek() {
                if c.is_ascii_whitespace() || b"()[]\";'`,".contains(&c) {
                    break;
                }
                self.i += 1;
            }
        }
        let end = self.i.min(self.s.len());
        Ok(String::from_utf8_lossy(&self.s[start..end]).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        let text = "(define (f x) (if (< x 1) 'a `(,x ,@(list #\\( \"s)\\\"\"))))\n#(1 2.5 -3/4)\n";
        let forms = parse(text).unwrap();
        assert_eq!(forms.len(), 2);
        assert_eq!(program_text(&forms), text);
    }

    #[test]
    fn comments_are_dropped() {
        let forms = parse("; c\n(a #| x #| y |# |# b #;(c d) e) [f]").unwrap();
        assert_eq!(program_text(&forms), "(a b e)\n(f)\n");
    }

    #[test]
    fn long_forms_are_broken_over_lines() {
        let long = Sexp::List((0..40).map(|i| Sexp::Atom(format!("x{i}"))).collect());
        let text = long.pretty();
        assert!(text.lines().count() > 1);
        assert_eq!(parse(&text).unwrap(), vec![long]);
    }

    #[test]
    fn errors_say_where() {
        assert!(parse("(a (b)").unwrap_err().to_string().contains("byte 0"));
        assert!(parse("a)").is_err());
        assert!(parse("\"abc").is_err());
    }
}
