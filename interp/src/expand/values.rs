//! Multiple values: `define-values` via `(%call-with-values producer consumer)`; `let-values`
//! and `let*-values` bind the producer's values in the enclosing frame (`%values-ref`,
//! `%values-tail`), with no consumer closure.

use super::env::EnvId;
use super::util::{arity, bad, list_items, pos_or, rt_call, seq, thunk, Result};
use super::Expander;
use crate::ir::core::{Core, Var};
use crate::num::Number;
use crate::syntax::datum::{Datum, Pos};
use std::rc::Rc;

/// `(define-values formals expr)` → formals and expr.
pub(crate) fn parse_define_values(items: &[Datum], pos: Pos) -> Result<(&Datum, &Datum)> {
    arity(
        items,
        3,
        Some(3),
        "define-values",
        "(define-values formals expr)",
        pos,
    )?;
    Ok((&items[1], &items[2]))
}

/// The identifiers of lambda-style formals, in order (rest last).
pub(crate) fn formal_ids(formals: &Datum) -> Vec<Datum> {
    match formals {
        Datum::List(ids, _) => ids.clone(),
        Datum::Dotted(ids, rest, _) => ids
            .iter()
            .chain(std::iter::once(&**rest))
            .cloned()
            .collect(),
        id => vec![id.clone()],
    }
}

impl Expander {
    /// `(%call-with-values (lambda () expr) consumer)`.
    fn call_with_values(
        &mut self,
        expr: &Datum,
        consumer: Core,
        env: EnvId,
        pos: Pos,
    ) -> Result<Core> {
        let producer = thunk(self.expr(expr, env)?, pos);
        Ok(rt_call("%call-with-values", vec![producer, consumer], pos))
    }

    /// A consumer lambda with fresh parameters shaped like `params`/`rest` whose body stores each
    /// received value with `store(target index, param)`.
    fn storing_consumer(
        &mut self,
        count: usize,
        has_rest: bool,
        pos: Pos,
        store: impl Fn(usize, Core) -> Core,
    ) -> Core {
        let fresh: Vec<Var> = (0..count + has_rest as usize)
            .map(|_| self.fresh(Rc::from("v")))
            .collect();
        let stores = fresh
            .iter()
            .enumerate()
            .map(|(i, v)| store(i, Core::LocalRef(v.id)))
            .collect();
        let (params, rest) = if has_rest {
            (fresh[..count].to_vec(), fresh.last().cloned())
        } else {
            (fresh, None)
        };
        super::util::lambda(params, rest, seq(stores), None, pos)
    }

    /// Internal `define-values`: assigns the body's already-bound variables.
    pub(crate) fn values_setter(
        &mut self,
        params: &[Var],
        rest: Option<&Var>,
        expr: &Datum,
        env: EnvId,
        pos: Pos,
    ) -> Result<Core> {
        let targets: Vec<u32> = params.iter().chain(rest).map(|v| v.id).collect();
        let consumer = self.storing_consumer(params.len(), rest.is_some(), pos, |i, v| {
            Core::LocalSet(targets[i], Box::new(v))
        });
        self.call_with_values(expr, consumer, env, pos)
    }

    /// Top-level `define-values`: defines each name, then assigns the produced values.
    #[inline(never)]
    pub(crate) fn global_define_values(&mut self, items: &[Datum], pos: Pos) -> Result<Core> {
        let (formals, expr) = parse_define_values(items, pos)?;
        let (params, has_rest) = match formals {
            Datum::List(ids, _) => (ids.len(), false),
            Datum::Dotted(ids, _, _) => (ids.len(), true),
            _ => (0, true),
        };
        let ids = formal_ids(formals);
        if let Some(bad_id) = ids.iter().find(|id| !super::util::is_ident(id)) {
            return Err(bad(
                "define-values",
                format!("expected an identifier, got {bad_id}"),
                pos_or(bad_id, pos),
            ));
        }
        let mut out = Vec::with_capacity(ids.len() + 1);
        let mut names: Vec<Rc<str>> = Vec::with_capacity(ids.len());
        for id in &ids {
            let cell = self.define_global_name(id, pos)?;
            names.push(cell.clone());
            out.push(Core::GlobalDefine(
                cell,
                Box::new(super::util::unspecified()),
            ));
        }
        let consumer = self.storing_consumer(params, has_rest, pos, |i, v| {
            Core::GlobalSet(names[i].clone(), Box::new(v), pos)
        });
        out.push(self.call_with_values(expr, consumer, self.top, pos)?);
        Ok(Core::Seq(out))
    }

    /// `(let-values (((formals) expr) ...) body ...)`, or `let*-values` when `sequential`.
    /// Each binding nests a `%call-with-values` whose consumer binds the formals; for plain
    /// `let-values` the producers are expanded in the outer environment so they cannot see
    /// earlier formals (nesting is then harmless because `Core` variables are unique ids).
    #[inline(never)]
    pub(crate) fn let_values(
        &mut self,
        items: &[Datum],
        pos: Pos,
        env: EnvId,
        sequential: bool,
    ) -> Result<Core> {
        let kw = if sequential {
            "let*-values"
        } else {
            "let-values"
        };
        arity(
            items,
            3,
            None,
            kw,
            "(let-values ((formals expr) ...) body ...)",
            pos,
        )?;
        let bindings = list_items(&items[1], kw, "a list of bindings", pos)?;
        let mut cur = env;
        let mut layers = Vec::new();
        for b in bindings {
            let pair = match b {
                Datum::List(pair, _) if pair.len() == 2 => pair,
                _ => {
                    return Err(bad(
                        kw,
                        format!("binding must be (formals expr), got {b}"),
                        pos_or(b, pos),
                    ))
                }
            };
            let producer = self.expr(&pair[1], if sequential { cur } else { env })?;
            cur = self.envs.push(cur);
            let (params, rest) = self.bind_formals(&pair[0], cur, kw, pos)?;
            layers.push((producer, params, rest));
        }
        let mut body = self.body(&items[2..], cur, pos)?;
        for (producer, params, rest) in layers.into_iter().rev() {
            body = self.receive(producer, params, rest, body, pos);
        }
        Ok(body)
    }

    /// Binds `params` (and `rest`) to the values of `producer` around `body`:
    /// `(let ((vals producer)) (let ((p0 (%values-ref vals 0 n exact)) … (rest (%values-tail
    /// vals n))) body))`, where `exact` is `#t` without a rest parameter. No closure and no
    /// call of a procedure-calling primitive, so compiled code and the interpreter run it
    /// in their own frame; each `%values-ref` checks the count, with the error `let-values`
    /// has always had in substance (a consumer given the wrong number of arguments). Formals
    /// `()` keep `%call-with-values`, which checks that there are no values.
    fn receive(
        &mut self,
        producer: Core,
        params: Vec<Var>,
        rest: Option<Var>,
        body: Core,
        pos: Pos,
    ) -> Core {
        if params.is_empty() && rest.is_none() {
            let consumer = super::util::lambda(params, rest, body, None, pos);
            return rt_call(
                "%call-with-values",
                vec![thunk(producer, pos), consumer],
                pos,
            );
        }
        let vals = self.fresh(Rc::from("vals"));
        let n = params.len();
        let int = |i: usize| Core::Const(Datum::Num(Number::Int(i as i64)));
        let exact = Core::Const(Datum::Bool(rest.is_none()));
        let mut inits: Vec<Core> = (0..n)
            .map(|i| {
                rt_call(
                    "%values-ref",
                    vec![Core::LocalRef(vals.id), int(i), int(n), exact.clone()],
                    pos,
                )
            })
            .collect();
        if rest.is_some() {
            inits.push(rt_call(
                "%values-tail",
                vec![Core::LocalRef(vals.id), int(n)],
                pos,
            ));
        }
        let vars: Vec<Var> = params.into_iter().chain(rest).collect();
        Core::Let(
            vec![vals],
            vec![producer],
            Box::new(Core::Let(vars, inits, Box::new(body))),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::expand::test_util::ex;

    #[test]
    fn let_values_binds_in_the_frame_without_a_consumer_closure() {
        assert_eq!(
            ex("(let-values (((a b) (f)) ((c . d) (g))) (list a b c d))"),
            "(let ((vals.5 (f))) (let ((a.0 (%values-ref vals.5 0 2 #t)) (b.1 (%values-ref vals.5 1 2 #t))) (let ((vals.4 (g))) (let ((c.2 (%values-ref vals.4 0 1 #f)) (d.3 (%values-tail vals.4 1))) (list a.0 b.1 c.2 d.3)))))"
        );
        assert_eq!(
            ex("(let*-values (((a) (f)) (r (g a))) r)"),
            "(let ((vals.3 (f))) (let ((a.0 (%values-ref vals.3 0 1 #t))) (let ((vals.2 (g a.0))) (let ((r.1 (%values-tail vals.2 0))) r.1))))"
        );
        // No formals: `%call-with-values` checks that there are no values.
        assert_eq!(
            ex("(let-values ((() (f))) 1)"),
            "(%call-with-values (lambda _ () (f)) (lambda _ () 1))"
        );
    }
}
