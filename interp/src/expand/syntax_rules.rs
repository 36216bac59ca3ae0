//! `syntax-rules` transformers: parsing and pattern matching. Transcription of templates is in
//! `template`.

use super::env::{same_ident, EnvId, Resolved, Special};
use super::util::{bad, base_name, datum_eq, is_ident, list_items, pos_or, Result};
use super::Expander;
use crate::syntax::datum::{Alias, Datum, Pos};
use std::collections::HashMap;
use std::rc::Rc;

/// A `syntax-rules` macro.
pub(crate) struct Macro {
    /// The keyword it was defined under (for error messages).
    pub name: Rc<str>,
    /// The environment the macro was defined in: free template identifiers refer to it.
    pub env: EnvId,
    /// A custom ellipsis identifier (`(syntax-rules ::: (lit ...) ...)`).
    ellipsis: Option<Datum>,
    literals: Vec<Datum>,
    rules: Vec<(Datum, Datum)>,
}

/// Identifier identity as a hashable key: symbols by name, aliases by address. Only valid while
/// the alias is alive, which the pattern or template holding it guarantees.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) enum IdKey {
    Sym(Rc<str>),
    Alias(*const Alias),
}

impl IdKey {
    /// The key of an identifier (`None` for other data).
    pub fn of(d: &Datum) -> Option<IdKey> {
        match d {
            Datum::Sym(s, _) => Some(IdKey::Sym(s.clone())),
            Datum::Alias(a) => Some(IdKey::Alias(Rc::as_ptr(a))),
            _ => None,
        }
    }
}

/// What a pattern variable matched: one form, or one match per repetition of an ellipsis.
#[derive(Clone, Debug)]
pub(crate) enum Match {
    One(Datum),
    Many(Vec<Match>),
}

/// Pattern variable → what it matched.
pub(crate) type Bindings = HashMap<IdKey, Match>;

/// `items` followed by `tail` (the part of an input list a dotted pattern tail matches).
fn rest_of(items: &[Datum], tail: Option<&Datum>, pos: Pos) -> Datum {
    super::util::append_tail(items.to_vec(), tail.cloned(), pos)
}

impl Macro {
    /// Whether `d` is this macro's ellipsis (and the ellipsis is not declared a literal).
    pub fn is_ellipsis(&self, d: &Datum) -> bool {
        let hit = match &self.ellipsis {
            Some(e) => same_ident(d, e),
            None => is_ident(d) && &*base_name(d) == "...",
        };
        hit && !self.is_literal(d)
    }

    fn is_literal(&self, d: &Datum) -> bool {
        self.literals.iter().any(|l| same_ident(l, d))
    }

    fn is_underscore(&self, d: &Datum) -> bool {
        is_ident(d) && &*base_name(d) == "_" && !self.is_literal(d)
    }

    /// The pattern variables of `pat`, in order.
    pub fn pattern_vars(&self, pat: &Datum, out: &mut Vec<IdKey>) {
        match pat {
            Datum::List(items, _) | Datum::Vector(items) => {
                items.iter().for_each(|p| self.pattern_vars(p, out))
            }
            Datum::Dotted(items, tail, _) => {
                items.iter().for_each(|p| self.pattern_vars(p, out));
                self.pattern_vars(tail, out);
            }
            d if is_ident(d)
                && !self.is_literal(d)
                && !self.is_ellipsis(d)
                && !self.is_underscore(d) =>
            {
                out.extend(IdKey::of(d))
            }
            _ => {}
        }
    }

    /// The rules, for expansion.
    pub fn rules(&self) -> &[(Datum, Datum)] {
        &self.rules
    }
}

impl Expander {
    /// A syntactic binding from a transformer spec: `(syntax-rules ...)` or another keyword.
    pub(crate) fn transformer(
        &mut self,
        spec: &Datum,
        env: EnvId,
        name: Rc<str>,
        pos: Pos,
    ) -> Result<super::env::Binding> {
        use super::env::Binding;
        if is_ident(spec) {
            return match self.envs.resolve(spec, env) {
                Resolved::Macro(m) => Ok(Binding::Macro(m)),
                Resolved::Special(s) => Ok(Binding::Special(s)),
                _ => Err(bad(
                    "define-syntax",
                    format!("`{spec}` is not a syntax keyword"),
                    pos_or(spec, pos),
                )),
            };
        }
        let items = match spec {
            Datum::List(items, _) if !items.is_empty() && is_ident(&items[0]) => items,
            _ => {
                return Err(bad(
                    "define-syntax",
                    format!("expected (syntax-rules ...), got {spec}"),
                    pos_or(spec, pos),
                ))
            }
        };
        if !matches!(
            self.envs.resolve(&items[0], env),
            Resolved::Special(Special::SyntaxRules)
        ) {
            return Err(bad(
                "define-syntax",
                format!("unsupported transformer {}", items[0]),
                pos_or(spec, pos),
            ));
        }
        let m = parse_syntax_rules(items, env, name, pos_or(spec, pos))?;
        Ok(Binding::Macro(Rc::new(m)))
    }

    /// Expands one use of `m`.
    #[inline(never)]
    pub(crate) fn apply_macro(
        &mut self,
        m: &Rc<Macro>,
        form: &Datum,
        use_env: EnvId,
    ) -> Result<Datum> {
        self.expansions += 1;
        let pos = form.pos().unwrap_or_default();
        if self.expansions > super::MAX_EXPANSIONS {
            return Err(bad(
                &m.name,
                "too many macro expansions (infinite expansion loop?)",
                pos,
            ));
        }
        for (pattern, template) in m.rules() {
            let mut b = Bindings::new();
            if self.match_form(m, pattern, form, use_env, &mut b) {
                return super::template::transcribe(m, template, &b, pos);
            }
        }
        Err(bad(
            &m.name,
            format!("no syntax-rules pattern matches {form}"),
            pos,
        ))
    }

    /// Matches a use against a rule's pattern, ignoring the keyword positions.
    fn match_form(
        &self,
        m: &Macro,
        pattern: &Datum,
        form: &Datum,
        env: EnvId,
        b: &mut Bindings,
    ) -> bool {
        let (ps, ptail) = match pattern {
            Datum::List(ps, _) => (&ps[1..], None),
            Datum::Dotted(ps, t, _) => (&ps[1..], Some(&**t)),
            _ => return false,
        };
        let (xs, xtail, pos) = match form {
            Datum::List(xs, p) if !xs.is_empty() => (&xs[1..], None, *p),
            Datum::Dotted(xs, t, p) => (&xs[1..], Some(&**t), *p),
            _ => return false,
        };
        self.match_seq(m, ps, ptail, xs, xtail, env, b, pos)
    }

    fn match_pattern(
        &self,
        m: &Macro,
        pat: &Datum,
        form: &Datum,
        env: EnvId,
        b: &mut Bindings,
    ) -> bool {
        // A labelled part of the input is matched as its datum (bound whole, label and all).
        let whole = form;
        let form = form.unshared();
        match pat {
            d if is_ident(d) => {
                if m.is_literal(d) {
                    is_ident(form)
                        && self
                            .envs
                            .resolve(form, env)
                            .same(&self.envs.resolve(d, m.env))
                } else {
                    if !m.is_underscore(d) {
                        b.insert(IdKey::of(d).expect("identifier"), Match::One(whole.clone()));
                    }
                    true
                }
            }
            Datum::List(ps, _) => match form {
                Datum::List(xs, p) => self.match_seq(m, ps, None, xs, None, env, b, *p),
                Datum::Dotted(xs, t, p) => self.match_seq(m, ps, None, xs, Some(t), env, b, *p),
                _ => false,
            },
            Datum::Dotted(ps, pt, _) => match form {
                Datum::List(xs, p) => self.match_seq(m, ps, Some(pt), xs, None, env, b, *p),
                Datum::Dotted(xs, t, p) => self.match_seq(m, ps, Some(pt), xs, Some(t), env, b, *p),
                _ => false,
            },
            Datum::Vector(ps) => match form {
                Datum::Vector(xs) => self.match_seq(m, ps, None, xs, None, env, b, Pos::default()),
                _ => false,
            },
            lit => datum_eq(lit, form),
        }
    }

    /// Matches pattern elements `ps` (with optional dotted tail `ptail`, possibly containing one
    /// ellipsis) against input elements `xs` with optional improper tail `xtail`.
    #[allow(clippy::too_many_arguments)]
    fn match_seq(
        &self,
        m: &Macro,
        ps: &[Datum],
        ptail: Option<&Datum>,
        xs: &[Datum],
        xtail: Option<&Datum>,
        env: EnvId,
        b: &mut Bindings,
        pos: Pos,
    ) -> bool {
        let Some(e) = ps.iter().position(|p| m.is_ellipsis(p)).filter(|e| *e > 0) else {
            let fixed = ps.len();
            return match ptail {
                None => xtail.is_none() && xs.len() == fixed && self.match_all(m, ps, xs, env, b),
                Some(pt) => {
                    xs.len() >= fixed
                        && self.match_all(m, ps, &xs[..fixed], env, b)
                        && self.match_pattern(m, pt, &rest_of(&xs[fixed..], xtail, pos), env, b)
                }
            };
        };
        let (before, rep, after) = (&ps[..e - 1], &ps[e - 1], &ps[e + 1..]);
        if xs.len() < before.len() + after.len() || (ptail.is_none() && xtail.is_some()) {
            return false;
        }
        let reps_end = xs.len() - after.len();
        if !self.match_all(m, before, &xs[..before.len()], env, b) {
            return false;
        }
        let mut per_rep = Vec::new();
        for x in &xs[before.len()..reps_end] {
            let mut rb = Bindings::new();
            if !self.match_pattern(m, rep, x, env, &mut rb) {
                return false;
            }
            per_rep.push(rb);
        }
        let mut vars = Vec::new();
        m.pattern_vars(rep, &mut vars);
        for v in vars {
            let seq = per_rep
                .iter_mut()
                .map(|rb| rb.remove(&v).unwrap_or(Match::Many(Vec::new())))
                .collect();
            b.insert(v, Match::Many(seq));
        }
        self.match_all(m, after, &xs[reps_end..], env, b)
            && ptail.is_none_or(|pt| self.match_pattern(m, pt, &rest_of(&[], xtail, pos), env, b))
    }

    fn match_all(
        &self,
        m: &Macro,
        ps: &[Datum],
        xs: &[Datum],
        env: EnvId,
        b: &mut Bindings,
    ) -> bool {
        ps.iter()
            .zip(xs)
            .all(|(p, x)| self.match_pattern(m, p, x, env, b))
    }
}

/// Parses `(syntax-rules [ellipsis] (literal ...) (pattern template) ...)`.
fn parse_syntax_rules(items: &[Datum], env: EnvId, name: Rc<str>, pos: Pos) -> Result<Macro> {
    let (ellipsis, rest) = match items.get(1) {
        Some(e) if is_ident(e) => (Some(e.clone()), &items[2..]),
        _ => (None, &items[1..]),
    };
    let Some((lits, rules)) = rest.split_first() else {
        return Err(bad("syntax-rules", "missing literals list", pos));
    };
    let literals = list_items(lits, "syntax-rules", "a list of literals", pos)?.to_vec();
    if let Some(l) = literals.iter().find(|l| !is_ident(l)) {
        return Err(bad(
            "syntax-rules",
            format!("literal must be an identifier, got {l}"),
            pos_or(l, pos),
        ));
    }
    let mut m = Macro {
        name,
        env,
        ellipsis,
        literals,
        rules: Vec::new(),
    };
    for rule in rules {
        let rpos = pos_or(rule, pos);
        let (pattern, template) = match rule {
            Datum::List(r, _) if r.len() == 2 => (&r[0], &r[1]),
            _ => {
                return Err(bad(
                    "syntax-rules",
                    format!("rule must be (pattern template), got {rule}"),
                    rpos,
                ))
            }
        };
        if !matches!(pattern, Datum::List(p, _) if !p.is_empty())
            && !matches!(pattern, Datum::Dotted(..))
        {
            return Err(bad(
                "syntax-rules",
                format!("pattern must be a list, got {pattern}"),
                rpos,
            ));
        }
        check_pattern(&m, pattern, 1, rpos)?;
        m.rules.push((pattern.clone(), template.clone()));
    }
    Ok(m)
}

/// At most one ellipsis per list level, and only after a subpattern at index `first` or later
/// (1 for the outermost pattern, whose first element is the ignored keyword position).
fn check_pattern(m: &Macro, pat: &Datum, first: usize, pos: Pos) -> Result<()> {
    let (items, tail) = match pat {
        Datum::List(items, _) | Datum::Vector(items) => (items, None),
        Datum::Dotted(items, tail, _) => (items, Some(&**tail)),
        _ => return Ok(()),
    };
    let ellipses: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, p)| m.is_ellipsis(p))
        .map(|(i, _)| i)
        .collect();
    if ellipses.len() > 1 || ellipses.first().is_some_and(|i| *i <= first) {
        return Err(bad(
            "syntax-rules",
            format!("misplaced ellipsis in pattern {pat}"),
            pos,
        ));
    }
    items
        .iter()
        .chain(tail)
        .try_for_each(|p| check_pattern(m, p, 0, pos))
}

#[cfg(test)]
mod tests {
    use crate::expand::test_util::{err, ex, last};

    const MY_OR: &str = "(define-syntax my-or (syntax-rules () ((_) #f) ((_ e) e) \
                         ((_ e r ...) (let ((x e)) (if x x (my-or r ...))))))";

    #[test]
    fn introduced_bindings_do_not_capture() {
        assert_eq!(
            last(&format!("{MY_OR} (let ((x 1)) (my-or #f x))")),
            "(let ((x.0 1)) (let ((x.1 #f)) (if x.1 x.1 x.0)))"
        );
        assert_eq!(
            last("(define-syntax with-tmp (syntax-rules () ((_ body) (let ((tmp 1)) body)))) (let ((tmp 2)) (with-tmp tmp))"),
            "(let ((tmp.0 2)) (let ((tmp.1 1)) tmp.0))"
        );
        assert_eq!(
            last("(define-syntax swap! (syntax-rules () ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp))))) (let ((tmp 1) (y 2)) (swap! tmp y))"),
            "(let ((tmp.0 1) (y.1 2)) (let ((tmp.2 tmp.0)) (begin (set! tmp.0 y.1) (set! y.1 tmp.2))))"
        );
    }

    #[test]
    fn template_keywords_survive_user_shadowing() {
        assert_eq!(
            last(&format!("{MY_OR} (let ((if list) (let 5)) (my-or #f if let))")),
            "(let ((if.0 list) (let.1 5)) (let ((x.2 #f)) (if x.2 x.2 (let ((x.3 if.0)) (if x.3 x.3 let.1)))))"
        );
    }

    #[test]
    fn free_template_identifiers_refer_to_the_definition_site() {
        assert_eq!(
            last("(define-syntax m (syntax-rules () ((_ x) (helper x)))) (let ((helper 1)) (m 2))"),
            "(let ((helper.0 1)) (helper 2))"
        );
        assert_eq!(
            ex("(let ((x 1)) (let-syntax ((m (syntax-rules () ((_) x)))) (let ((x 2)) (m))))"),
            "(let ((x.0 1)) (let ((x.1 2)) x.0))"
        );
        assert_eq!(
            ex("(letrec-syntax ((ev? (syntax-rules () ((_) #t) ((_ x . r) (od? . r)))) (od? (syntax-rules () ((_) #f) ((_ x . r) (ev? . r))))) (ev? 1 2 3))"),
            "#f"
        );
    }

    #[test]
    fn introduced_definitions() {
        let def_tmp =
            "(define-syntax def-tmp (syntax-rules () ((_ v) (begin (define tmp v) tmp))))";
        // At top level the alias defines the plain name; in a body it is a fresh, hidden binding.
        assert_eq!(
            last(&format!("{def_tmp} (def-tmp 5)")),
            "(begin (define tmp 5) tmp)"
        );
        assert_eq!(
            last(&format!("{def_tmp} (lambda () (def-tmp 5) tmp)")),
            "(lambda _ () (letrec ((tmp.0 5)) (begin tmp.0 tmp)))"
        );
    }

    #[test]
    fn quote_strips_aliases() {
        assert_eq!(
            last("(define-syntax q (syntax-rules () ((_) '(foo #(bar))))) (q)"),
            "'(foo #(bar))"
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            last("(define-syntax t (syntax-rules () ((_ a ... b c) '(b c a ...)))) (t 1 2 3 4)"),
            "'(3 4 1 2)"
        );
        assert_eq!(
            last("(define-syntax t (syntax-rules () ((_ a ... b c) '(b c a ...)))) (t 1 2)"),
            "'(1 2)"
        );
        assert_eq!(last("(define-syntax f (syntax-rules () ((_ (a ...) ...) '(a ... ...)))) (f (1 2) () (3))"), "'(1 2 3)");
        assert_eq!(
            last("(define-syntax p (syntax-rules () ((_ (k v ...) ...) '((k (v k) ...) ...)))) (p (a 1 2) (b))"),
            "'((a (1 a) (2 a)) (b))"
        );
        assert_eq!(
            last("(define-syntax my-let (syntax-rules () ((_ ((n v) ...) b ...) ((lambda (n ...) b ...) v ...)))) (my-let ((a 1) (b 2)) (+ a b))"),
            "((lambda _ (a.0 b.1) (+ a.0 b.1)) 1 2)"
        );
    }

    #[test]
    fn dotted_vector_and_literal_patterns() {
        let dot = "(define-syntax d (syntax-rules () ((_ a . b) '(a b))))";
        assert_eq!(last(&format!("{dot} (d 1 2 3)")), "'(1 (2 3))");
        assert_eq!(last(&format!("{dot} (d 1 . 2)")), "'(1 2)");
        assert_eq!(last(&format!("{dot} (d 1)")), "'(1 ())");
        assert_eq!(
            last("(define-syntax v (syntax-rules () ((_ #(a b ...)) '(a (b ...))))) (v #(1 2 3))"),
            "'(1 (2 3))"
        );
        assert_eq!(
            last("(define-syntax u (syntax-rules () ((_ _ x 5) x))) (u 1 2 5)"),
            "2"
        );
        let lit = "(define-syntax l (syntax-rules (=>) ((_ a => b) (b a)) ((_ a) a)))";
        assert_eq!(last(&format!("{lit} (l 1 => f)")), "(f 1)");
        assert_eq!(
            err(&format!("{lit} (let ((=> 1)) (l 1 => f))")).msg,
            "bad syntax in l: no syntax-rules pattern matches (l 1 => f)"
        );
    }

    #[test]
    fn custom_ellipsis_and_escapes() {
        assert_eq!(
            last("(define-syntax c (syntax-rules ::: () ((_ a :::) '(a ::: ...)))) (c 1 2)"),
            "'(1 2 ...)"
        );
        let maker = "(define-syntax def-lister (syntax-rules () ((_ name) (define-syntax name (syntax-rules () ((_ x (... ...)) (list x (... ...))))))))";
        assert_eq!(
            last(&format!("{maker} (def-lister lst) (lst 1 2 3)")),
            "(list 1 2 3)"
        );
        assert_eq!(
            last("(define-syntax e (syntax-rules () ((_ a) '(... (a ...))))) (e 1)"),
            "'(1 ...)"
        );
    }

    #[test]
    fn recursive_macros_and_positions() {
        let my_let_star = "(define-syntax my-let* (syntax-rules () ((_ () body ...) (let () body ...)) \
                           ((_ ((x v) rest ...) body ...) (let ((x v)) (my-let* (rest ...) body ...)))))";
        assert_eq!(
            last(&format!("{my_let_star} (my-let* ((a 1) (b a)) (+ a b))")),
            "(let ((a.0 1)) (let ((b.1 a.0)) (+ a.0 b.1)))"
        );
        let e = err(&format!("{MY_OR}\n  (my-or . 1)"));
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((2, 3)));
    }

    #[test]
    fn syntax_error_reports_at_the_use() {
        let e = err("(define-syntax one-arg (syntax-rules () ((_ x) x) ((_ . more) (syntax-error \"one-arg: too many\" more))))\n(one-arg 1 2)");
        assert_eq!(e.msg, "one-arg: too many (1 2)");
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((2, 1)));
    }

    #[test]
    fn template_and_pattern_errors() {
        assert_eq!(
            err("(define-syntax b (syntax-rules () ((_ a ...) 'a))) (b 1 2)").msg,
            "bad syntax in b: pattern variable `a` used without enough ellipses"
        );
        assert_eq!(
            err("(define-syntax b (syntax-rules () ((_ a) '(a ...)))) (b 1)").msg,
            "bad syntax in b: no pattern variable to repeat before the ellipsis in a"
        );
        assert_eq!(
            err("(define-syntax b (syntax-rules () ((_ (a ...) (c ...)) '((a c) ...)))) (b (1 2) (3))").msg,
            "bad syntax in b: pattern variables repeated different numbers of times in (a c)"
        );
        assert_eq!(
            err("(define-syntax b (syntax-rules () ((_ ... a) a)))").msg,
            "bad syntax in syntax-rules: misplaced ellipsis in pattern (_ ... a)"
        );
        assert_eq!(
            err("(define-syntax b (syntax-rules () ((_ a ... b ...) a)))").msg,
            "bad syntax in syntax-rules: misplaced ellipsis in pattern (_ a ... b ...)"
        );
        assert_eq!(
            err("(define-syntax b (lambda (x) x))").msg,
            "bad syntax in define-syntax: unsupported transformer lambda"
        );
    }
}
