//! Bodies (of `lambda`, `let`, ...): internal definitions become one `Letrec` (`letrec*`
//! semantics) around the remaining expressions.
//!
//! The body is scanned form by form: macro uses at the head are expanded to see whether they
//! produce definitions, `begin` (and `cond-expand`) are spliced, and each definition binds its
//! name at once so later forms (and macros defined in the body) see it. Only after the scan are
//! right-hand sides and expressions expanded, so every internal definition is in scope in all of
//! them. Expressions between definitions are kept in order as bindings of dummy variables.

use super::core_forms::parse_define;
use super::env::{Binding, EnvId, Resolved, Special};
use super::util::{bad, base_name, is_ident, seq, unspecified, Result};
use super::Expander;
use crate::ir::core::{Core, Var};
use crate::syntax::datum::{Datum, Pos};
use std::borrow::Cow;
use std::collections::VecDeque;
use std::rc::Rc;

/// A body form: borrowed from the source, or owned when a macro use produced it. Borrowing
/// matters: a body nested in a body nested in … would otherwise copy everything inside it at
/// every level (quadratic in the nesting depth).
type Form<'a> = Cow<'a, Datum>;

/// One scanned body form.
pub(crate) enum Entry<'a> {
    /// A `(define …)` form; its variable is bound during the scan, its right-hand side is
    /// parsed again (cheaply, by reference) when the body is built.
    Define(Var, Form<'a>, Pos),
    /// A definition whose value was built during the scan (records, `define-values` slots).
    Built(Var, Core),
    /// A `(define-values formals expr)` form: assigns the already-bound variables.
    Values(Vec<Var>, Option<Var>, Form<'a>, Pos),
    /// An expression.
    Expr(Form<'a>),
}

impl Expander {
    /// Expands `forms` as a body in a new frame inside `env`.
    pub(crate) fn body(&mut self, forms: &[Datum], env: EnvId, pos: Pos) -> Result<Core> {
        if forms.is_empty() {
            return Err(bad("body", "empty body", pos));
        }
        let benv = self.envs.push(env);
        let entries = self.scan_body(forms, benv)?;
        self.build_body(entries, benv, pos)
    }

    /// Classifies the body forms, binding definitions in `benv` as they are found.
    #[inline(never)]
    fn scan_body<'a>(&mut self, forms: &'a [Datum], benv: EnvId) -> Result<Vec<Entry<'a>>> {
        let mut queue: VecDeque<Form<'a>> = forms.iter().map(Cow::Borrowed).collect();
        let mut entries = Vec::new();
        while let Some(form) = queue.pop_front() {
            let (items, pos) = match &*form {
                Datum::List(items, pos) => (items, *pos),
                Datum::Dotted(items, _, _) => {
                    // `(keyword . datum)` may be a macro use that expands to a definition.
                    match self.macro_head(items, benv) {
                        Some(m) => {
                            let out = self.apply_macro(&m, &form, benv)?;
                            queue.push_front(Cow::Owned(out));
                        }
                        None => entries.push(Entry::Expr(form)),
                    }
                    continue;
                }
                _ => {
                    entries.push(Entry::Expr(form));
                    continue;
                }
            };
            let head = match items.first() {
                Some(h) if is_ident(h) => self.envs.resolve(h, benv),
                _ => {
                    entries.push(Entry::Expr(form));
                    continue;
                }
            };
            match head {
                Resolved::Special(Special::Begin) => splice(&mut queue, form, None),
                Resolved::Special(s @ (Special::Include | Special::IncludeCi)) => {
                    let forms = self.include_form(items, s == Special::IncludeCi, pos)?;
                    for f in forms.into_iter().rev() {
                        queue.push_front(Cow::Owned(f));
                    }
                }
                Resolved::Special(Special::CondExpand) => {
                    if let Some(i) = self.cond_expand_choice(items, pos)? {
                        splice(&mut queue, form, Some(i));
                    }
                }
                Resolved::Special(Special::Define) => {
                    let (id, _) = parse_define(items, pos)?;
                    let var = self.bind_var(id, benv, "define", pos)?;
                    entries.push(Entry::Define(var, form, pos));
                }
                Resolved::Special(Special::DefineValues) => {
                    let formals = super::values::parse_define_values(items, pos)?.0;
                    let (params, rest) = self.bind_formals(formals, benv, "define-values", pos)?;
                    for v in params.iter().chain(rest.iter()) {
                        entries.push(Entry::Built(v.clone(), unspecified()));
                    }
                    entries.push(Entry::Values(params, rest, form, pos));
                }
                Resolved::Special(Special::DefineRecordType) => {
                    self.scan_record(items, pos, benv, &mut entries)?
                }
                Resolved::Special(Special::DefineSyntax) => {
                    let (id, b) = self.define_syntax_parts(items, pos, benv)?;
                    if self.envs.bound_here(benv, &id) {
                        return Err(bad(
                            "define-syntax",
                            format!("duplicate definition of `{id}`"),
                            pos,
                        ));
                    }
                    self.envs.bind(benv, &id, b);
                }
                Resolved::Macro(m) => {
                    let out = self.apply_macro(&m, &form, benv)?;
                    queue.push_front(Cow::Owned(out));
                }
                _ => entries.push(Entry::Expr(form)),
            }
        }
        Ok(entries)
    }

    /// Expands the scanned entries into the body's `Core`.
    #[inline(never)]
    fn build_body(&mut self, mut entries: Vec<Entry>, benv: EnvId, pos: Pos) -> Result<Core> {
        let last_def = entries.iter().rposition(|e| !matches!(e, Entry::Expr(_)));
        let split = last_def.map_or(0, |i| i + 1);
        if split == entries.len() {
            return Err(bad("body", "no expression after the definitions", pos));
        }
        // Entries are handled in place, by reference: moving them around would put several
        // entry-sized temporaries in this frame, which is on the expander's recursive path.
        let mut vars = Vec::with_capacity(split);
        let mut inits = Vec::with_capacity(split);
        for entry in &mut entries[..split] {
            let (var, init) = self.entry_binding(entry, benv)?;
            vars.push(var);
            inits.push(init);
        }
        let mut exprs = Vec::with_capacity(entries.len() - split);
        for entry in &entries[split..] {
            if let Entry::Expr(form) = entry {
                exprs.push(self.expr(form, benv)?);
            }
        }
        let body = seq(exprs);
        Ok(if vars.is_empty() {
            body
        } else {
            Core::Letrec(vars, inits, Box::new(body))
        })
    }

    /// The `Letrec` binding for a scanned entry (expressions get a dummy variable).
    #[inline(never)]
    fn entry_binding(&mut self, entry: &mut Entry, benv: EnvId) -> Result<(Var, Core)> {
        Ok(match entry {
            Entry::Define(var, form, pos) => {
                let (id, rhs) = parse_define(form_items(form), *pos)?;
                (var.clone(), self.define_rhs(id, &rhs, benv, *pos)?)
            }
            Entry::Built(var, core) => (var.clone(), std::mem::replace(core, unspecified())),
            Entry::Values(params, rest, form, pos) => {
                let expr = super::values::parse_define_values(form_items(form), *pos)?.1;
                let init = self.values_setter(params, rest.as_ref(), expr, benv, *pos)?;
                (self.fresh(Rc::from("_")), init)
            }
            Entry::Expr(form) => {
                let init = self.expr(form, benv)?;
                (self.fresh(Rc::from("_")), init)
            }
        })
    }

    /// Binds the names a `define-record-type` defines in `benv` and records their values.
    fn scan_record(
        &mut self,
        items: &[Datum],
        pos: Pos,
        benv: EnvId,
        entries: &mut Vec<Entry>,
    ) -> Result<()> {
        let spec = super::records::parse_record(items, pos)?;
        let type_var = self.bind_var(&spec.type_name, benv, "define-record-type", pos)?;
        let rtd = Core::LocalRef(type_var.id);
        let mut defs = spec.definitions(rtd, pos).into_iter();
        let (_, type_init) = defs.next().expect("record type definition comes first");
        entries.push(Entry::Built(type_var, type_init));
        for (id, init) in defs {
            let var = self.bind_var(&id, benv, "define-record-type", pos)?;
            entries.push(Entry::Built(var, init));
        }
        Ok(())
    }

    /// `(define-syntax name spec)` → the identifier and its syntactic binding, closed over `env`.
    pub(crate) fn define_syntax_parts(
        &mut self,
        items: &[Datum],
        pos: Pos,
        env: EnvId,
    ) -> Result<(Datum, Binding)> {
        super::util::arity(
            items,
            3,
            Some(3),
            "define-syntax",
            "(define-syntax name (syntax-rules ...))",
            pos,
        )?;
        let id = items[1].clone();
        if !is_ident(&id) {
            return Err(bad(
                "define-syntax",
                format!("expected an identifier, got {id}"),
                pos,
            ));
        }
        let b = self.transformer(&items[2], env, base_name(&id), pos)?;
        Ok((id, b))
    }
}

/// The items of a list form (scanned as one before it became an entry).
fn form_items(form: &Datum) -> &[Datum] {
    match form {
        Datum::List(items, _) => items,
        _ => unreachable!("scanned as a list form"),
    }
}

/// Puts the forms that list `form` splices at the front of the queue, in order: its items after
/// the head (`begin`), or, with `chosen`, the items of its `chosen` item after that item's first
/// (a `cond-expand` clause). Borrowed forms stay borrowed; owned ones are moved, never copied.
fn splice<'a>(queue: &mut VecDeque<Form<'a>>, form: Form<'a>, chosen: Option<usize>) {
    let spliced: Vec<Form<'a>> = match (form, chosen) {
        (Cow::Borrowed(Datum::List(items, _)), None) => {
            items[1..].iter().map(Cow::Borrowed).collect()
        }
        (Cow::Borrowed(Datum::List(items, _)), Some(i)) => match &items[i] {
            Datum::List(clause, _) => clause[1..].iter().map(Cow::Borrowed).collect(),
            _ => unreachable!("cond-expand chose a list clause"),
        },
        (Cow::Owned(Datum::List(items, _)), None) => {
            items.into_iter().skip(1).map(Cow::Owned).collect()
        }
        (Cow::Owned(Datum::List(items, _)), Some(i)) => match items.into_iter().nth(i) {
            Some(Datum::List(clause, _)) => clause.into_iter().skip(1).map(Cow::Owned).collect(),
            _ => unreachable!("cond-expand chose a list clause"),
        },
        _ => unreachable!("only list forms splice"),
    };
    for f in spliced.into_iter().rev() {
        queue.push_front(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::expand::test_util::{err, ex, last};

    #[test]
    fn internal_defines_become_letrec() {
        assert_eq!(
            ex("(lambda () (define a 1) (define (b) a) (b))"),
            "(lambda _ () (letrec ((a.0 1) (b.1 (lambda b () a.0))) (b.1)))"
        );
        // A definition shadows a parameter of the same name.
        assert_eq!(
            ex("(lambda (x) (define x 2) x)"),
            "(lambda _ (x.0) (letrec ((x.1 2)) x.1))"
        );
    }

    #[test]
    fn mixed_and_spliced_definitions() {
        assert_eq!(
            ex("(lambda () (define a 1) (display a) (define (b) a) (b))"),
            "(lambda _ () (letrec ((a.0 1) (_.2 (display a.0)) (b.1 (lambda b () a.0))) (b.1)))"
        );
        assert_eq!(
            ex("(lambda () (begin (define a 1) (begin (define b 2))) (+ a b))"),
            "(lambda _ () (letrec ((a.0 1) (b.1 2)) (+ a.0 b.1)))"
        );
    }

    #[test]
    fn definitions_see_each_other_and_later_macros() {
        assert_eq!(
            ex("(let () (define-syntax two (syntax-rules () ((_) 2))) (define x (two)) (define-syntax def (syntax-rules () ((_ n v) (define n v)))) (def y x) y)"),
            "(letrec ((x.0 2) (y.1 x.0)) y.1)"
        );
    }

    #[test]
    fn define_values_and_records_in_bodies() {
        assert_eq!(
            ex("(lambda () (define-values (x . r) (values 1 2)) r)"),
            "(lambda _ () (letrec ((x.0 #<unspecified>) (r.1 #<unspecified>) (_.4 (%call-with-values (lambda _ () (values 1 2)) (lambda _ (v.2 . v.3) (begin (set! x.0 v.2) (set! r.1 v.3)))))) r.1))"
        );
        assert_eq!(
            ex("(let () (define-record-type p (kons a) p? (a kar)) (kar (kons 1)))"),
            "(letrec ((p.0 (%make-record-type 'p '(a))) (kons.1 (%record-constructor p.0 '(a))) (p?.2 (%record-predicate p.0)) (kar.3 (%record-accessor p.0 'a))) (kar.3 (kons.1 1)))"
        );
    }

    #[test]
    fn body_errors() {
        assert_eq!(
            err("(lambda () (define x 1))").msg,
            "bad syntax in body: no expression after the definitions"
        );
        assert_eq!(
            err("(let () (define x 1) (define x 2) x)").msg,
            "bad syntax in define: duplicate binding of `x`"
        );
        assert_eq!(
            last("(define-syntax loop (syntax-rules () ((_) (loop)))) 1"),
            "1"
        );
        assert_eq!(
            err("(define-syntax loop (syntax-rules () ((_) (loop)))) (let () (loop))").msg,
            "bad syntax in loop: too many macro expansions (infinite expansion loop?)"
        );
    }
}
