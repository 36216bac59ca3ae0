//! The primitive forms: `quote`, `lambda`, `set!`, `if`, the `let` family, and `define` parsing.

use super::env::{Binding, EnvId, Resolved};
use super::util::{
    arity, bad, base_name, is_ident, lambda, list_items, pos_or, strip, unspecified, Result,
};
use super::Expander;
use crate::ir::core::{Core, Var};
use crate::syntax::datum::{Datum, Pos};
use std::rc::Rc;

/// The right-hand side of a `define`, borrowed from the form.
pub(crate) enum DefRhs<'a> {
    /// `(define x)`: unspecified.
    Nothing,
    /// `(define x expr)`.
    Expr(&'a Datum),
    /// `(define (f . formals) body...)`.
    Proc { formals: Datum, body: &'a [Datum] },
}

/// Splits `(define target rhs...)` into the defined identifier and its right-hand side.
pub(crate) fn parse_define(items: &[Datum], pos: Pos) -> Result<(&Datum, DefRhs<'_>)> {
    arity(
        items,
        2,
        None,
        "define",
        "(define name value) or (define (name . formals) body ...)",
        pos,
    )?;
    // The formals are rebuilt as a datum of their own: a copy of one parameter list, never of
    // anything nested.
    let (name, formals) = match &items[1] {
        id if is_ident(id) => {
            arity(items, 2, Some(3), "define", "(define name value)", pos)?;
            let rhs = items.get(2).map_or(DefRhs::Nothing, DefRhs::Expr);
            return Ok((id, rhs));
        }
        Datum::List(sig, p) if !sig.is_empty() => (&sig[0], Datum::List(sig[1..].to_vec(), *p)),
        Datum::Dotted(sig, tail, _) if sig.len() == 1 => (&sig[0], (**tail).clone()),
        Datum::Dotted(sig, tail, p) => {
            (&sig[0], Datum::Dotted(sig[1..].to_vec(), tail.clone(), *p))
        }
        other => {
            return Err(bad(
                "define",
                format!("cannot define {other}"),
                pos_or(other, pos),
            ))
        }
    };
    if !is_ident(name) {
        return Err(bad(
            "define",
            format!("curried define is not supported: {}", items[1]),
            pos,
        ));
    }
    arity(
        items,
        3,
        None,
        "define",
        "a body in (define (name . formals) body ...)",
        pos,
    )?;
    Ok((
        name,
        DefRhs::Proc {
            formals,
            body: &items[2..],
        },
    ))
}

/// `(id init)` pairs of a `let`-style binding list.
pub(crate) fn parse_bindings<'a>(
    d: &'a Datum,
    kw: &str,
    pos: Pos,
) -> Result<Vec<(&'a Datum, &'a Datum)>> {
    let items = list_items(d, kw, "a list of bindings", pos)?;
    items
        .iter()
        .map(|b| match b {
            Datum::List(pair, _) if pair.len() == 2 && is_ident(&pair[0]) => {
                Ok((&pair[0], &pair[1]))
            }
            _ => Err(bad(
                kw,
                format!("binding must be (name value), got {b}"),
                pos_or(b, pos),
            )),
        })
        .collect()
}

impl Expander {
    /// Binds `id` to a fresh local in `env`, rejecting a duplicate within the same frame.
    pub(crate) fn bind_var(&mut self, id: &Datum, env: EnvId, kw: &str, pos: Pos) -> Result<Var> {
        self.bind_local(id, env, kw, pos, false)
    }

    /// Binds `id` to a fresh local in `env`; with `shadow`, a binding of the same identifier
    /// already in the frame is hidden instead of being an error.
    fn bind_local(
        &mut self,
        id: &Datum,
        env: EnvId,
        kw: &str,
        pos: Pos,
        shadow: bool,
    ) -> Result<Var> {
        if !is_ident(id) {
            return Err(bad(
                kw,
                format!("expected an identifier, got {id}"),
                pos_or(id, pos),
            ));
        }
        if !shadow && self.envs.bound_here(env, id) {
            return Err(bad(
                kw,
                format!("duplicate binding of `{id}`"),
                pos_or(id, pos),
            ));
        }
        let var = self.fresh(base_name(id));
        self.envs.bind(env, id, Binding::Local(var.clone()));
        Ok(var)
    }

    /// Binds lambda-style formals (`(a b)`, `(a . r)`, `r`) in `env`.
    pub(crate) fn bind_formals(
        &mut self,
        formals: &Datum,
        env: EnvId,
        kw: &str,
        pos: Pos,
    ) -> Result<(Vec<Var>, Option<Var>)> {
        let (ids, rest): (&[Datum], Option<&Datum>) = match formals {
            Datum::List(ids, _) => (ids, None),
            Datum::Dotted(ids, rest, _) => (ids, Some(rest)),
            id => (&[], Some(id)),
        };
        let params = ids
            .iter()
            .map(|id| self.bind_var(id, env, kw, pos))
            .collect::<Result<Vec<_>>>()?;
        let rest = rest.map(|r| self.bind_var(r, env, kw, pos)).transpose()?;
        Ok((params, rest))
    }

    /// A lambda with `formals` and `body` closed over `env`.
    #[inline(never)]
    pub(crate) fn make_lambda(
        &mut self,
        formals: &Datum,
        body: &[Datum],
        env: EnvId,
        name: Option<Rc<str>>,
        pos: Pos,
    ) -> Result<Core> {
        let fenv = self.envs.push(env);
        let (params, rest) = self.bind_formals(formals, fenv, "lambda", pos)?;
        let body = self.body(body, fenv, pos)?;
        Ok(lambda(params, rest, body, name, pos))
    }

    /// The value of a `define`'s right-hand side, named after the defined identifier.
    pub(crate) fn define_rhs(
        &mut self,
        id: &Datum,
        rhs: &DefRhs<'_>,
        env: EnvId,
        pos: Pos,
    ) -> Result<Core> {
        let name = Some(base_name(id));
        match rhs {
            DefRhs::Nothing => Ok(unspecified()),
            DefRhs::Expr(e) => self.expr_named(e, env, name),
            DefRhs::Proc { formals, body } => self.make_lambda(formals, body, env, name, pos),
        }
    }

    /// `(quote datum)`.
    pub(crate) fn quote(&mut self, items: &[Datum], pos: Pos) -> Result<Core> {
        arity(items, 2, Some(2), "quote", "(quote datum)", pos)?;
        self.literal(&items[1])
    }

    /// A literal datum's constant. A circular datum is whole only with its label: a macro can
    /// take `#0#` out of `#0=(a . #0#)`, and that part alone has no value.
    pub(crate) fn literal(&mut self, d: &Datum) -> Result<Core> {
        if !super::util::labels_closed(d) {
            return Err(bad(
                "quote",
                format!("datum label reference {d} outside its labelled datum"),
                d.pos().unwrap_or_default(),
            ));
        }
        Ok(Core::Const(strip(d)))
    }

    /// `(lambda formals body ...)`.
    pub(crate) fn lambda_form(
        &mut self,
        items: &[Datum],
        pos: Pos,
        env: EnvId,
        name: Option<Rc<str>>,
    ) -> Result<Core> {
        arity(items, 3, None, "lambda", "(lambda formals body ...)", pos)?;
        self.make_lambda(&items[1], &items[2..], env, name, pos)
    }

    /// `(set! id expr)`.
    #[inline(never)]
    pub(crate) fn set(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(items, 3, Some(3), "set!", "(set! name value)", pos)?;
        let id = &items[1];
        if !is_ident(id) {
            return Err(bad("set!", format!("cannot assign to {id}"), pos));
        }
        let value = Box::new(self.expr(&items[2], env)?);
        match self.envs.resolve(id, env) {
            Resolved::Local(v) => Ok(Core::LocalSet(v.id, value)),
            Resolved::Global(name) => Ok(Core::GlobalSet(name, value, pos_or(id, pos))),
            _ => Err(bad(
                "set!",
                format!("cannot assign to syntax keyword `{id}`"),
                pos_or(id, pos),
            )),
        }
    }

    /// `(if test then [else])`.
    #[inline(never)]
    pub(crate) fn if_form(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(items, 3, Some(4), "if", "(if test then [else])", pos)?;
        let test = self.expr(&items[1], env)?;
        let then = self.expr(&items[2], env)?;
        let alt = match items.get(3) {
            Some(e) => self.expr(e, env)?,
            None => unspecified(),
        };
        Ok(Core::If(Box::new(test), Box::new(then), Box::new(alt)))
    }

    /// `(let ((id init) ...) body ...)` and named `let`.
    #[inline(never)]
    pub(crate) fn let_form(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(
            items,
            3,
            None,
            "let",
            "(let ((name value) ...) body ...)",
            pos,
        )?;
        if is_ident(&items[1]) {
            return self.named_let(items, pos, env);
        }
        let bindings = parse_bindings(&items[1], "let", pos)?;
        if bindings.is_empty() {
            return self.body(&items[2..], env, pos);
        }
        let inits = self.named_inits(&bindings, env)?;
        let lenv = self.envs.push(env);
        let vars = bindings
            .iter()
            .map(|(id, _)| self.bind_var(id, lenv, "let", pos))
            .collect::<Result<Vec<_>>>()?;
        let body = self.body(&items[2..], lenv, pos)?;
        Ok(Core::Let(vars, inits, Box::new(body)))
    }

    /// The inits of `let`-style bindings, each expanded in `env` and named after its variable.
    fn named_inits(&mut self, bindings: &[(&Datum, &Datum)], env: EnvId) -> Result<Vec<Core>> {
        bindings
            .iter()
            .map(|(id, init)| self.expr_named(init, env, Some(base_name(id))))
            .collect()
    }

    /// `(let loop ((id init) ...) body ...)`: a `Letrec` of the loop lambda, called with the inits.
    /// The inits are expanded outside the loop's scope; since `Core` refers to variables by
    /// unique id, placing them inside the `Letrec` cannot make them see the loop variable.
    #[inline(never)]
    fn named_let(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(
            items,
            4,
            None,
            "let",
            "(let name ((name value) ...) body ...)",
            pos,
        )?;
        let bindings = parse_bindings(&items[2], "let", pos)?;
        let inits = self.named_inits(&bindings, env)?;
        let lenv = self.envs.push(env);
        let loop_var = self.bind_var(&items[1], lenv, "let", pos)?;
        let formals = Datum::List(bindings.iter().map(|(id, _)| (*id).clone()).collect(), pos);
        let lam = self.make_lambda(
            &formals,
            &items[3..],
            lenv,
            Some(loop_var.name.clone()),
            pos,
        )?;
        let call = Core::Call(Box::new(Core::LocalRef(loop_var.id)), inits, pos);
        Ok(Core::Letrec(vec![loop_var], vec![lam], Box::new(call)))
    }

    /// `(let* ((id init) ...) body ...)`: nested single-variable `Let`s.
    #[inline(never)]
    pub(crate) fn let_star(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(
            items,
            3,
            None,
            "let*",
            "(let* ((name value) ...) body ...)",
            pos,
        )?;
        let bindings = parse_bindings(&items[1], "let*", pos)?;
        // One frame for all the variables, each bound (shadowing an earlier one of the same name)
        // right after its init is expanded, so every init sees exactly the variables before it.
        // A frame per variable would make each lookup from the n-th init walk n frames.
        let lenv = self.envs.push(env);
        let mut bound = Vec::new();
        for (id, init) in bindings {
            let init = self.expr_named(init, lenv, Some(base_name(id)))?;
            bound.push((self.bind_local(id, lenv, "let*", pos, true)?, init));
        }
        let mut body = self.body(&items[2..], lenv, pos)?;
        for (var, init) in bound.into_iter().rev() {
            body = Core::Let(vec![var], vec![init], Box::new(body));
        }
        Ok(body)
    }

    /// `letrec` and `letrec*` (both get `letrec*` semantics).
    #[inline(never)]
    pub(crate) fn letrec(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(
            items,
            3,
            None,
            "letrec",
            "(letrec ((name value) ...) body ...)",
            pos,
        )?;
        let bindings = parse_bindings(&items[1], "letrec", pos)?;
        let lenv = self.envs.push(env);
        let vars = bindings
            .iter()
            .map(|(id, _)| self.bind_var(id, lenv, "letrec", pos))
            .collect::<Result<Vec<_>>>()?;
        let inits = self.named_inits(&bindings, lenv)?;
        let body = self.body(&items[2..], lenv, pos)?;
        if vars.is_empty() {
            return Ok(body);
        }
        Ok(Core::Letrec(vars, inits, Box::new(body)))
    }
}

#[cfg(test)]
mod tests {
    use crate::expand::test_util::{err, ex, last};
    use crate::ir::core::Core;
    use crate::syntax::datum::Pos;

    #[test]
    fn lambda_and_define() {
        assert_eq!(
            ex("(define (f x . r) x)"),
            "(define f (lambda f (x.0 . r.1) x.0))"
        );
        assert_eq!(ex("(lambda args args)"), "(lambda _ (. args.0) args.0)");
        assert_eq!(
            ex("(define g (lambda (a b) b))"),
            "(define g (lambda g (a.0 b.1) b.1))"
        );
        assert_eq!(ex("(define x)"), "(define x #<unspecified>)");
        assert_eq!(
            ex("(define (h . all) all)"),
            "(define h (lambda h (. all.0) all.0))"
        );
    }

    #[test]
    fn lambda_name_and_position() {
        let mut x = crate::expand::Expander::new();
        let form = &crate::syntax::reader::read_all("\n  (define (f) 1)", 3).unwrap()[0];
        let Core::GlobalDefine(_, v) = x.expand_toplevel(form).unwrap() else {
            panic!()
        };
        let Core::Lambda(l) = *v else { panic!() };
        assert_eq!(l.name.as_deref(), Some("f"));
        assert_eq!(
            l.pos,
            Pos {
                file: 3,
                line: 2,
                col: 3
            }
        );
    }

    #[test]
    fn quote_if_set() {
        assert_eq!(ex("'(a #(b) . c)"), "'(a #(b) . c)");
        assert_eq!(ex("(if 1 2)"), "(if 1 2 #<unspecified>)");
        assert_eq!(ex("(set! x 1)"), "(set! x 1)");
        assert_eq!(
            ex("(let ((x 1)) (set! x 2))"),
            "(let ((x.0 1)) (set! x.0 2))"
        );
        assert_eq!(ex("#(1 2)"), "#(1 2)");
    }

    #[test]
    fn let_family() {
        assert_eq!(
            ex("(let ((x 1) (f (lambda () 2))) (f x))"),
            "(let ((x.0 1) (f.1 (lambda f () 2))) (f.1 x.0))"
        );
        assert_eq!(ex("(let () 5)"), "5");
        assert_eq!(
            ex("(let* ((a 1) (b a)) b)"),
            "(let ((a.0 1)) (let ((b.1 a.0)) b.1))"
        );
        assert_eq!(
            ex("(letrec ((ev? (lambda (n) (od? n))) (od? (lambda (n) (ev? n)))) ev?)"),
            "(letrec ((ev?.0 (lambda ev? (n.2) (od?.1 n.2))) (od?.1 (lambda od? (n.3) (ev?.0 n.3)))) ev?.0)"
        );
    }

    #[test]
    fn let_star_inits_see_exactly_the_earlier_variables() {
        assert_eq!(
            ex("(let* ((x 1) (x (+ x 1))) x)"),
            "(let ((x.0 1)) (let ((x.1 (+ x.0 1))) x.1))"
        );
        // `y` in the first init is the outer one: the inner `y` comes later.
        assert_eq!(
            ex("(let ((y 0)) (let* ((x y) (y 1)) (+ x y)))"),
            "(let ((y.0 0)) (let ((x.1 y.0)) (let ((y.2 1)) (+ x.1 y.2))))"
        );
        // The same past the size where a frame gets a hash index.
        let names = "abcdefghij";
        let inits: String = names.chars().map(|c| format!("({c} 1) ")).collect();
        assert_eq!(
            last(&format!("(define r (let* ({inits}(a (+ a j))) a))")),
            "(define r (let ((a.0 1)) (let ((b.1 1)) (let ((c.2 1)) (let ((d.3 1)) \
             (let ((e.4 1)) (let ((f.5 1)) (let ((g.6 1)) (let ((h.7 1)) (let ((i.8 1)) \
             (let ((j.9 1)) (let ((a.10 (+ a.0 j.9))) a.10))))))))))))"
        );
    }

    #[test]
    fn large_frames_find_bindings_and_duplicates() {
        let params: Vec<String> = (0..50).map(|i| format!("p{i}")).collect();
        let src = format!("(lambda ({}) (+ p0 p49 q))", params.join(" "));
        assert!(ex(&src).ends_with("(+ p0.0 p49.49 q))"), "{}", ex(&src));
        let dup = format!("(lambda ({} p7) 1)", params.join(" "));
        assert_eq!(
            err(&dup).msg,
            "bad syntax in lambda: duplicate binding of `p7`"
        );
        // A macro's `a` (an alias, keyed by identity) and the user's `a` (a symbol) are two
        // bindings of one large frame.
        assert_eq!(
            last(
                "(define-syntax m (syntax-rules () ((_ v) (lambda (a b c d e f g h i v) (- a v)))))
                 (m a)"
            ),
            "(lambda _ (a.0 b.1 c.2 d.3 e.4 f.5 g.6 h.7 i.8 a.9) (- a.0 a.9))"
        );
    }

    #[test]
    fn named_let_is_letrec_of_lambda() {
        assert_eq!(
            ex("(let loop ((i 0)) (if (< i 3) (loop (+ i 1)) i))"),
            "(letrec ((loop.0 (lambda loop (i.1) (if (< i.1 3) (loop.0 (+ i.1 1)) i.1)))) (loop.0 0))"
        );
        // The inits are outside the loop's scope: `loop` in an init is the outer binding.
        assert_eq!(
            ex("(let ((loop 5)) (let loop ((i loop)) i))"),
            "(let ((loop.0 5)) (letrec ((loop.1 (lambda loop (i.2) i.2))) (loop.1 loop.0)))"
        );
    }

    #[test]
    fn core_syntax_can_be_shadowed() {
        assert_eq!(
            ex("(let ((if list)) (if 1 2 3))"),
            "(let ((if.0 list)) (if.0 1 2 3))"
        );
        assert_eq!(
            ex("(lambda (quote) 'x)"),
            "(lambda _ (quote.0) (quote.0 x))"
        );
        assert_eq!(last("(define (list . xs) xs) (list 1)"), "(list 1)");
        assert_eq!(last("(define if 5) (if 1 2 3)"), "(if 1 2 3)");
    }

    #[test]
    fn errors_carry_positions() {
        let e = err("(let ((x)) x)");
        assert_eq!(
            e.msg,
            "bad syntax in let: binding must be (name value), got (x)"
        );
        assert_eq!(
            e.pos,
            Some(Pos {
                file: 0,
                line: 1,
                col: 7
            })
        );
        let e = err("\n (lambda (x x) x)");
        assert_eq!(e.msg, "bad syntax in lambda: duplicate binding of `x`");
        assert_eq!(
            e.pos,
            Some(Pos {
                file: 0,
                line: 2,
                col: 13
            })
        );
        assert_eq!(
            err("(if)").msg,
            "bad syntax in if: expected (if test then [else])"
        );
        assert_eq!(
            err("(f if)").msg,
            "bad syntax: syntax keyword `if` used as a variable"
        );
        assert_eq!(
            err("(set! if 1)").msg,
            "bad syntax in set!: cannot assign to syntax keyword `if`"
        );
        assert_eq!(
            err("(+ 1 (define x 2))").msg,
            "bad syntax: `define` is only allowed at the top level or at the start of a body"
        );
        assert_eq!(
            err("()").msg,
            "bad syntax: () is not an expression (use '())"
        );
        assert_eq!(
            err("(define ((f a) b) a)").msg,
            "bad syntax in define: curried define is not supported: ((f a) b)"
        );
        assert_eq!(
            err("(lambda (x))").msg,
            "bad syntax in lambda: expected (lambda formals body ...)"
        );
    }
}
