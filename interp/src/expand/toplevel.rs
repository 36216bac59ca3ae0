//! Top-level forms: global definitions, `define-syntax`, `import`, and splicing `begin`.

use super::core_forms::parse_define;
use super::env::{Resolved, Special, GLOBAL};
use super::expr::error;
use super::libraries::{is_known, is_library_name};
use super::util::{bad, base_name, is_ident, pos_or, seq, unspecified, Result};
use super::{Expander, SyntaxError};
use crate::ir::core::Core;
use crate::syntax::datum::{Datum, Pos};

impl Expander {
    /// Expands a top-level form (or a form spliced into the top level).
    pub(crate) fn toplevel(&mut self, form: &Datum) -> Result<Core> {
        self.nested(form.pos(), |x| x.toplevel_inner(form))
    }

    #[inline(never)]
    fn toplevel_inner(&mut self, form: &Datum) -> Result<Core> {
        let (items, pos) = match form {
            Datum::List(items, pos) if items.first().is_some_and(super::util::is_ident) => {
                (items, *pos)
            }
            _ => return self.expr(form, GLOBAL),
        };
        match self.envs.resolve(&items[0], GLOBAL) {
            Resolved::Special(Special::Begin) => self.toplevel_seq(&items[1..]),
            Resolved::Special(Special::CondExpand) => {
                let forms = self.cond_expand(items, pos)?;
                self.toplevel_seq(forms)
            }
            Resolved::Special(Special::Define) => {
                let (id, rhs) = parse_define(items, pos)?;
                self.envs.remove_global_syntax(&base_name(id));
                let value = self.define_rhs(id, &rhs, GLOBAL, pos)?;
                Ok(Core::GlobalDefine(base_name(id), Box::new(value)))
            }
            Resolved::Special(Special::DefineValues) => self.global_define_values(items, pos),
            Resolved::Special(Special::DefineRecordType) => self.global_record(items, pos),
            Resolved::Special(Special::DefineSyntax) => {
                let (id, b) = self.define_syntax_parts(items, pos, GLOBAL)?;
                self.envs.set_global_syntax(base_name(&id), b);
                Ok(unspecified())
            }
            Resolved::Special(Special::Import) => {
                for set in &items[1..] {
                    self.import_set(set, pos)?;
                }
                Ok(unspecified())
            }
            Resolved::Macro(m) => {
                let out = self.apply_macro(&m, form, GLOBAL)?;
                self.toplevel(&out)
            }
            _ => self.expr(form, GLOBAL),
        }
    }

    /// Checks one import set and records its renames. Every standard binding is global, so
    /// `only`, `except` and plain library names need nothing more; `prefix` and `rename` become
    /// renames that global lookups undo.
    fn import_set(&mut self, set: &Datum, pos: Pos) -> Result<()> {
        let pos = pos_or(set, pos);
        let items = match set {
            Datum::List(items, _) => items,
            _ => return Err(bad_import_set(set, pos)),
        };
        let head = items.first().filter(|h| is_ident(h)).map(base_name);
        let inner = items.get(1).filter(|d| matches!(d, Datum::List(..)));
        let (Some(head), Some(inner)) = (head, inner) else {
            return self.library_name(set, pos);
        };
        let ids = &items[2..];
        match &*head {
            "only" | "except" if ids.iter().all(is_ident) => self.import_set(inner, pos),
            "prefix" => match ids {
                [p] if is_ident(p) => {
                    self.import_set(inner, pos)?;
                    self.envs.add_prefix(base_name(p));
                    Ok(())
                }
                _ => Err(bad("import", "expected (prefix import-set prefix)", pos)),
            },
            "rename" => {
                self.import_set(inner, pos)?;
                for pair in ids {
                    match pair {
                        Datum::List(p, _) if p.len() == 2 && p.iter().all(is_ident) => {
                            self.envs.add_rename(base_name(&p[0]), base_name(&p[1]))
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
                Ok(())
            }
            "only" | "except" => Err(bad(
                "import",
                format!("expected ({head} import-set identifier ...)"),
                pos,
            )),
            _ => self.library_name(set, pos),
        }
    }

    /// An imported library name: it must name a library there is.
    fn library_name(&self, name: &Datum, pos: Pos) -> Result<()> {
        if !is_library_name(name) {
            return Err(bad_import_set(name, pos));
        }
        if !is_known(name) {
            return Err(error(format!("unknown library {name}"), pos));
        }
        Ok(())
    }

    /// Spliced top-level forms, expanded in order so earlier macro definitions apply to later forms.
    fn toplevel_seq(&mut self, forms: &[Datum]) -> Result<Core> {
        let mut out = Vec::with_capacity(forms.len());
        for f in forms {
            out.push(self.toplevel(f)?);
        }
        Ok(seq(out))
    }

    /// `GlobalDefine` of identifier `id` (aliases define their plain name); the name stops
    /// being a syntax keyword.
    pub(crate) fn global_define_value(&mut self, id: &Datum, value: Core) -> Core {
        let name = base_name(id);
        self.envs.remove_global_syntax(&name);
        Core::GlobalDefine(name, Box::new(value))
    }
}

/// The error for something that is neither a library name nor an import set.
#[cold]
fn bad_import_set(set: &Datum, pos: Pos) -> SyntaxError {
    bad(
        "import",
        format!("expected a library name or import set, got {set}"),
        pos,
    )
}

#[cfg(test)]
mod tests {
    use crate::expand::test_util::{err, ex};

    #[test]
    fn begin_splices_and_macros_apply_to_later_forms() {
        assert_eq!(
            ex("(begin (define-syntax two (syntax-rules () ((_) 2))) (define x (two))) (two)"),
            "(begin #<unspecified> (define x 2))\n2"
        );
        assert_eq!(ex("(begin)"), "#<unspecified>");
    }

    #[test]
    fn imports_and_redefinitions() {
        assert_eq!(
            ex("(import (scheme base) (scheme write))"),
            "#<unspecified>"
        );
        assert_eq!(
            ex(
                "(import (only (scheme base) car) (except (scheme char) char-upcase) \
                (prefix (scheme write) w:) (rename (prefix (scheme cxr) c:) (c:caddr third)))"
            ),
            "#<unspecified>"
        );
        assert_eq!(
            ex("(define-syntax m (syntax-rules () ((_) 1))) (define m 2) m"),
            "#<unspecified>\n(define m 2)\nm"
        );
        // A keyword can be bound to another keyword.
        assert_eq!(
            ex("(define-syntax fn lambda) (fn (x) x)"),
            "#<unspecified>\n(lambda _ (x.0) x.0)"
        );
    }

    #[test]
    fn imports_name_known_libraries_and_well_formed_sets() {
        let e = err("(import (scheme base)\n (no such lib))");
        assert_eq!(e.msg, "unknown library (no such lib)");
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((2, 2)));
        assert_eq!(err("(import (srfi 1))").msg, "unknown library (srfi 1)");
        assert_eq!(
            err("(import (only (scheme bass) car))").msg,
            "unknown library (scheme bass)"
        );
        assert_eq!(
            err("(import 42)").msg,
            "bad syntax in import: expected a library name or import set, got 42"
        );
        assert_eq!(
            err("(import (scheme \"base\"))").msg,
            "bad syntax in import: expected a library name or import set, got (scheme \"base\")"
        );
        assert_eq!(
            err("(import (prefix (scheme base)))").msg,
            "bad syntax in import: expected (prefix import-set prefix)"
        );
        assert_eq!(
            err("(import (rename (scheme base) (car)))").msg,
            "bad syntax in import: expected (old new) in rename, got (car)"
        );
        assert_eq!(
            err("(import (only (scheme base) 1))").msg,
            "bad syntax in import: expected (only import-set identifier ...)"
        );
        assert_eq!(
            ex("(cond-expand ((library (scheme char)) 1) (else 2))"),
            "1"
        );
        assert_eq!(ex("(cond-expand ((library (no lib)) 1) (else 2))"), "2");
    }

    #[test]
    fn global_definitions() {
        assert_eq!(
            ex("(define-values (q r) (floor/ 7 2))"),
            "(begin (define q #<unspecified>) (define r #<unspecified>) (%call-with-values (lambda _ () (floor/ 7 2)) (lambda _ (v.0 v.1) (begin (set! q v.0) (set! r v.1)))))"
        );
        assert_eq!(
            ex("(define-values all (values))"),
            "(begin (define all #<unspecified>) (%call-with-values (lambda _ () (values)) (lambda _ (. v.0) (set! all v.0))))"
        );
        assert_eq!(
            ex("(define-record-type <point> (make-point x y) point? (x point-x set-point-x!) (y point-y))"),
            "(begin (define <point> (%make-record-type '<point> '(x y))) (define make-point (%record-constructor <point> '(x y))) (define point? (%record-predicate <point>)) (define point-x (%record-accessor <point> 'x)) (define set-point-x! (%record-modifier <point> 'x)) (define point-y (%record-accessor <point> 'y)))"
        );
        assert_eq!(
            err("(define-record-type p (mk z) p? (x px))").msg,
            "bad syntax in define-record-type: constructor argument `z` is not a field"
        );
    }
}
