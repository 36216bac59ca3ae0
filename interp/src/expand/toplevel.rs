//! Top-level forms: global definitions, `define-syntax`, `import`, `define-library`, `include`
//! and splicing `begin`, in the current top-level environment (the program's, or a library's
//! while its body is expanded).

use super::core_forms::parse_define;
use super::env::{Resolved, Special};
use super::expr::error;
use super::util::{base_name, seq, unspecified, Result};
use super::Expander;
use crate::ir::core::Core;
use crate::syntax::datum::{Datum, Pos};
use std::rc::Rc;

impl Expander {
    /// Expands a top-level form (or a form spliced into the top level).
    pub(crate) fn toplevel(&mut self, form: &Datum) -> Result<Core> {
        self.nested(form.pos(), |x| x.toplevel_inner(form))
    }

    #[inline(never)]
    fn toplevel_inner(&mut self, form: &Datum) -> Result<Core> {
        let top = self.top;
        let (items, pos) = match form {
            Datum::List(items, pos) if items.first().is_some_and(super::util::is_ident) => {
                (items, *pos)
            }
            _ => return self.expr(form, top),
        };
        match self.envs.resolve(&items[0], top) {
            Resolved::Special(Special::Begin) => self.toplevel_seq(&items[1..]),
            Resolved::Special(Special::CondExpand) => {
                let forms = self.cond_expand(items, pos)?;
                self.toplevel_seq(forms)
            }
            Resolved::Special(s @ (Special::Include | Special::IncludeCi)) => {
                let forms = self.include_form(items, s == Special::IncludeCi, pos)?;
                self.toplevel_seq(&forms)
            }
            Resolved::Special(Special::Define) => {
                let (id, rhs) = parse_define(items, pos)?;
                let cell = self.define_global_name(id, pos)?;
                let value = self.define_rhs(id, &rhs, top, pos)?;
                Ok(Core::GlobalDefine(cell, Box::new(value)))
            }
            Resolved::Special(Special::DefineValues) => self.global_define_values(items, pos),
            Resolved::Special(Special::DefineRecordType) => self.global_record(items, pos),
            Resolved::Special(Special::DefineSyntax) => {
                let (id, b) = self.define_syntax_parts(items, pos, top)?;
                let name = base_name(&id);
                self.check_not_defined(&name, pos)?;
                self.envs.define_syntax_name(top, &name);
                self.envs.set_global_syntax(top, name, b);
                Ok(unspecified())
            }
            Resolved::Special(Special::Import) => {
                let libs = self.import_sets(&items[1..], top, pos)?;
                // Running the import loads the libraries not loaded yet, after those they
                // import. (A library's own `import` declarations load when it does.)
                Ok(self.libs.load_code(&libs, pos))
            }
            Resolved::Special(Special::DefineLibrary) => {
                if let Some(lib) = self.envs.library(top) {
                    return Err(error(
                        format!("define-library inside the body of library {lib}"),
                        pos,
                    ));
                }
                self.define_library(items, pos)?;
                Ok(unspecified())
            }
            Resolved::Macro(m) => {
                let out = self.apply_macro(&m, form, top)?;
                self.toplevel(&out)
            }
            _ => self.expr(form, top),
        }
    }

    /// Spliced top-level forms, expanded in order so earlier macro definitions apply to later forms.
    fn toplevel_seq(&mut self, forms: &[Datum]) -> Result<Core> {
        let mut out = Vec::with_capacity(forms.len());
        for f in forms {
            out.push(self.toplevel(f)?);
        }
        Ok(seq(out))
    }

    /// A library may define each name once.
    fn check_not_defined(&self, name: &str, pos: Pos) -> Result<()> {
        match self.envs.library(self.top) {
            Some(lib) if self.envs.is_defined(self.top, name) => Err(error(
                format!("duplicate definition of `{name}` in library {lib}"),
                pos,
            )),
            _ => Ok(()),
        }
    }

    /// A top-level definition of identifier `id` (an alias defines its plain name) in the
    /// current top-level environment; returns the cell it defines. The name stops being a
    /// syntax keyword.
    pub(crate) fn define_global_name(&mut self, id: &Datum, pos: Pos) -> Result<Rc<str>> {
        let name = base_name(id);
        self.check_not_defined(&name, pos)?;
        Ok(self.envs.define(self.top, &name))
    }
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
        assert_eq!(err("(import (srfi 999))").msg, "unknown library (srfi 999)");
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
