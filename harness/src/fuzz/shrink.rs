//! The shrinker: hierarchical delta debugging over a program's S-expression tree. It first
//! removes top-level forms (chunks, then single forms), then walks every node in pre-order and
//! tries, in turn: deleting it from its list, replacing it by one of its children, replacing it
//! by a trivial datum (`0`, `#f`, `'()`). An edit is kept when the oracle says the program still
//! fails the same way and its text is shorter; the walk continues at the same position, and
//! passes repeat until one changes nothing or the budget of oracle calls is spent.

use super::sexp::{program_text, Sexp};
use std::collections::HashMap;

/// Trivial replacements, tried on any node that is not one already.
const TRIVIAL: [&str; 3] = ["0", "#f", "'()"];

/// Shrinks `forms` while `fails` holds; calls `fails` at most `budget` times (repeated texts
/// are answered from a cache). Returns the smallest failing program found.
pub fn shrink(forms: Vec<Sexp>, fails: &mut dyn FnMut(&str) -> bool, budget: usize) -> Vec<Sexp> {
    let mut s = Shrinker {
        fails,
        budget,
        seen: HashMap::new(),
    };
    let mut current = forms;
    loop {
        let before = program_text(&current);
        current = s.top_level(current);
        current = s.nodes(current);
        if program_text(&current) == before || s.budget == 0 {
            return current;
        }
    }
}

struct Shrinker<'a> {
    fails: &'a mut dyn FnMut(&str) -> bool,
    budget: usize,
    seen: HashMap<String, bool>,
}

impl Shrinker<'_> {
    fn test(&mut self, forms: &[Sexp]) -> bool {
        let text = program_text(forms);
        if let Some(&r) = self.seen.get(&text) {
            return r;
        }
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        let r = (self.fails)(&text);
        self.seen.insert(text, r);
        r
    }

    /// ddmin-style removal of top-level forms: chunks of half, a quarter… down to one form.
    fn top_level(&mut self, mut forms: Vec<Sexp>) -> Vec<Sexp> {
        let mut chunk = forms.len().div_ceil(2).max(1);
        loop {
            let mut i = 0;
            while i < forms.len() {
                let end = (i + chunk).min(forms.len());
                let mut candidate = forms.clone();
                candidate.drain(i..end);
                if !candidate.is_empty() && self.test(&candidate) {
                    forms = candidate;
                } else {
                    i = end;
                }
            }
            if chunk == 1 {
                return forms;
            }
            chunk = chunk.div_ceil(2);
        }
    }

    /// The node-level pass, in pre-order (the lexicographic order of node paths).
    fn nodes(&mut self, mut forms: Vec<Sexp>) -> Vec<Sexp> {
        let mut at: Vec<usize> = vec![0];
        'walk: loop {
            let all = paths(&forms);
            let Some(path) = all.into_iter().find(|p| *p >= at) else {
                return forms;
            };
            // Only strictly shorter texts: the walk can never cycle (`0` → `#f` → `0`…).
            let len = program_text(&forms).len();
            for candidate in candidates(&forms, &path) {
                let shorter = !candidate.is_empty() && program_text(&candidate).len() < len;
                if shorter && self.test(&candidate) {
                    forms = candidate;
                    at = path;
                    continue 'walk;
                }
            }
            if self.budget == 0 {
                return forms;
            }
            // The next node after `path` in pre-order.
            at = path;
            at.push(0);
        }
    }
}

/// Every node's path (top-level index, then child indices), in pre-order.
fn paths(forms: &[Sexp]) -> Vec<Vec<usize>> {
    fn walk(x: &Sexp, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        out.push(path.clone());
        let kids: &[Sexp] = match x {
            Sexp::Prefix(_, inner) => std::slice::from_ref(&**inner),
            other => other.children(),
        };
        for (i, k) in kids.iter().enumerate() {
            path.push(i);
            walk(k, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    for (i, f) in forms.iter().enumerate() {
        walk(f, &mut vec![i], &mut out);
    }
    out
}

fn get<'a>(forms: &'a [Sexp], path: &[usize]) -> &'a Sexp {
    let mut x = &forms[path[0]];
    for &i in &path[1..] {
        x = match x {
            Sexp::Prefix(_, inner) => inner,
            other => &other.children()[i],
        };
    }
    x
}

/// `forms` with the node at `path` replaced by `new` (removed from its list for `None`).
fn edit(forms: &[Sexp], path: &[usize], new: Option<Sexp>) -> Vec<Sexp> {
    fn go(x: &mut Sexp, path: &[usize], new: Option<Sexp>) {
        let (i, rest) = (path[0], &path[1..]);
        match x {
            Sexp::Prefix(_, inner) if rest.is_empty() => {
                if let Some(n) = new {
                    **inner = n;
                }
            }
            Sexp::Prefix(_, inner) => go(inner, rest, new),
            Sexp::List(xs) | Sexp::Vector(xs) if rest.is_empty() => match new {
                Some(n) => xs[i] = n,
                None => {
                    xs.remove(i);
                }
            },
            Sexp::List(xs) | Sexp::Vector(xs) => go(&mut xs[i], rest, new),
            Sexp::Atom(_) => {}
        }
    }
    let mut out = forms.to_vec();
    if path.len() == 1 {
        match new {
            Some(n) => out[path[0]] = n,
            None => {
                out.remove(path[0]);
            }
        }
    } else {
        go(&mut out[path[0]], &path[1..], new);
    }
    out
}

/// The edits tried at `path`, most radical first.
fn candidates(forms: &[Sexp], path: &[usize]) -> Vec<Vec<Sexp>> {
    let node = get(forms, path);
    let mut out = Vec::new();
    let parent_is_list = path.len() > 1
        && matches!(
            get(forms, &path[..path.len() - 1]),
            Sexp::List(_) | Sexp::Vector(_)
        );
    if path.len() == 1 || parent_is_list {
        out.push(edit(forms, path, None));
    }
    for child in node.children() {
        out.push(edit(forms, path, Some(child.clone())));
    }
    if let Sexp::Prefix(_, inner) = node {
        out.push(edit(forms, path, Some((**inner).clone())));
    }
    for t in TRIVIAL {
        let t = super::sexp::parse(t).expect("trivial data parse").remove(0);
        if *node != t {
            out.push(edit(forms, path, Some(t)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzz::sexp::parse;

    #[test]
    fn shrinks_a_planted_difference_to_its_minimum() {
        // A fake runner: the program "fails" iff it contains both forms.
        let program = parse(
            "(define (f x) (+ x 1))\n(show 'a (f 1))\n(define g (list 1 2 3))\n\
             (set! + *)\n(show 'b (f (car g)))\n(show 'c (vector 1 (f 2)))\n",
        )
        .unwrap();
        let mut calls = 0;
        let mut fails = |text: &str| {
            calls += 1;
            text.contains("(set! + *)") && text.contains("(f 1)")
        };
        let small = shrink(program, &mut fails, 1000);
        assert_eq!(program_text(&small), "(f 1)\n(set! + *)\n");
        assert!(calls < 200, "{calls} oracle calls");
    }

    #[test]
    fn the_budget_is_respected() {
        let program = parse(&"(a (b c) (d e))\n".repeat(30)).unwrap();
        let mut calls = 0;
        let mut fails = |_: &str| {
            calls += 1;
            true
        };
        let small = shrink(program, &mut fails, 10);
        assert!(calls <= 10);
        assert!(!small.is_empty());
    }

    #[test]
    fn edits_reach_inside_quotes_and_vectors() {
        let forms = parse("(a '(1 2) #(3 4))").unwrap();
        let ps = paths(&forms);
        assert_eq!(ps.len(), 9);
        assert_eq!(
            program_text(&edit(&forms, &[0, 1, 0, 1], None)),
            "(a '(1) #(3 4))\n"
        );
        assert_eq!(
            program_text(&edit(&forms, &[0, 2, 0], Some(Sexp::from("x")))),
            "(a '(1 2) #(x 4))\n"
        );
    }
}
