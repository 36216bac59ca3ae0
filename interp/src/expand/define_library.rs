//! `define-library`: declarations (`export`, `import`, `begin`, `include`, `include-ci`,
//! `include-library-declarations`, `cond-expand`), the library's own top-level environment, its
//! body and its exports.

use super::core_forms::parse_define;
use super::env::{Binding, EnvId, Resolved, Special};
use super::expr::error;
use super::libraries::{is_library_name, key, Entry, Library};
use super::records::parse_record;
use super::util::{bad, base_name, is_ident, pos_or, seq, Result};
use super::Expander;
use crate::ir::core::Core;
use crate::syntax::datum::{Datum, Pos};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const KW: &str = "define-library";

/// The declarations of a library, flattened (`cond-expand` and
/// `include-library-declarations` resolved).
#[derive(Default)]
struct Decls {
    /// Export specs, each with the position of its `export` declaration.
    exports: Vec<(Datum, Pos)>,
    /// Import sets, each with the position of its `import` declaration.
    imports: Vec<(Datum, Pos)>,
    /// The body: the forms of `begin` declarations and of included files, in order.
    body: Vec<Datum>,
}

impl Expander {
    /// `(define-library name declaration ...)`: expands the library and registers it. Its body's
    /// code is kept until code that loads the library is first expanded.
    pub(crate) fn define_library(&mut self, items: &[Datum], pos: Pos) -> Result<()> {
        let name = match items.get(1) {
            Some(n) if is_library_name(n) => n,
            _ => {
                return Err(bad(
                    KW,
                    "expected (define-library (name ...) declaration ...)",
                    pos,
                ))
            }
        };
        let k = key(name);
        if self.libs.entries.contains_key(&k) {
            return Err(error(format!("library {k} is defined twice"), pos));
        }
        self.libs.entries.insert(k.clone(), Entry::Loading);
        self.libs.loading.push(Rc::from(k.as_str()));
        let r = self.library(&k, &items[2..], pos);
        self.libs.loading.pop();
        match r {
            Ok(lib) => {
                self.libs.entries.insert(k, Entry::Loaded(lib));
                Ok(())
            }
            Err(e) => {
                self.libs.entries.remove(&k);
                Err(e)
            }
        }
    }

    fn library(&mut self, k: &str, decls: &[Datum], pos: Pos) -> Result<Rc<Library>> {
        let dir = self.dir_of_file(pos.file);
        let mut d = Decls::default();
        self.declarations(decls, &dir, &mut d, pos)?;
        let name: Rc<str> = Rc::from(k);
        let top = self.envs.new_top(Some(name.clone()), true);
        let mut deps = Vec::new();
        for (set, at) in &d.imports {
            deps.extend(self.import_sets(std::slice::from_ref(set), top, *at)?);
        }
        for form in &d.body {
            self.predeclare(form, top);
        }
        let body = self.library_body(top, &d.body)?;
        let exports = self.exports(top, k, &d.exports)?;
        Ok(Rc::new(Library {
            name,
            exports,
            deps,
            body: RefCell::new(Some(seq(body))),
        }))
    }

    /// Flattens library declarations into `out`; included files are relative to `dir`.
    fn declarations(
        &mut self,
        decls: &[Datum],
        dir: &str,
        out: &mut Decls,
        pos: Pos,
    ) -> Result<()> {
        for decl in decls {
            let dpos = pos_or(decl, pos);
            let items = match decl {
                Datum::List(items, _) if items.first().is_some_and(is_ident) => items,
                _ => return Err(bad(KW, format!("expected a declaration, got {decl}"), dpos)),
            };
            match &*base_name(&items[0]) {
                "export" => out
                    .exports
                    .extend(items[1..].iter().map(|s| (s.clone(), dpos))),
                "import" => out
                    .imports
                    .extend(items[1..].iter().map(|s| (s.clone(), pos_or(s, dpos)))),
                "begin" => out.body.extend(items[1..].iter().cloned()),
                "include" => out
                    .body
                    .extend(self.included(&items[1..], dir, false, dpos)?),
                "include-ci" => out
                    .body
                    .extend(self.included(&items[1..], dir, true, dpos)?),
                "include-library-declarations" => {
                    for file in &items[1..] {
                        let (path, forms) = self.include_file(file, dir, false, dpos)?;
                        let sub = crate::library::dir_of(&path).to_string();
                        self.declarations(&forms, &sub, out, dpos)?;
                    }
                }
                "cond-expand" => {
                    if let Some(i) = self.cond_expand_choice(items, dpos)? {
                        if let Datum::List(clause, _) = &items[i] {
                            self.declarations(&clause[1..], dir, out, dpos)?;
                        }
                    }
                }
                other => return Err(bad(KW, format!("unknown declaration ({other} …)"), dpos)),
            }
        }
        Ok(())
    }

    /// Makes the names a library body form defines mean the library's own cells from the
    /// start: procedures defined earlier may call them, and they may shadow builtins.
    fn predeclare(&mut self, form: &Datum, top: EnvId) {
        let Datum::List(items, pos) = form else {
            return;
        };
        let Some(head) = items.first().filter(|h| is_ident(h)) else {
            return;
        };
        let mut names = Vec::new();
        match self.envs.resolve(head, top) {
            Resolved::Special(Special::Begin) => {
                for f in &items[1..] {
                    self.predeclare(f, top);
                }
            }
            Resolved::Special(Special::Define) => {
                if let Ok((id, _)) = parse_define(items, *pos) {
                    names.push(base_name(id));
                }
            }
            Resolved::Special(Special::DefineValues) => {
                if let Ok((formals, _)) = super::values::parse_define_values(items, *pos) {
                    names.extend(super::values::formal_ids(formals).iter().map(base_name));
                }
            }
            Resolved::Special(Special::DefineRecordType) => {
                if let Ok(spec) = parse_record(items, *pos) {
                    names.extend(spec.defined_names().iter().map(base_name));
                }
            }
            _ => {}
        }
        for n in names.iter().filter(|n| !n.is_empty()) {
            self.envs.predeclare(top, n);
        }
    }

    /// Expands a library's body forms in its environment `top`, as top-level forms.
    fn library_body(&mut self, top: EnvId, forms: &[Datum]) -> Result<Vec<Core>> {
        let saved = (self.top, self.depth, self.expansions);
        self.top = top;
        let mut out = Vec::with_capacity(forms.len());
        let mut result = Ok(());
        for form in forms {
            let mark = self.envs.mark();
            self.depth = 0;
            self.expansions = 0;
            let r = self.toplevel(form);
            self.envs.release(mark);
            match r {
                Ok(c) => out.push(c),
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        (self.top, self.depth, self.expansions) = saved;
        result.map(|()| out)
    }

    /// The export specs resolved in the library's environment: external name → binding.
    fn exports(
        &self,
        top: EnvId,
        k: &str,
        specs: &[(Datum, Pos)],
    ) -> Result<HashMap<Rc<str>, Binding>> {
        let mut out = HashMap::new();
        for (spec, at) in specs {
            let (internal, external) = match spec {
                id if is_ident(id) => (base_name(id), base_name(id)),
                Datum::List(p, _)
                    if p.len() == 3 && p.iter().all(is_ident) && &*base_name(&p[0]) == "rename" =>
                {
                    (base_name(&p[1]), base_name(&p[2]))
                }
                _ => {
                    return Err(bad(
                        "export",
                        format!("expected an identifier or (rename internal external), got {spec}"),
                        pos_or(spec, *at),
                    ))
                }
            };
            let Some(b) = self.envs.export_binding(top, &internal) else {
                return Err(error(
                    format!(
                        "library {k} exports `{internal}`, which it neither defines nor imports"
                    ),
                    pos_or(spec, *at),
                ));
            };
            out.insert(external, b);
        }
        Ok(out)
    }
}
