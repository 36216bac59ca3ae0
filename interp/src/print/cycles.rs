//! Finding the objects that need datum labels.
//!
//! A depth-first walk in printing order (car before cdr, elements left to right) finds the targets
//! of back edges: objects reached again while still being walked. Those are exactly the objects
//! that must be labelled for the output to terminate, and each is printed (with `#n=`) before any
//! reference to it (`#n#`), because it is an ancestor of the reference. For `write-shared` every
//! object reached twice is labelled.
//!
//! Most printed data is small and acyclic: a bounded walk without bookkeeping proves that first,
//! and only data it cannot finish pays for the full walk with a visited map.

use super::Labels;
use crate::heap::object::{error, tag};
use crate::obj::{self, type_of};
use crate::value::Value;
use std::collections::{HashMap, HashSet};

/// Values the bounded walk may visit before giving up (cyclic data never finishes it).
const TREE_BUDGET: usize = 100_000;

/// The addresses of the objects in `v` that need labels.
pub fn find_labels(v: Value, labels: Labels) -> HashSet<u32> {
    if labels == Labels::Never || !is_container(v) || (labels == Labels::Cycles && is_small_tree(v))
    {
        return HashSet::new();
    }
    walk(v, labels == Labels::Shared)
}

/// Objects whose contents are printed (and so can make a cycle).
fn is_container(v: Value) -> bool {
    matches!(
        type_of(v),
        tag::PAIR | tag::VECTOR | tag::VALUES | tag::ERROR
    )
}

/// Child `i` of a container, in printing order; `None` past the last.
fn child(v: Value, i: u32) -> Option<Value> {
    match type_of(v) {
        tag::PAIR => match i {
            0 => Some(obj::car(v)),
            1 => Some(obj::cdr(v)),
            _ => None,
        },
        tag::VECTOR | tag::VALUES => (i < obj::length(v)).then(|| obj::elem(v, i)),
        // An error object prints its message (a string) and its irritants list.
        tag::ERROR => (i == 0).then(|| obj::load_field(v, error::IRRITANTS)),
        _ => None,
    }
}

/// Whether `v` is a tree (no object reached twice) of fewer than `TREE_BUDGET` values.
fn is_small_tree(v: Value) -> bool {
    let mut todo = vec![v];
    let mut seen = 0usize;
    while let Some(x) = todo.pop() {
        let mut i = 0;
        while let Some(c) = child(x, i) {
            seen += 1;
            if seen > TREE_BUDGET {
                return false;
            }
            if is_container(c) {
                todo.push(c);
            }
            i += 1;
        }
    }
    true
}

/// The full walk: labels back-edge targets, and with `shared` every object reached twice.
fn walk(root: Value, shared: bool) -> HashSet<u32> {
    let mut w = Walk {
        finished: HashMap::new(),
        labels: HashSet::new(),
        path: Vec::new(),
        shared,
    };
    w.enter(root);
    while let Some(&(v, i)) = w.path.last() {
        match child(v, i) {
            Some(c) => {
                let n = w.path.len();
                w.path[n - 1].1 += 1;
                w.enter(c);
            }
            None => {
                w.path.pop();
                w.finished.insert(v.0, true);
            }
        }
    }
    w.labels
}

/// State of the full walk.
struct Walk {
    /// Containers seen so far: `false` while on the current path, `true` once finished.
    finished: HashMap<u32, bool>,
    labels: HashSet<u32>,
    /// The current path: each container with the index of its next child.
    path: Vec<(Value, u32)>,
    shared: bool,
}

impl Walk {
    /// Visits `v`: labels it if it closes a cycle (or, with `shared`, is seen again).
    fn enter(&mut self, v: Value) {
        if !is_container(v) {
            return;
        }
        match self.finished.get(&v.0) {
            Some(false) => {
                self.labels.insert(v.0);
            }
            Some(true) => {
                if self.shared {
                    self.labels.insert(v.0);
                }
            }
            None => {
                self.finished.insert(v.0, false);
                self.path.push((v, 0));
            }
        }
    }
}
