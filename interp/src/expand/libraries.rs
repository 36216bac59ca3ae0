//! The library registry: which libraries exist, which are loaded, what each exports.
//!
//! Three kinds of library can be imported:
//! - the R7RS standard libraries `(scheme …)` and Kiln's `(kiln http)`: their names are builtin
//!   globals and the standard syntax, and importing one binds the names of its export list
//!   (`crate::library::standard`);
//! - the SRFIs built into Kiln, `(srfi N)`: `define-library` sources embedded in the binary
//!   (`crate::srfi`), loaded like files;
//! - user libraries: `define-library` forms in the program itself, or in files found on the
//!   library path (`crate::library::Loader`).
//!
//! A library is loaded (read and expanded) once, when first imported; its body runs once, when
//! the first code that needs it runs (an import, an `environment`), after the bodies of the
//! libraries it imports.

use super::env::Binding;
use super::util::{base_name, is_ident, rt_call, seq, unspecified};
use crate::ir::core::Core;
use crate::num::Number;
use crate::syntax::datum::{Datum, Pos};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A loaded user or SRFI library.
pub(crate) struct Library {
    /// Its name as written, e.g. `(app stack)`.
    pub name: Rc<str>,
    /// Exported name → binding.
    pub exports: HashMap<Rc<str>, Binding>,
    /// The libraries it imports, whose bodies run before its own.
    pub deps: Vec<Rc<Library>>,
    /// Its body's code until the first import needs it ([`Registry::load_code`]).
    pub body: RefCell<Option<Core>>,
}

/// What the registry knows of a library name.
pub(crate) enum Entry {
    /// Being loaded: importing it now is an import cycle.
    Loading,
    Loaded(Rc<Library>),
}

/// Every library seen, by canonical name (`(a b 1)`), the chain being loaded and the bodies
/// the host has yet to install.
#[derive(Default)]
pub(crate) struct Registry {
    pub entries: HashMap<String, Entry>,
    /// Libraries being loaded, outermost first (for the import-cycle error).
    pub loading: Vec<Rc<str>>,
    /// Library bodies first needed since the host last took them: cell name, code.
    pub new_bodies: Vec<(String, Core)>,
}

impl Registry {
    /// The code that loads `libs` when it runs: a `(%load-library "(a b)")` for each of them and
    /// each library they import, dependencies first, each once. A library's body is not part of
    /// that code: the first emission moves it to `new_bodies`, for the host to make it the
    /// closure in the library's cell ([`body_cell`]) before any of this code runs, and
    /// `%load-library` runs that closure the first time it is called (so whatever runs first —
    /// an import, an `environment`, even one expanded earlier but run later as in a bundle —
    /// loads the library, and only once).
    pub fn load_code(&mut self, libs: &[Rc<Library>], pos: Pos) -> Core {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for lib in libs {
            self.emit(lib, &mut seen, &mut out, pos);
        }
        // The value of an import is unspecified, not that of a body (the REPL prints it).
        out.push(unspecified());
        seq(out)
    }

    fn emit(&mut self, lib: &Library, seen: &mut Vec<Rc<str>>, out: &mut Vec<Core>, pos: Pos) {
        if seen.contains(&lib.name) {
            return;
        }
        seen.push(lib.name.clone());
        for dep in &lib.deps {
            self.emit(dep, seen, out, pos);
        }
        if let Some(body) = lib.body.borrow_mut().take() {
            self.new_bodies.push((body_cell(&lib.name), body));
        }
        out.push(rt_call(
            "%load-library",
            vec![Core::Const(Datum::Str(Rc::from(body_cell(&lib.name))))],
            pos,
        ));
    }
}

/// The name of the global cell that holds library `k`'s body (a closure of no arguments) until
/// it runs, then `#t`.
pub(crate) fn body_cell(k: &str) -> String {
    format!("%library {k}")
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

/// The parts of a library name as text: `(app stack 2)` → `["app", "stack", "2"]`.
pub(crate) fn name_parts(name: &Datum) -> Vec<String> {
    match name {
        Datum::List(parts, _) => parts
            .iter()
            .map(|p| match p {
                Datum::Num(n) => n.to_string(),
                other => base_name(other).to_string(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The canonical text of a library name: `(app stack 2)`.
pub(crate) fn key(name: &Datum) -> String {
    format!("({})", name_parts(name).join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::reader::read_all;

    fn datum(s: &str) -> Datum {
        read_all(s, 0).unwrap().remove(0)
    }

    #[test]
    fn names_and_keys() {
        assert!(is_library_name(&datum("(srfi 1)")));
        assert!(!is_library_name(&datum("(srfi -1)")));
        assert!(!is_library_name(&datum("()")));
        assert_eq!(key(&datum("(app  stack 2)")), "(app stack 2)");
        assert_eq!(name_parts(&datum("(srfi 69)")), ["srfi", "69"]);
    }
}
