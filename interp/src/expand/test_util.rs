//! Test helpers: read and expand source text, print the `Core`.

use super::{Expander, SyntaxError};
use crate::syntax::reader::read_all;

/// Expands every top-level form of `src` with one expander; the printed `Core`s joined by newlines.
pub(crate) fn expand_all(src: &str) -> Result<String, SyntaxError> {
    let mut x = Expander::new();
    let mut out = Vec::new();
    for form in read_all(src, 0).expect("test source reads") {
        out.push(x.expand_toplevel(&form)?.to_string());
    }
    Ok(out.join("\n"))
}

/// Like `expand_all`, panicking on a syntax error.
pub(crate) fn ex(src: &str) -> String {
    expand_all(src).unwrap_or_else(|e| panic!("syntax error in {src:?}: {e}"))
}

/// The last top-level form's printed `Core`.
pub(crate) fn last(src: &str) -> String {
    ex(src).rsplit('\n').next().unwrap_or_default().to_string()
}

/// The syntax error message for `src` (panics if it expands).
pub(crate) fn err(src: &str) -> SyntaxError {
    match expand_all(src) {
        Ok(c) => panic!("expected a syntax error for {src:?}, got {c}"),
        Err(e) => e,
    }
}
