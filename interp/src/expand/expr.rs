//! Expression context: variables, literals, calls, and dispatch of special forms and macros.

use super::env::{EnvId, Resolved, Special};
use super::syntax_rules::Macro;
use super::util::{is_ident, seq, strip, Result};
use super::{Expander, SyntaxError};
use crate::ir::core::Core;
use crate::syntax::datum::{Datum, Pos};
use std::rc::Rc;

impl Expander {
    /// Expands `form` as an expression in `env`.
    pub(crate) fn expr(&mut self, form: &Datum, env: EnvId) -> Result<Core> {
        self.nested(form.pos(), |x| x.expr_inner(form, env))
    }

    fn expr_inner(&mut self, form: &Datum, env: EnvId) -> Result<Core> {
        match form {
            Datum::Sym(..) | Datum::Alias(_) => self.variable(form, env),
            Datum::List(items, pos) if !items.is_empty() => {
                self.combination(form, items, *pos, env)
            }
            Datum::List(_, pos) => {
                Err(error("bad syntax: () is not an expression (use '())", *pos))
            }
            Datum::Dotted(items, _, pos) => match self.macro_head(items, env) {
                // `(keyword . datum)` is a valid macro use.
                Some(m) => {
                    let out = self.apply_macro(&m, form, env)?;
                    self.expr(&out, env)
                }
                None => Err(error(
                    format!("bad syntax: improper list {form} as expression"),
                    *pos,
                )),
            },
            Datum::Vector(_) => self.literal(form),
            // `#0=(f x)` in program text is `(f x)`.
            Datum::Shared(inner) => self.expr_inner(inner, env),
            Datum::Labelled(..) | Datum::LabelRef(_) => Err(error(
                format!("bad syntax: circular datum {form} outside a quoted literal"),
                form.pos().unwrap_or_default(),
            )),
            _ => Ok(Core::Const(form.clone())),
        }
    }

    /// The macro named by the head of a form's `items`, if it is one.
    pub(crate) fn macro_head(&self, items: &[Datum], env: EnvId) -> Option<Rc<Macro>> {
        match self
            .envs
            .resolve(items.first().filter(|h| is_ident(h))?, env)
        {
            Resolved::Macro(m) => Some(m),
            _ => None,
        }
    }

    /// Expands each form as an expression.
    pub(crate) fn exprs(&mut self, forms: &[Datum], env: EnvId) -> Result<Vec<Core>> {
        forms.iter().map(|f| self.expr(f, env)).collect()
    }

    /// Expands `form` as an expression; if it is a `lambda` or `case-lambda`, names it `name`.
    pub(crate) fn expr_named(
        &mut self,
        form: &Datum,
        env: EnvId,
        name: Option<Rc<str>>,
    ) -> Result<Core> {
        if let Datum::List(items, pos) = form {
            if let Some(head) = items.first().filter(|h| is_ident(h)) {
                match self.envs.resolve(head, env) {
                    Resolved::Special(Special::Lambda) => {
                        return self.lambda_form(items, *pos, env, name)
                    }
                    Resolved::Special(Special::CaseLambda) => {
                        return self.case_lambda(items, *pos, env, name)
                    }
                    _ => {}
                }
            }
        }
        self.expr(form, env)
    }

    /// A variable reference.
    fn variable(&mut self, id: &Datum, env: EnvId) -> Result<Core> {
        let pos = id.pos().unwrap_or_default();
        match self.envs.resolve(id, env) {
            Resolved::Local(v) => Ok(Core::LocalRef(v.id)),
            Resolved::Global(name) => Ok(Core::GlobalRef(name, pos)),
            Resolved::Macro(_) | Resolved::Special(_) => Err(error(
                format!("bad syntax: syntax keyword `{id}` used as a variable"),
                pos,
            )),
        }
    }

    /// A non-empty list: special form, macro use or procedure call.
    fn combination(&mut self, form: &Datum, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        let head = &items[0];
        if is_ident(head) {
            match self.envs.resolve(head, env) {
                Resolved::Special(s) => return self.special(s, head, items, pos, env),
                Resolved::Macro(m) => {
                    let out = self.apply_macro(&m, form, env)?;
                    return self.expr(&out, env);
                }
                _ => {}
            }
        }
        let f = self.expr(head, env)?;
        let args = self.exprs(&items[1..], env)?;
        Ok(Core::Call(Box::new(f), args, pos))
    }

    /// Dispatches a special form in expression context.
    fn special(
        &mut self,
        s: Special,
        head: &Datum,
        items: &[Datum],
        pos: Pos,
        env: EnvId,
    ) -> Result<Core> {
        use Special::*;
        match s {
            Quote => self.quote(items, pos),
            Quasiquote => self.quasiquote(items, pos, env),
            Lambda => self.lambda_form(items, pos, env, None),
            Set => self.set(items, pos, env),
            If => self.if_form(items, pos, env),
            Begin => Ok(seq(self.exprs(&items[1..], env)?)),
            Let => self.let_form(items, pos, env),
            LetStar => self.let_star(items, pos, env),
            Letrec | LetrecStar => self.letrec(items, pos, env),
            Cond => self.cond(items, pos, env),
            Case => self.case(items, pos, env),
            And => self.and(items, env),
            Or => self.or(items, env),
            When | Unless => self.when_unless(s == When, items, pos, env),
            Do => self.do_loop(items, pos, env),
            Delay => self.delay(items, pos, env, "delay", "%delay"),
            DelayForce => self.delay(items, pos, env, "delay-force", "%delay-force"),
            LetValues => self.let_values(items, pos, env, false),
            LetStarValues => self.let_values(items, pos, env, true),
            Parameterize => self.parameterize(items, pos, env),
            CaseLambda => self.case_lambda(items, pos, env, None),
            Guard => self.guard(items, pos, env),
            LetSyntax => self.let_syntax(items, pos, env, false),
            LetrecSyntax => self.let_syntax(items, pos, env, true),
            CondExpand => {
                let forms = self.cond_expand(items, pos)?;
                Ok(seq(self.exprs(forms, env)?))
            }
            Include | IncludeCi => {
                let forms = self.include_form(items, s == IncludeCi, pos)?;
                Ok(seq(self.exprs(&forms, env)?))
            }
            SyntaxError => Err(syntax_error_form(items, pos)),
            SyntaxRules => Err(error("bad syntax: syntax-rules outside define-syntax/let-syntax", pos)),
            Define | DefineValues | DefineRecordType | DefineSyntax | Import | DefineLibrary => Err(error(
                format!("bad syntax: `{head}` is only allowed at the top level or at the start of a body"),
                pos,
            )),
        }
    }
}

/// `(syntax-error "message" irritant ...)`, which macros use to report misuse.
#[cold]
#[inline(never)]
fn syntax_error_form(items: &[Datum], pos: Pos) -> SyntaxError {
    let mut msg = match items.get(1) {
        Some(Datum::Str(s)) => s.to_string(),
        Some(other) => other.to_string(),
        None => "syntax-error".to_string(),
    };
    for irritant in items.iter().skip(2) {
        msg.push(' ');
        msg.push_str(&strip(irritant).to_string());
    }
    error(msg, pos)
}

/// A syntax error at `pos`.
#[cold]
#[inline(never)]
pub(crate) fn error(msg: impl Into<String>, pos: Pos) -> SyntaxError {
    SyntaxError {
        msg: msg.into(),
        pos: Some(pos),
    }
}
