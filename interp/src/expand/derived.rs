//! Derived expression forms translated directly into `Core`: `cond`, `case`, `and`, `or`,
//! `when`, `unless`, `do`, `delay`, `delay-force`, `parameterize`, `case-lambda`, `guard`.
//! Temporaries are fresh variables, so they can never capture user identifiers.

use super::env::{EnvId, Resolved};
use super::util::{
    arity, bad, is_ident, lambda, list_items, pos_or, rt_call, seq, thunk, unspecified, Result,
};
use super::Expander;
use crate::ir::core::{Core, Var};
use crate::syntax::datum::{Datum, Pos};
use std::rc::Rc;

/// One `cond` (or `guard`) clause after expansion.
enum Clause {
    Else(Core),
    /// `(test)`: the test's value if true.
    Test(Core),
    /// `(test expr ...)`.
    TestBody(Core, Core),
    /// `(test => receiver)`.
    Arrow(Core, Core),
}

fn boxed(c: Core) -> Box<Core> {
    Box::new(c)
}

impl Expander {
    /// Whether identifier `d` means the global auxiliary keyword `name` (`else`, `=>`, ...) in `env`.
    pub(crate) fn is_aux(&self, d: &Datum, env: EnvId, name: &str) -> bool {
        is_ident(d) && matches!(self.envs.resolve(d, env), Resolved::Global(n) if &*n == name)
    }

    /// `(let ((t value)) (if t (then t) else))` with a fresh `t`.
    fn test_bind(&mut self, value: Core, then: impl FnOnce(Core) -> Core, alt: Core) -> Core {
        let t: Var = self.fresh(Rc::from("t"));
        let id = t.id;
        let test = Core::If(
            boxed(Core::LocalRef(id)),
            boxed(then(Core::LocalRef(id))),
            boxed(alt),
        );
        Core::Let(vec![t], vec![value], boxed(test))
    }

    /// `cond` clauses chained into nested `If`s, ending in `fallthrough`.
    #[inline(never)]
    fn cond_clauses(
        &mut self,
        kw: &str,
        clauses: &[Datum],
        env: EnvId,
        pos: Pos,
        fallthrough: Core,
        thunks: bool,
    ) -> Result<Core> {
        // For `guard`, each chosen clause yields a thunk of its body instead of running it.
        let wrap = |c: Core| if thunks { thunk(c, pos) } else { c };
        let mut parsed = Vec::with_capacity(clauses.len());
        for (i, clause) in clauses.iter().enumerate() {
            let parts = list_items(clause, kw, "a clause (test expr ...)", pos)?;
            let cpos = pos_or(clause, pos);
            if parts.is_empty() {
                return Err(bad(kw, "empty clause ()", cpos));
            }
            let c = if self.is_aux(&parts[0], env, "else") {
                if i + 1 != clauses.len() {
                    return Err(bad(kw, "else clause must be last", cpos));
                }
                arity(parts, 2, None, kw, "(else expr ...)", cpos)?;
                Clause::Else(seq(self.exprs(&parts[1..], env)?))
            } else if parts.len() >= 2 && self.is_aux(&parts[1], env, "=>") {
                arity(parts, 3, Some(3), kw, "(test => receiver)", cpos)?;
                Clause::Arrow(self.expr(&parts[0], env)?, self.expr(&parts[2], env)?)
            } else if parts.len() == 1 {
                Clause::Test(self.expr(&parts[0], env)?)
            } else {
                Clause::TestBody(
                    self.expr(&parts[0], env)?,
                    seq(self.exprs(&parts[1..], env)?),
                )
            };
            parsed.push(c);
        }
        let mut acc = fallthrough;
        for c in parsed.into_iter().rev() {
            acc = match c {
                Clause::Else(body) => wrap(body),
                Clause::Test(test) => self.test_bind(test, wrap, acc),
                Clause::TestBody(test, body) => {
                    Core::If(boxed(test), boxed(wrap(body)), boxed(acc))
                }
                Clause::Arrow(test, f) => {
                    self.test_bind(test, |t| wrap(Core::Call(boxed(f), vec![t], pos)), acc)
                }
            };
        }
        Ok(acc)
    }

    /// `(cond clause ...)`.
    pub(crate) fn cond(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        self.cond_clauses("cond", &items[1..], env, pos, unspecified(), false)
    }

    /// `(case key clause ...)`: data compared with `%eqv?` (one datum) or `%memv`.
    #[inline(never)]
    pub(crate) fn case(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(items, 2, None, "case", "(case key clause ...)", pos)?;
        let key_value = self.expr(&items[1], env)?;
        let key = self.fresh(Rc::from("key"));
        let k = || Core::LocalRef(key.id);
        let mut tests = Vec::new();
        let mut fallthrough = unspecified();
        let clauses = &items[2..];
        for (i, clause) in clauses.iter().enumerate() {
            let cpos = pos_or(clause, pos);
            let parts = list_items(clause, "case", "a clause ((datum ...) expr ...)", pos)?;
            arity(
                parts,
                2,
                None,
                "case",
                "a clause ((datum ...) expr ...)",
                cpos,
            )?;
            let result = if self.is_aux(&parts[1], env, "=>") {
                arity(parts, 3, Some(3), "case", "((datum ...) => receiver)", cpos)?;
                Core::Call(boxed(self.expr(&parts[2], env)?), vec![k()], cpos)
            } else {
                seq(self.exprs(&parts[1..], env)?)
            };
            if self.is_aux(&parts[0], env, "else") {
                if i + 1 != clauses.len() {
                    return Err(bad("case", "else clause must be last", cpos));
                }
                fallthrough = result;
                continue;
            }
            let data = list_items(&parts[0], "case", "a list of data", cpos)?;
            let data: Vec<Datum> = data.iter().map(super::util::strip).collect();
            let test = match data.len() {
                1 => rt_call("%eqv?", vec![k(), Core::Const(data[0].clone())], cpos),
                _ => rt_call(
                    "%memv",
                    vec![k(), Core::Const(Datum::List(data, cpos))],
                    cpos,
                ),
            };
            tests.push((test, result));
        }
        let mut acc = fallthrough;
        for (test, result) in tests.into_iter().rev() {
            acc = Core::If(boxed(test), boxed(result), boxed(acc));
        }
        Ok(Core::Let(vec![key], vec![key_value], boxed(acc)))
    }

    /// `(and e ...)`.
    #[inline(never)]
    pub(crate) fn and(&mut self, items: &[Datum], env: EnvId) -> Result<Core> {
        let mut parts = self.exprs(&items[1..], env)?;
        let Some(mut acc) = parts.pop() else {
            return Ok(Core::Const(Datum::Bool(true)));
        };
        for e in parts.into_iter().rev() {
            acc = Core::If(boxed(e), boxed(acc), boxed(Core::Const(Datum::Bool(false))));
        }
        Ok(acc)
    }

    /// `(or e ...)`: each value but the last is bound to a temporary and returned if true.
    #[inline(never)]
    pub(crate) fn or(&mut self, items: &[Datum], env: EnvId) -> Result<Core> {
        let mut parts = self.exprs(&items[1..], env)?;
        let Some(mut acc) = parts.pop() else {
            return Ok(Core::Const(Datum::Bool(false)));
        };
        for e in parts.into_iter().rev() {
            acc = self.test_bind(e, |t| t, acc);
        }
        Ok(acc)
    }

    /// `(when test expr ...)` / `(unless test expr ...)`.
    #[inline(never)]
    pub(crate) fn when_unless(
        &mut self,
        is_when: bool,
        items: &[Datum],
        pos: Pos,
        env: EnvId,
    ) -> Result<Core> {
        let kw = if is_when { "when" } else { "unless" };
        arity(items, 3, None, kw, "(when test expr ...)", pos)?;
        let test = self.expr(&items[1], env)?;
        let body = seq(self.exprs(&items[2..], env)?);
        let (then, alt) = if is_when {
            (body, unspecified())
        } else {
            (unspecified(), body)
        };
        Ok(Core::If(boxed(test), boxed(then), boxed(alt)))
    }

    /// `(do ((var init [step]) ...) (test result ...) command ...)`: a loop lambda in a `Letrec`.
    #[inline(never)]
    pub(crate) fn do_loop(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(
            items,
            3,
            None,
            "do",
            "(do ((var init [step]) ...) (test result ...) command ...)",
            pos,
        )?;
        let specs = list_items(&items[1], "do", "a list of (var init [step])", pos)?;
        let mut ids = Vec::new();
        let mut inits = Vec::new();
        for spec in specs {
            match spec {
                Datum::List(p, _) if (2..=3).contains(&p.len()) => {
                    inits.push(self.expr(&p[1], env)?);
                    ids.push(p);
                }
                _ => {
                    return Err(bad(
                        "do",
                        format!("expected (var init [step]), got {spec}"),
                        pos_or(spec, pos),
                    ))
                }
            }
        }
        let venv = self.envs.push(env);
        let vars = ids
            .iter()
            .map(|p| self.bind_var(&p[0], venv, "do", pos))
            .collect::<Result<Vec<_>>>()?;
        let steps = ids
            .iter()
            .map(|p| self.expr(p.get(2).unwrap_or(&p[0]), venv))
            .collect::<Result<Vec<_>>>()?;
        let exit = list_items(&items[2], "do", "(test result ...)", pos)?;
        arity(
            exit,
            1,
            None,
            "do",
            "(test result ...)",
            pos_or(&items[2], pos),
        )?;
        let test = self.expr(&exit[0], venv)?;
        let result = seq(self.exprs(&exit[1..], venv)?);
        let loop_var = self.fresh(Rc::from("do"));
        let mut commands = self.exprs(&items[3..], venv)?;
        commands.push(Core::Call(boxed(Core::LocalRef(loop_var.id)), steps, pos));
        let body = Core::If(boxed(test), boxed(result), boxed(seq(commands)));
        let lam = lambda(vars, None, body, Some(loop_var.name.clone()), pos);
        let start = Core::Call(boxed(Core::LocalRef(loop_var.id)), inits, pos);
        Ok(Core::Letrec(vec![loop_var], vec![lam], boxed(start)))
    }

    /// `(delay expr)` / `(delay-force expr)`: the runtime procedure applied to a thunk.
    pub(crate) fn delay(
        &mut self,
        items: &[Datum],
        pos: Pos,
        env: EnvId,
        kw: &str,
        proc_name: &str,
    ) -> Result<Core> {
        arity(items, 2, Some(2), kw, "a single expression", pos)?;
        let body = self.expr(&items[1], env)?;
        Ok(rt_call(proc_name, vec![thunk(body, pos)], pos))
    }

    /// `(parameterize ((param value) ...) body ...)` → `(%parameterize (list p ...) (list v ...) thunk)`.
    #[inline(never)]
    pub(crate) fn parameterize(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(
            items,
            3,
            None,
            "parameterize",
            "(parameterize ((param value) ...) body ...)",
            pos,
        )?;
        let bindings = list_items(&items[1], "parameterize", "a list of (param value)", pos)?;
        let mut params = Vec::new();
        let mut values = Vec::new();
        for b in bindings {
            match b {
                Datum::List(p, _) if p.len() == 2 => {
                    params.push(self.expr(&p[0], env)?);
                    values.push(self.expr(&p[1], env)?);
                }
                _ => {
                    return Err(bad(
                        "parameterize",
                        format!("expected (param value), got {b}"),
                        pos_or(b, pos),
                    ))
                }
            }
        }
        let body = thunk(self.body(&items[2..], env, pos)?, pos);
        let params = rt_call("%list", params, pos);
        let values = rt_call("%list", values, pos);
        Ok(rt_call("%parameterize", vec![params, values, body], pos))
    }

    /// `(case-lambda (formals body ...) ...)` → `(%case-lambda lambda ...)`.
    #[inline(never)]
    pub(crate) fn case_lambda(
        &mut self,
        items: &[Datum],
        pos: Pos,
        env: EnvId,
        name: Option<Rc<str>>,
    ) -> Result<Core> {
        let mut lambdas = Vec::new();
        for clause in &items[1..] {
            let cpos = pos_or(clause, pos);
            let parts = list_items(clause, "case-lambda", "a clause (formals body ...)", pos)?;
            arity(
                parts,
                2,
                None,
                "case-lambda",
                "a clause (formals body ...)",
                cpos,
            )?;
            lambdas.push(self.make_lambda(&parts[0], &parts[1..], env, name.clone(), cpos)?);
        }
        Ok(rt_call("%case-lambda", lambdas, pos))
    }

    /// `(guard (var clause ...) body ...)` → `(%guard body-thunk handler)`. The handler runs the
    /// clause *tests* where the object was raised and returns a thunk of the chosen clause's body,
    /// or `#f` when no clause matches; the runtime then unwinds to the guard and calls the thunk, or
    /// lets the raise continue outwards in its own dynamic environment (R7RS's re-raise).
    #[inline(never)]
    pub(crate) fn guard(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(
            items,
            3,
            None,
            "guard",
            "(guard (var clause ...) body ...)",
            pos,
        )?;
        let spec = list_items(&items[1], "guard", "(var clause ...)", pos)?;
        arity(
            spec,
            1,
            None,
            "guard",
            "(var clause ...)",
            pos_or(&items[1], pos),
        )?;
        let body = thunk(self.body(&items[2..], env, pos)?, pos);
        let henv = self.envs.push(env);
        let var = self.bind_var(&spec[0], henv, "guard", pos)?;
        let no_match = Core::Const(Datum::Bool(false));
        let handler_body = self.cond_clauses("guard", &spec[1..], henv, pos, no_match, true)?;
        let handler = lambda(vec![var], None, handler_body, None, pos);
        Ok(rt_call("%guard", vec![body, handler], pos))
    }
}

#[cfg(test)]
mod tests {
    use crate::expand::test_util::{err, ex};

    #[test]
    fn cond_clauses() {
        assert_eq!(
            ex("(cond (a) (b => c) (else d e))"),
            "(let ((t.1 a)) (if t.1 t.1 (let ((t.0 b)) (if t.0 (c t.0) (begin d e)))))"
        );
        assert_eq!(ex("(cond (a 1))"), "(if a 1 #<unspecified>)");
        assert_eq!(
            err("(cond (else 1) (a 2))").msg,
            "bad syntax in cond: else clause must be last"
        );
        // A local `else` is not the keyword.
        assert_eq!(
            ex("(let ((else #f)) (cond (else 1)))"),
            "(let ((else.0 #f)) (if else.0 1 #<unspecified>))"
        );
    }

    #[test]
    fn case_uses_eqv_and_memv() {
        assert_eq!(
            ex("(case k ((a) 1) ((b c) => f) (else => g))"),
            "(let ((key.0 k)) (if (%eqv? key.0 'a) 1 (if (%memv key.0 '(b c)) (f key.0) (g key.0))))"
        );
        assert_eq!(
            ex("(case 1 ((1 2) 'x))"),
            "(let ((key.0 1)) (if (%memv key.0 '(1 2)) 'x #<unspecified>))"
        );
    }

    #[test]
    fn and_or_when_unless() {
        assert_eq!(ex("(and)"), "#t");
        assert_eq!(ex("(and 1 2 3)"), "(if 1 (if 2 3 #f) #f)");
        assert_eq!(ex("(or)"), "#f");
        assert_eq!(ex("(or 1 2)"), "(let ((t.0 1)) (if t.0 t.0 2))");
        assert_eq!(ex("(when a b c)"), "(if a (begin b c) #<unspecified>)");
        assert_eq!(ex("(unless a b)"), "(if a #<unspecified> b)");
    }

    #[test]
    fn do_loops() {
        assert_eq!(
            ex("(do ((i 0 (+ i 1)) (j 5)) ((= i j) 'done) (display i))"),
            "(letrec ((do.2 (lambda do (i.0 j.1) (if (= i.0 j.1) 'done (begin (display i.0) (do.2 (+ i.0 1) j.1)))))) (do.2 0 5))"
        );
    }

    #[test]
    fn promises_parameters_case_lambda() {
        assert_eq!(ex("(delay (f))"), "(%delay (lambda _ () (f)))");
        assert_eq!(ex("(delay-force (f))"), "(%delay-force (lambda _ () (f)))");
        assert_eq!(ex("(make-promise 1)"), "(make-promise 1)");
        assert_eq!(
            ex("(parameterize ((p 1) (q 2)) (p))"),
            "(%parameterize (%list p q) (%list 1 2) (lambda _ () (p)))"
        );
        assert_eq!(
            ex("(define h (case-lambda ((x) x) ((x . r) r)))"),
            "(define h (%case-lambda (lambda h (x.0) x.0) (lambda h (x.1 . r.2) r.2)))"
        );
    }

    #[test]
    fn guard_clauses_choose_a_thunk_or_false() {
        assert_eq!(
            ex("(guard (e ((symbol? e) 1) ((assq 'a e) => cdr)) (raise 'x))"),
            "(%guard (lambda _ () (raise 'x)) (lambda _ (e.0) (if (symbol? e.0) (lambda _ () 1) (let ((t.1 (assq 'a e.0))) (if t.1 (lambda _ () (cdr t.1)) #f)))))"
        );
        assert_eq!(
            ex("(guard (e (else 'other)) 1)"),
            "(%guard (lambda _ () 1) (lambda _ (e.0) (lambda _ () 'other)))"
        );
    }
}
