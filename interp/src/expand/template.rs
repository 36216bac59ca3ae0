//! `syntax-rules` template transcription. Pattern variables are replaced by what they matched;
//! every other identifier becomes an `Alias` of itself in the macro-definition environment, one
//! alias per identifier per expansion (so all its occurrences in one expansion still agree).

use super::syntax_rules::{Bindings, IdKey, Macro, Match};
use super::util::{append_tail, bad, is_ident, Result};
use crate::syntax::datum::{Alias, Datum, Pos};
use std::collections::HashMap;
use std::rc::Rc;

/// The bindings visible at one ellipsis depth during transcription.
type Scope<'a> = HashMap<IdKey, &'a Match>;

struct Transcriber<'m> {
    m: &'m Macro,
    renames: HashMap<IdKey, Datum>,
    /// Position given to the lists the template builds: the macro use.
    pos: Pos,
}

/// Transcribes `template` with the pattern bindings `b` for a use of `m` at `pos`.
pub(crate) fn transcribe(m: &Macro, template: &Datum, b: &Bindings, pos: Pos) -> Result<Datum> {
    let scope: Scope = b.iter().map(|(k, v)| (k.clone(), v)).collect();
    Transcriber {
        m,
        renames: HashMap::new(),
        pos,
    }
    .datum(template, &scope, false)
}

impl Transcriber<'_> {
    fn err(&self, detail: impl std::fmt::Display) -> super::SyntaxError {
        bad(&self.m.name, detail, self.pos)
    }

    /// `escaped`: inside `(... template)`, where the ellipsis is an ordinary identifier.
    fn datum(&mut self, t: &Datum, scope: &Scope, escaped: bool) -> Result<Datum> {
        match t {
            d if is_ident(d) => self.identifier(d, scope),
            Datum::List(items, _) => {
                if let [e, inner] = &items[..] {
                    if !escaped && self.m.is_ellipsis(e) {
                        return self.datum(inner, scope, true);
                    }
                }
                Ok(Datum::List(self.elements(items, scope, escaped)?, self.pos))
            }
            Datum::Dotted(items, tail, _) => {
                let items = self.elements(items, scope, escaped)?;
                let tail = self.datum(tail, scope, escaped)?;
                Ok(append_tail(items, Some(tail), self.pos))
            }
            Datum::Vector(items) => Ok(Datum::Vector(self.elements(items, scope, escaped)?)),
            other => Ok(other.clone()),
        }
    }

    fn identifier(&mut self, id: &Datum, scope: &Scope) -> Result<Datum> {
        let key = IdKey::of(id).expect("identifier");
        match scope.get(&key) {
            Some(Match::One(d)) => Ok(d.clone()),
            Some(Match::Many(_)) => Err(self.err(format!(
                "pattern variable `{id}` used without enough ellipses"
            ))),
            None => {
                let env = self.m.env;
                let alias = self.renames.entry(key).or_insert_with(|| {
                    Datum::Alias(Rc::new(Alias {
                        name: id.clone(),
                        env,
                    }))
                });
                Ok(alias.clone())
            }
        }
    }

    /// Template list elements, each possibly followed by ellipses.
    fn elements(&mut self, items: &[Datum], scope: &Scope, escaped: bool) -> Result<Vec<Datum>> {
        let mut out = Vec::with_capacity(items.len());
        let mut i = 0;
        while i < items.len() {
            let mut depth = 0;
            while !escaped
                && items
                    .get(i + 1 + depth)
                    .is_some_and(|e| self.m.is_ellipsis(e))
            {
                depth += 1;
            }
            if depth == 0 {
                out.push(self.datum(&items[i], scope, escaped)?);
            } else {
                self.repeat(&items[i], scope, depth, &mut out)?;
            }
            i += 1 + depth;
        }
        Ok(out)
    }

    /// `t` followed by `depth` ellipses: one copy per repetition of its ellipsis variables.
    fn repeat(
        &mut self,
        t: &Datum,
        scope: &Scope,
        depth: usize,
        out: &mut Vec<Datum>,
    ) -> Result<()> {
        let mut vars = Vec::new();
        self.iterated_vars(t, scope, &mut vars);
        if vars.is_empty() {
            return Err(self.err(format!(
                "no pattern variable to repeat before the ellipsis in {t}"
            )));
        }
        let len = match scope[&vars[0]] {
            Match::Many(ms) => ms.len(),
            Match::One(_) => unreachable!(),
        };
        for v in &vars {
            if matches!(scope[v], Match::Many(ms) if ms.len() != len) {
                return Err(self.err(format!(
                    "pattern variables repeated different numbers of times in {t}"
                )));
            }
        }
        for i in 0..len {
            let mut inner = scope.clone();
            for v in &vars {
                if let Match::Many(ms) = scope[v] {
                    inner.insert(v.clone(), &ms[i]);
                }
            }
            if depth == 1 {
                out.push(self.datum(t, &inner, false)?);
            } else {
                self.repeat(t, &inner, depth - 1, out)?;
            }
        }
        Ok(())
    }

    /// Pattern variables in `t` bound to repetitions at this level.
    fn iterated_vars(&self, t: &Datum, scope: &Scope, out: &mut Vec<IdKey>) {
        match t {
            d if is_ident(d) => {
                let key = IdKey::of(d).expect("identifier");
                if matches!(scope.get(&key), Some(Match::Many(_))) && !out.contains(&key) {
                    out.push(key);
                }
            }
            Datum::List(items, _) | Datum::Vector(items) => {
                items.iter().for_each(|x| self.iterated_vars(x, scope, out))
            }
            Datum::Dotted(items, tail, _) => {
                items.iter().for_each(|x| self.iterated_vars(x, scope, out));
                self.iterated_vars(tail, scope, out);
            }
            _ => {}
        }
    }
}
