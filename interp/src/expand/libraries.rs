//! The libraries a program can import: today the R7RS-small standard libraries the runtime
//! provides (every binding is global, so importing one changes nothing but renames). User
//! libraries (`define-library`, a library path) will plug a registry in behind [`is_known`].

use super::util::{base_name, is_ident};
use crate::num::Number;
use crate::syntax::datum::Datum;

/// The `(scheme <name>)` libraries provided.
const SCHEME_LIBRARIES: &[&str] = &[
    "base",
    "case-lambda",
    "char",
    "cxr",
    "eval",
    "file",
    "inexact",
    "lazy",
    "load",
    "process-context",
    "read",
    "repl",
    "time",
    "write",
    "r5rs",
];

/// The `(kiln <name>)` libraries provided: `(kiln http)`, HTTP handlers (`interp/src/http`).
const KILN_LIBRARIES: &[&str] = &["http"];

/// Whether `name` (a library name such as `(scheme base)`) names a library that can be imported.
/// Used by `import` and by `cond-expand`'s `(library …)` requirements.
pub(crate) fn is_known(name: &Datum) -> bool {
    match name {
        Datum::List(parts, _) if parts.len() == 2 && is_ident(&parts[0]) && is_ident(&parts[1]) => {
            let (prefix, last) = (base_name(&parts[0]), base_name(&parts[1]));
            match &*prefix {
                "scheme" => SCHEME_LIBRARIES.contains(&&*last),
                "kiln" => KILN_LIBRARIES.contains(&&*last),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether `d` has the shape of a library name: a non-empty list of identifiers and exact
/// non-negative integers (R7RS 5.6.1).
pub(crate) fn is_library_name(d: &Datum) -> bool {
    match d {
        Datum::List(parts, _) if !parts.is_empty() => parts
            .iter()
            .all(|p| is_ident(p) || matches!(p, Datum::Num(Number::Int(i)) if *i >= 0)),
        _ => false,
    }
}
