//! Which cached variables a safepoint must store (optimizing tier): only those that may be read
//! after it. A dirty variable that is dead at a safepoint stays dirty and its frame slot keeps an
//! older value — still a valid object, because the slot, a root, kept it alive — so the
//! collector and the runtime never see a dangling value, and nothing reads the stale slot: the
//! runtime reads frame slots only of variables the code at hand mentions (a big closure's
//! captures), which are live there.
//!
//! The sets are conservative. At a point inside expression `e`, the live slots are those `e`
//! mentions (reads, assigns or binds) plus those live after `e`; sequences and `let`s are
//! precise about their parts (the statements before a point are not live after it). In a loop
//! body everything it mentions is live — the next iteration may read it — except the slots it
//! binds (`let`, inner loops): they are bound again before any use, each iteration.

use crate::ir::Expr;

/// Marks every frame slot `e` mentions.
pub(crate) fn mentioned(e: &Expr, out: &mut [bool]) {
    match e {
        Expr::Local(n) | Expr::LocalBoxed(n) | Expr::SetLocal(n, _) | Expr::SetLocalBoxed(n, _) => {
            set(out, *n, 1, true)
        }
        _ => {}
    }
    if let Some((first, count)) = e.binds() {
        set(out, first, count, true);
    }
    e.for_each_child(|c| mentioned(c, out));
}

/// Unmarks the slots that binding forms inside `e` bind (see the module comment).
pub(crate) fn unmark_bound(e: &Expr, out: &mut [bool]) {
    if let Some((first, count)) = e.binds() {
        set(out, first, count, false);
    }
    e.for_each_child(|c| unmark_bound(c, out));
}

/// Sets slots `first..first + count` of `out` (those it has) to `to`.
fn set(out: &mut [bool], first: u32, count: u32, to: bool) {
    for n in first..first + count {
        if let Some(m) = out.get_mut(n as usize) {
            *m = to;
        }
    }
}

/// The slots live in a loop body: `after` (live after the loop), the loop's parameters
/// `first..first + count`, and what the body mentions but does not bind.
pub(crate) fn loop_body(after: &[bool], first: u32, count: u32, body: &Expr) -> Vec<bool> {
    let mut inside = vec![false; after.len()];
    mentioned(body, &mut inside);
    unmark_bound(body, &mut inside);
    set(&mut inside, first, count, true);
    inside.iter().zip(after).map(|(a, b)| *a || *b).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(set: &[bool]) -> Vec<u32> {
        (0..set.len() as u32).filter(|&n| set[n as usize]).collect()
    }

    #[test]
    fn a_loop_body_keeps_its_parameters_and_outer_variables_not_its_lets() {
        // (loop (x = slot 1)) body: (let ((y (f x z))) (continue (g y)))  — z is slot 2, y slot 3.
        let body = Expr::Let {
            first: 3,
            inits: vec![Expr::Seq(vec![Expr::Local(1), Expr::Local(2)])],
            boxed: vec![false],
            body: Box::new(Expr::Continue {
                id: 0,
                args: vec![Expr::Local(3)],
            }),
        };
        let mut after = vec![false; 6];
        after[5] = true;
        assert_eq!(slots(&loop_body(&after, 1, 1, &body)), [1, 2, 5]);
        let mut all = vec![false; 6];
        mentioned(&body, &mut all);
        assert_eq!(slots(&all), [1, 2, 3]);
    }

    #[test]
    fn slots_past_the_cached_ones_are_ignored() {
        let mut set = vec![false; 2];
        mentioned(&Expr::SetLocal(7, Box::new(Expr::Local(1))), &mut set);
        assert_eq!(slots(&set), [1]);
    }
}
