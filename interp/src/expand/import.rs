//! `import`: import sets (`only`, `except`, `prefix`, `rename` over a library name) and loading
//! the libraries they name.

use super::env::{Binding, EnvId};
use super::expr::error;
use super::libraries::{is_library_name, key, name_parts, Entry, Library};
use super::util::{bad, base_name, is_ident, pos_or, Result};
use super::Expander;
use crate::syntax::datum::{Datum, Pos};
use std::rc::Rc;

/// The bindings an import set makes: name → binding, in order.
type Bindings = Vec<(Rc<str>, Binding)>;

/// What an import set evaluates to: the bindings it makes, the library it names (for errors)
/// and, for a user or SRFI library, that library (whose body must run before the importer's).
struct Imported {
    name: Rc<str>,
    lib: Option<Rc<Library>>,
    bindings: Bindings,
}

impl Expander {
    /// Imports each set into the top-level environment `top`; returns the user and SRFI
    /// libraries imported.
    pub(crate) fn import_sets(
        &mut self,
        sets: &[Datum],
        top: EnvId,
        pos: Pos,
    ) -> Result<Vec<Rc<Library>>> {
        let mut libs = Vec::new();
        for set in sets {
            let imported = self.import_set(set, pos)?;
            for (name, b) in imported.bindings {
                self.envs.import(top, name, b);
            }
            libs.extend(imported.lib);
        }
        Ok(libs)
    }

    /// Evaluates one import set.
    fn import_set(&mut self, set: &Datum, pos: Pos) -> Result<Imported> {
        let pos = pos_or(set, pos);
        let items = match set {
            Datum::List(items, _) => items,
            _ => return Err(bad_import_set(set, pos)),
        };
        let head = items.first().filter(|h| is_ident(h)).map(base_name);
        let inner = items.get(1).filter(|d| matches!(d, Datum::List(..)));
        let (Some(head), Some(inner)) = (head, inner) else {
            return self.import_library(set, pos);
        };
        let ids = &items[2..];
        match &*head {
            "only" | "except" if ids.iter().all(is_ident) => {
                let keep = head.as_ref() == "only";
                let mut imported = self.import_set(inner, pos)?;
                let names: Vec<Rc<str>> = ids.iter().map(base_name).collect();
                check_present(&imported, &names, &head, pos)?;
                imported.bindings.retain(|(n, _)| names.contains(n) == keep);
                Ok(imported)
            }
            "prefix" => match ids {
                [p] if is_ident(p) => {
                    let p = base_name(p);
                    let mut imported = self.import_set(inner, pos)?;
                    for (name, _) in imported.bindings.iter_mut() {
                        *name = Rc::from(format!("{p}{name}"));
                    }
                    Ok(imported)
                }
                _ => Err(bad("import", "expected (prefix import-set prefix)", pos)),
            },
            "rename" => {
                let mut pairs = Vec::new();
                for pair in ids {
                    match pair {
                        Datum::List(p, _) if p.len() == 2 && p.iter().all(is_ident) => {
                            pairs.push((base_name(&p[0]), base_name(&p[1])))
                        }
                        _ => {
                            return Err(bad(
                                "import",
                                format!("expected (old new) in rename, got {pair}"),
                                pos_or(pair, pos),
                            ))
                        }
                    }
                }
                let mut imported = self.import_set(inner, pos)?;
                let olds: Vec<Rc<str>> = pairs.iter().map(|p| p.0.clone()).collect();
                check_present(&imported, &olds, "rename", pos)?;
                for (name, _) in imported.bindings.iter_mut() {
                    if let Some((_, new)) = pairs.iter().find(|(old, _)| old == name) {
                        *name = new.clone();
                    }
                }
                Ok(imported)
            }
            "only" | "except" => Err(bad(
                "import",
                format!("expected ({head} import-set identifier ...)"),
                pos,
            )),
            _ => self.import_library(set, pos),
        }
    }

    /// A library name in an import set: a standard library (its export list), or a library
    /// loaded if need be.
    fn import_library(&mut self, name: &Datum, pos: Pos) -> Result<Imported> {
        if !is_library_name(name) {
            return Err(bad_import_set(name, pos));
        }
        let k = key(name);
        if let Some(names) = crate::library::standard::exports(&k) {
            let bindings = names
                .map(|n| (Rc::from(n), self.envs.standard_binding(n)))
                .collect();
            return Ok(Imported {
                name: Rc::from(k),
                lib: None,
                bindings,
            });
        }
        let lib = self.load_library(name, pos)?;
        let mut bindings: Bindings = lib
            .exports
            .iter()
            .map(|(n, b)| (n.clone(), b.clone()))
            .collect();
        // Exports are a map: sort them so that expansion is deterministic.
        bindings.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Imported {
            name: lib.name.clone(),
            lib: Some(lib),
            bindings,
        })
    }

    /// The library named `name`, loaded now if it has not been (from the SRFIs built in, then
    /// from the library path).
    pub(crate) fn load_library(&mut self, name: &Datum, pos: Pos) -> Result<Rc<Library>> {
        let k = key(name);
        match self.libs.entries.get(&k) {
            Some(Entry::Loaded(lib)) => return Ok(lib.clone()),
            Some(Entry::Loading) => {
                let mut chain: Vec<&str> = self.libs.loading.iter().map(|s| &**s).collect();
                let start = chain.iter().position(|l| *l == k).unwrap_or(0);
                chain.drain(..start);
                chain.push(&k);
                return Err(error(
                    format!("import cycle: {}", chain.join(" imports ")),
                    pos,
                ));
            }
            None => {}
        }
        let (file, text) = match crate::srfi::source(&k) {
            Some((file, text)) => (file.to_string(), Rc::from(text)),
            None => {
                let Some(file) = self.loader.find_library(&name_parts(name)) else {
                    return Err(error(self.not_found(&k, name), pos));
                };
                let text = self
                    .loader
                    .read(&file)
                    .map_err(|e| error(format!("cannot load library {k}: {e}"), pos))?;
                (file, text)
            }
        };
        self.load_library_file(&file, &text, pos)?;
        match self.libs.entries.get(&k) {
            Some(Entry::Loaded(lib)) => Ok(lib.clone()),
            _ => Err(error(
                format!("{file} does not define library {k} (expected (define-library {k} …))"),
                pos,
            )),
        }
    }

    /// The names library `name` exports (loaded if need be).
    #[cfg(all(test, target_arch = "wasm32"))]
    pub(crate) fn exports_of(&mut self, name: &Datum) -> Result<Vec<String>> {
        let lib = self.load_library(name, Pos::default())?;
        Ok(lib.exports.keys().map(|k| k.to_string()).collect())
    }

    /// The message for a library found nowhere.
    fn not_found(&self, k: &str, name: &Datum) -> String {
        let rel = name_parts(name).join("/");
        let dirs = self.loader.library_dirs();
        if dirs.is_empty() {
            return format!("unknown library {k}");
        }
        format!(
            "unknown library {k}: no {rel}.sld or {rel}.scm in the library path ({})",
            dirs.join(", ")
        )
    }

    /// Reads and expands a library file: every form in it must be a `define-library`.
    fn load_library_file(&mut self, file: &str, text: &str, pos: Pos) -> Result<()> {
        let id = self.loader.add_file(file);
        let forms = crate::syntax::reader::read_all(text, id).map_err(|e| SyntaxErrorAt {
            msg: format!("read error: {}", e.msg),
            pos: e.pos,
        })?;
        if forms.is_empty() {
            return Err(error(
                format!("{file} is empty: expected a define-library"),
                pos,
            ));
        }
        for form in &forms {
            match form {
                Datum::List(items, fpos)
                    if items
                        .first()
                        .is_some_and(|h| is_ident(h) && &*base_name(h) == "define-library") =>
                {
                    self.define_library(items, *fpos)?;
                }
                other => {
                    return Err(error(
                        format!(
                            "expected (define-library …) in a library file, got {}",
                            head_of(other)
                        ),
                        other.pos().unwrap_or(pos),
                    ))
                }
            }
        }
        Ok(())
    }

    /// Whether library `name` can be imported (`cond-expand`'s `(library name)`).
    pub(crate) fn library_available(&self, name: &Datum) -> bool {
        if !is_library_name(name) {
            return false;
        }
        let k = key(name);
        crate::library::standard::exports(&k).is_some()
            || self.libs.entries.contains_key(&k)
            || crate::srfi::source(&k).is_some()
            || self.loader.find_library(&name_parts(name)).is_some()
    }
}

/// A read error inside a library file, as a syntax error at its position.
struct SyntaxErrorAt {
    msg: String,
    pos: Pos,
}

impl From<SyntaxErrorAt> for super::SyntaxError {
    fn from(e: SyntaxErrorAt) -> super::SyntaxError {
        super::SyntaxError {
            msg: e.msg,
            pos: Some(e.pos),
        }
    }
}

/// A short description of a form for error messages: its head, or the form itself.
fn head_of(d: &Datum) -> String {
    match d {
        Datum::List(items, _) if !items.is_empty() => format!("({} …)", items[0]),
        other => other.to_string(),
    }
}

/// Every name of `names` must be among the bindings of `imported` (what the inner import set
/// provides).
fn check_present(imported: &Imported, names: &[Rc<str>], what: &str, pos: Pos) -> Result<()> {
    let bindings = &imported.bindings;
    match names
        .iter()
        .find(|n| !bindings.iter().any(|(b, _)| b == *n))
    {
        None => Ok(()),
        Some(missing) => Err(error(
            format!(
                "bad import ({what} …): library {} does not export `{missing}`",
                imported.name
            ),
            pos,
        )),
    }
}

/// The error for something that is neither a library name nor an import set.
#[cold]
fn bad_import_set(set: &Datum, pos: Pos) -> super::SyntaxError {
    bad(
        "import",
        format!("expected a library name or import set, got {set}"),
        pos,
    )
}
