//! `quasiquote`: templates become `%cons`/`%list`/`%append`/`%list->vector` calls, with every
//! part that contains no unquote at the current level kept as one constant.

use super::env::{EnvId, Resolved, Special};
use super::util::{append_tail, arity, bad, is_ident, rt_call, strip, Result};
use super::Expander;
use crate::ir::core::Core;
use crate::syntax::datum::{Datum, Pos};

/// A quasiquoted part: constant data, or code that builds it.
enum Q {
    Lit(Datum),
    Code(Core),
}

impl Q {
    fn into_core(self) -> Core {
        match self {
            Q::Lit(d) => Core::Const(d),
            Q::Code(c) => c,
        }
    }
}

/// The quasiquote keywords, by meaning.
#[derive(Clone, Copy, PartialEq)]
enum Kw {
    Quasi,
    Unquote,
    Splice,
}

/// One element of a quasiquoted list.
enum Part {
    Elem(Q),
    Splice(Core),
}

/// Code for a run of elements: a constant list when they are all constant.
fn run_to_core(run: Vec<Q>, pos: Pos) -> Core {
    if run.iter().all(|q| matches!(q, Q::Lit(_))) {
        let data = run
            .into_iter()
            .map(|q| if let Q::Lit(d) = q { d } else { unreachable!() })
            .collect();
        return Core::Const(Datum::List(data, pos));
    }
    rt_call("%list", run.into_iter().map(Q::into_core).collect(), pos)
}

impl Expander {
    /// `(quasiquote template)`.
    #[inline(never)]
    pub(crate) fn quasiquote(&mut self, items: &[Datum], pos: Pos, env: EnvId) -> Result<Core> {
        arity(
            items,
            2,
            Some(2),
            "quasiquote",
            "(quasiquote template)",
            pos,
        )?;
        Ok(self.qq(&items[1], 1, env, pos)?.into_core())
    }

    fn qq_kw(&self, d: &Datum, env: EnvId) -> Option<Kw> {
        if !is_ident(d) {
            return None;
        }
        match self.envs.resolve(d, env) {
            Resolved::Special(Special::Quasiquote) => Some(Kw::Quasi),
            Resolved::Global(n) if &*n == "unquote" => Some(Kw::Unquote),
            Resolved::Global(n) if &*n == "unquote-splicing" => Some(Kw::Splice),
            _ => None,
        }
    }

    /// The template `t` at nesting `depth` (1 = innermost quasiquote).
    fn qq(&mut self, t: &Datum, depth: u32, env: EnvId, pos: Pos) -> Result<Q> {
        match t {
            Datum::List(items, p) => {
                if let [head, x] = &items[..] {
                    match self.qq_kw(head, env) {
                        Some(Kw::Unquote) if depth == 1 => return Ok(Q::Code(self.expr(x, env)?)),
                        Some(Kw::Splice) if depth == 1 => {
                            return Err(bad("quasiquote", "unquote-splicing outside a list", *p))
                        }
                        Some(Kw::Unquote | Kw::Splice) => {
                            return self.qq_wrap(head, x, depth - 1, env, *p)
                        }
                        Some(Kw::Quasi) => return self.qq_wrap(head, x, depth + 1, env, *p),
                        None => {}
                    }
                }
                self.qq_list(items, None, depth, env, *p)
            }
            Datum::Dotted(items, tail, p) => self.qq_list(items, Some(tail), depth, env, *p),
            Datum::Vector(items) => Ok(match self.qq_list(items, None, depth, env, pos)? {
                Q::Lit(Datum::List(data, _)) => Q::Lit(Datum::Vector(data)),
                q => Q::Code(rt_call("%list->vector", vec![q.into_core()], pos)),
            }),
            // `#0=(a ,x)` in a template is `(a ,x)`: each `#0#` is filled in on its own. One
            // with nothing to fill in is one constant, shared by all its places (`eval` of
            // data with shared parts: a DAG is not copied once per path).
            Datum::Shared(inner) => {
                match self.qq_live(inner, depth, env, &mut Default::default()) {
                    true => self.qq(inner, depth, env, pos),
                    false => Ok(Q::Lit(t.clone())),
                }
            }
            // A circular datum is one constant, whole; an unquote in it would have to fill
            // in a structure with no end.
            Datum::Labelled(..) if self.qq_live(t, depth, env, &mut Default::default()) => {
                Err(bad(
                    "quasiquote",
                    "unquote inside a circular part of a template (#n= … #n#)",
                    t.pos().unwrap_or(pos),
                ))
            }
            other => Ok(Q::Lit(strip(other))),
        }
    }

    /// Whether template part `t` at `depth` has an unquote to fill in. `Shared` parts are
    /// looked at once (`seen`): the walk is linear in a DAG's objects, and finite for a
    /// circular datum (its `#n#`s are leaves).
    fn qq_live(
        &self,
        t: &Datum,
        depth: u32,
        env: EnvId,
        seen: &mut std::collections::HashSet<(*const Datum, u32)>,
    ) -> bool {
        match t {
            Datum::List(items, _) => {
                if let [head, x] = &items[..] {
                    match self.qq_kw(head, env) {
                        Some(Kw::Unquote | Kw::Splice) if depth == 1 => return true,
                        Some(Kw::Unquote | Kw::Splice) => {
                            return self.qq_live(x, depth - 1, env, seen)
                        }
                        Some(Kw::Quasi) => return self.qq_live(x, depth + 1, env, seen),
                        None => {}
                    }
                }
                // `(a . ,b)` reads as `(a unquote b)`.
                let n = items.len();
                (depth == 1
                    && n >= 3
                    && matches!(
                        self.qq_kw(&items[n - 2], env),
                        Some(Kw::Unquote | Kw::Splice)
                    ))
                    || items.iter().any(|x| self.qq_live(x, depth, env, seen))
            }
            Datum::Dotted(items, tail, _) => {
                items.iter().any(|x| self.qq_live(x, depth, env, seen))
                    || self.qq_live(tail, depth, env, seen)
            }
            Datum::Vector(items) => items.iter().any(|x| self.qq_live(x, depth, env, seen)),
            Datum::Shared(inner) => {
                seen.insert((std::rc::Rc::as_ptr(inner), depth))
                    && self.qq_live(inner, depth, env, seen)
            }
            Datum::Labelled(_, inner) => self.qq_live(inner, depth, env, seen),
            _ => false,
        }
    }

    /// `(keyword x)` kept as data, with `x` processed at `depth`.
    fn qq_wrap(&mut self, head: &Datum, x: &Datum, depth: u32, env: EnvId, pos: Pos) -> Result<Q> {
        Ok(match self.qq(x, depth, env, pos)? {
            Q::Lit(d) => Q::Lit(Datum::List(vec![strip(head), d], pos)),
            Q::Code(c) => Q::Code(rt_call("%list", vec![Core::Const(strip(head)), c], pos)),
        })
    }

    fn qq_list(
        &mut self,
        items: &[Datum],
        tail: Option<&Datum>,
        depth: u32,
        env: EnvId,
        pos: Pos,
    ) -> Result<Q> {
        // `(a . ,b)` reads as `(a unquote b)`: an unquote keyword second to last starts the tail.
        let n = items.len();
        if tail.is_none() && n >= 3 && self.qq_kw(&items[n - 2], env).is_some() {
            let tail = Datum::List(items[n - 2..].to_vec(), pos);
            return self.qq_list(&items[..n - 2], Some(&tail), depth, env, pos);
        }
        let mut parts = Vec::with_capacity(n);
        for item in items {
            parts.push(self.qq_part(item, depth, env, pos)?);
        }
        let tail = tail.map(|t| self.qq(t, depth, env, pos)).transpose()?;
        let all_lit = parts.iter().all(|p| matches!(p, Part::Elem(Q::Lit(_))));
        if all_lit && !matches!(tail, Some(Q::Code(_))) {
            let data = parts.into_iter().map(|p| {
                if let Part::Elem(Q::Lit(d)) = p {
                    d
                } else {
                    unreachable!()
                }
            });
            let tail = tail.map(|t| if let Q::Lit(d) = t { d } else { unreachable!() });
            return Ok(Q::Lit(append_tail(data.collect(), tail, pos)));
        }
        Ok(Q::Code(build_list(parts, tail, pos)))
    }

    /// One list element: `,@x` at depth 1 splices, anything else is an element.
    fn qq_part(&mut self, item: &Datum, depth: u32, env: EnvId, pos: Pos) -> Result<Part> {
        if let Datum::List(pair, p) = item {
            if let [head, x] = &pair[..] {
                if self.qq_kw(head, env) == Some(Kw::Splice) {
                    if depth == 1 {
                        return Ok(Part::Splice(self.expr(x, env)?));
                    }
                    return Ok(Part::Elem(self.qq_wrap(head, x, depth - 1, env, *p)?));
                }
            }
        }
        Ok(Part::Elem(self.qq(item, depth, env, pos)?))
    }
}

/// Code building a list from elements, splices and an optional tail.
fn build_list(parts: Vec<Part>, tail: Option<Q>, pos: Pos) -> Core {
    let has_splice = parts.iter().any(|p| matches!(p, Part::Splice(_)));
    if !has_splice {
        let elems = parts.into_iter().map(|p| {
            if let Part::Elem(q) = p {
                q
            } else {
                unreachable!()
            }
        });
        return match tail {
            None => rt_call("%list", elems.map(Q::into_core).collect(), pos),
            Some(t) => elems.rev().fold(t.into_core(), |acc, e| {
                rt_call("%cons", vec![e.into_core(), acc], pos)
            }),
        };
    }
    let mut args = Vec::new();
    let mut run = Vec::new();
    for p in parts {
        match p {
            Part::Elem(q) => run.push(q),
            Part::Splice(c) => {
                if !run.is_empty() {
                    args.push(run_to_core(std::mem::take(&mut run), pos));
                }
                args.push(c);
            }
        }
    }
    if !run.is_empty() {
        args.push(run_to_core(run, pos));
    }
    if let Some(t) = tail {
        args.push(t.into_core());
    }
    rt_call("%append", args, pos)
}

#[cfg(test)]
mod tests {
    use crate::expand::test_util::{err, ex};

    #[test]
    fn constant_parts_stay_constant() {
        assert_eq!(ex("`(a b (c) . d)"), "'(a b (c) . d)");
        assert_eq!(ex("`#(1 2)"), "#(1 2)");
        assert_eq!(ex("`(a ,x)"), "(%list 'a x)");
        assert_eq!(ex("`,x"), "x");
    }

    #[test]
    fn splicing_tails_and_vectors() {
        assert_eq!(ex("`(a ,@xs b)"), "(%append '(a) xs '(b))");
        assert_eq!(ex("`(,@xs . tail)"), "(%append xs 'tail)");
        assert_eq!(ex("`(1 2 . ,x)"), "(%cons 1 (%cons 2 x))");
        assert_eq!(ex("`#(1 ,x)"), "(%list->vector (%list 1 x))");
        assert_eq!(ex("`#(,@xs)"), "(%list->vector (%append xs))");
    }

    #[test]
    fn nested_levels() {
        assert_eq!(
            ex("`(1 `(2 ,(3 ,x)))"),
            "(%list 1 (%list 'quasiquote (%list 2 (%list 'unquote (%list 3 x)))))"
        );
        assert_eq!(
            ex("`(1 `(2 ,(3 ,@xs)))"),
            "(%list 1 (%list 'quasiquote (%list 2 (%list 'unquote (%append '(3) xs)))))"
        );
        assert_eq!(ex("`(1 `(2 ,(3 y)))"), "'(1 `(2 ,(3 y)))");
        assert_eq!(ex("``,,x"), "(%list 'quasiquote (%list 'unquote x))");
    }

    #[test]
    fn keywords_are_resolved_hygienically() {
        assert_eq!(
            ex("(let ((unquote list)) `(a ,b))"),
            "(let ((unquote.0 list)) '(a ,b))"
        );
        assert_eq!(
            err("`,@x").msg,
            "bad syntax in quasiquote: unquote-splicing outside a list"
        );
    }
}
