//! Top-level forms: global definitions, `define-syntax`, `import`, and splicing `begin`.

use super::core_forms::parse_define;
use super::env::{Resolved, Special, GLOBAL};
use super::util::{base_name, seq, unspecified, Result};
use super::Expander;
use crate::ir::core::Core;
use crate::syntax::datum::Datum;

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
                    self.import_set(set);
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

    /// Records the renames of one import set. Every standard binding is global, so `only`,
    /// `except` and plain library names need nothing; `prefix` and `rename` become renames that
    /// global lookups undo.
    fn import_set(&mut self, set: &Datum) {
        let Datum::List(items, _) = set else { return };
        let head = match items.first() {
            Some(Datum::Sym(s, _)) => s.clone(),
            _ => return,
        };
        match (&*head, items.get(1)) {
            ("prefix", Some(inner)) => {
                self.import_set(inner);
                if let Some(Datum::Sym(p, _)) = items.get(2) {
                    self.envs.add_prefix(p.clone());
                }
            }
            ("rename", Some(inner)) => {
                self.import_set(inner);
                for pair in &items[2..] {
                    if let Datum::List(p, _) = pair {
                        if let [Datum::Sym(old, _), Datum::Sym(new, _)] = p.as_slice() {
                            self.envs.add_rename(old.clone(), new.clone());
                        }
                    }
                }
            }
            ("only" | "except", Some(inner)) => self.import_set(inner),
            _ => {}
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

    /// `GlobalDefine` of identifier `id` (aliases define their plain name); the name stops
    /// being a syntax keyword.
    pub(crate) fn global_define_value(&mut self, id: &Datum, value: Core) -> Core {
        let name = base_name(id);
        self.envs.remove_global_syntax(&name);
        Core::GlobalDefine(name, Box::new(value))
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
