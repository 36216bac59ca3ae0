//! `cond-expand`: picks the first clause whose feature requirement holds.

use super::util::{bad, base_name, is_ident, list_items, pos_or, Result};
use super::Expander;
use crate::syntax::datum::{Datum, Pos};

/// Features Kiln claims, for `cond-expand` and the `features` procedure: the R7RS ones, then
/// `srfi-N` for each SRFI built in (`crate::srfi::SRFIS`).
pub const FEATURES: &[&str] = &[
    "r7rs",
    "kiln",
    "exact-closed",
    "ratios",
    "ieee-float",
    "full-unicode",
    "srfi-1",
    "srfi-2",
    "srfi-8",
    "srfi-26",
    "srfi-28",
    "srfi-69",
    "srfi-125",
    "srfi-128",
    "srfi-132",
    "srfi-133",
    "srfi-143",
    "srfi-151",
];

impl Expander {
    /// Evaluates a feature requirement.
    fn holds(&self, req: &Datum, pos: Pos) -> Result<bool> {
        if is_ident(req) {
            return Ok(FEATURES.contains(&&*base_name(req)));
        }
        let items = list_items(req, "cond-expand", "a feature requirement", pos)?;
        let (head, args) = match items.split_first() {
            Some((h, a)) if is_ident(h) => (base_name(h), a),
            _ => {
                return Err(bad(
                    "cond-expand",
                    format!("bad feature requirement {req}"),
                    pos_or(req, pos),
                ))
            }
        };
        match &*head {
            "and" => args
                .iter()
                .try_fold(true, |acc, r| Ok(acc && self.holds(r, pos)?)),
            "or" => args
                .iter()
                .try_fold(false, |acc, r| Ok(acc || self.holds(r, pos)?)),
            "not" if args.len() == 1 => Ok(!self.holds(&args[0], pos)?),
            "library" if args.len() == 1 => Ok(self.library_available(&args[0])),
            _ => Err(bad(
                "cond-expand",
                format!("bad feature requirement {req}"),
                pos_or(req, pos),
            )),
        }
    }

    /// The forms of the first matching clause of `(cond-expand clause ...)` (none if no clause
    /// matches). The caller splices them into its context.
    pub(crate) fn cond_expand<'a>(&mut self, items: &'a [Datum], pos: Pos) -> Result<&'a [Datum]> {
        Ok(match self.cond_expand_choice(items, pos)? {
            Some(i) => match &items[i] {
                Datum::List(clause, _) => &clause[1..],
                _ => unreachable!("cond-expand chose a list clause"),
            },
            None => &[],
        })
    }

    /// The index in `items` of the clause `cond-expand` chooses (`None`: no clause holds).
    pub(crate) fn cond_expand_choice(
        &mut self,
        items: &[Datum],
        pos: Pos,
    ) -> Result<Option<usize>> {
        for (i, clause) in items.iter().enumerate().skip(1) {
            let parts = list_items(
                clause,
                "cond-expand",
                "a clause (requirement form ...)",
                pos,
            )?;
            let Some(req) = parts.first() else {
                return Err(bad("cond-expand", "empty clause ()", pos_or(clause, pos)));
            };
            let is_else = is_ident(req) && &*base_name(req) == "else";
            if is_else || self.holds(req, pos)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use crate::expand::test_util::{err, ex};

    #[test]
    fn picks_the_first_true_requirement() {
        assert_eq!(
            ex("(cond-expand (foo 1) ((and r7rs (not bar)) 2) (else 3))"),
            "2"
        );
        assert_eq!(
            ex("(cond-expand ((or foo (library (scheme char))) 'lib) (else 'no))"),
            "'lib"
        );
        assert_eq!(
            ex("(cond-expand ((library (srfi 999)) 1) (else (define x 3)))"),
            "(define x 3)"
        );
        assert_eq!(ex("(cond-expand (foo 1))"), "#<unspecified>");
        assert_eq!(
            ex("(lambda () (cond-expand (kiln (define y 1))) y)"),
            "(lambda _ () (letrec ((y.0 1)) y.0))"
        );
        assert_eq!(ex("(+ 1 (cond-expand (full-unicode 2)))"), "(+ 1 2)");
        assert_eq!(
            err("(cond-expand ((frob x) 1))").msg,
            "bad syntax in cond-expand: bad feature requirement (frob x)"
        );
    }
}
