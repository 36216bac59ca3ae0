//! `let-syntax` and `letrec-syntax` (top-level and internal `define-syntax` are handled by
//! `toplevel` and `body`).

use super::env::EnvId;
use super::util::{arity, bad, base_name, is_ident, list_items, pos_or, Result};
use super::Expander;
use crate::ir::core::Core;
use crate::syntax::datum::{Datum, Pos};

impl Expander {
    /// `(let-syntax ((name spec) ...) body ...)`; with `rec`, the specs see the new keywords.
    /// The body is an ordinary body (not spliced into the surrounding one).
    #[inline(never)]
    pub(crate) fn let_syntax(
        &mut self,
        items: &[Datum],
        pos: Pos,
        env: EnvId,
        rec: bool,
    ) -> Result<Core> {
        let kw = if rec { "letrec-syntax" } else { "let-syntax" };
        arity(
            items,
            3,
            None,
            kw,
            "(let-syntax ((name (syntax-rules ...)) ...) body ...)",
            pos,
        )?;
        let bindings = list_items(&items[1], kw, "a list of (name transformer)", pos)?;
        let senv = self.envs.push(env);
        let spec_env = if rec { senv } else { env };
        for b in bindings {
            let (id, spec) = match b {
                Datum::List(p, _) if p.len() == 2 && is_ident(&p[0]) => (&p[0], &p[1]),
                _ => {
                    return Err(bad(
                        kw,
                        format!("expected (name transformer), got {b}"),
                        pos_or(b, pos),
                    ))
                }
            };
            if self.envs.bound_here(senv, id) {
                return Err(bad(
                    kw,
                    format!("duplicate binding of `{id}`"),
                    pos_or(id, pos),
                ));
            }
            let binding = self.transformer(spec, spec_env, base_name(id), pos)?;
            self.envs.bind(senv, id, binding);
        }
        self.body(&items[2..], senv, pos)
    }
}
