//! Multiple values: `let-values`, `let*-values` and `define-values`, all via
//! `(%call-with-values producer consumer)`.

use super::env::EnvId;
use super::util::{arity, bad, list_items, pos_or, rt_call, seq, thunk, Result};
use super::Expander;
use crate::ir::core::{Core, Var};
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
            let producer = thunk(
                self.expr(&pair[1], if sequential { cur } else { env })?,
                pos,
            );
            cur = self.envs.push(cur);
            let (params, rest) = self.bind_formals(&pair[0], cur, kw, pos)?;
            layers.push((producer, params, rest));
        }
        let mut body = self.body(&items[2..], cur, pos)?;
        for (producer, params, rest) in layers.into_iter().rev() {
            let consumer = super::util::lambda(params, rest, body, None, pos);
            body = rt_call("%call-with-values", vec![producer, consumer], pos);
        }
        Ok(body)
    }
}
