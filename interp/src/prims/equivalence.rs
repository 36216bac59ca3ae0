//! Equivalence predicates and booleans (R7RS 6.1, 6.3): `eq?`, `eqv?`, `equal?`, `not`,
//! `boolean?`, `boolean=?`.
//!
//! `equal?` must terminate on circular structure. It walks with an explicit work stack (no Rust
//! recursion, so long lists and deep nesting are fine) and, once a walk has visited more than
//! `FAST_STEPS` containers, starts recording the pairs of containers it assumes equal in a
//! union-find: a pair already in one class is not explored again. Every exploration then merges two
//! classes, so the walk ends (the "union-find" algorithm of Adams & Dybvig, 2008).

use crate::heap::object::tag;
use crate::numeric::to_number;
use crate::obj::{self, type_of};
use crate::value::Value;
use crate::vm::{Vm, R};
use std::collections::HashMap;

/// Containers compared before cycle bookkeeping starts: small data never pays for the map.
const FAST_STEPS: usize = 10_000;

/// Defines the equivalence and boolean primitives.
pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("eq?", 2, 2, eq_p),
        ("eqv?", 2, 2, eqv_p),
        ("equal?", 2, 2, equal_p),
        ("not", 1, 1, not),
        ("boolean?", 1, 1, boolean_p),
        ("boolean=?", 2, super::VARIADIC, boolean_eq),
    ]);
    vm.def_alias("%eqv?", "eqv?");
}

fn eq_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(args[0] == args[1]))
}

fn eqv_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(eqv(args[0], args[1])))
}

fn equal_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(equal(args[0], args[1])))
}

fn not(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(args[0] == Value::FALSE))
}

fn boolean_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(args[0].is_bool()))
}

fn boolean_eq(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    for &b in args {
        vm.check(b.is_bool(), "boolean=?", "a boolean", b)?;
    }
    Ok(Value::bool(args.windows(2).all(|w| w[0] == w[1])))
}

/// Whether `v` is a number stored on the heap (flonum, bignum, ratnum): the only objects `eqv?`
/// compares by value.
pub(crate) fn is_boxed_number(v: Value) -> bool {
    matches!(type_of(v), tag::FLONUM | tag::BIGNUM | tag::RATNUM)
}

/// `eqv?`: identity, except that numbers of the same exactness compare by value (flonums by bit
/// pattern, so `0.0` and `-0.0` differ, while any two NaNs are the same).
pub fn eqv(a: Value, b: Value) -> bool {
    if a == b {
        return true;
    }
    if !(is_boxed_number(a) || is_boxed_number(b)) {
        return false;
    }
    let (fa, fb) = (obj::is(a, tag::FLONUM), obj::is(b, tag::FLONUM));
    if fa || fb {
        if !(fa && fb) {
            return false;
        }
        let (x, y) = (obj::flonum(a), obj::flonum(b));
        return x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
    }
    match (to_number(a), to_number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// `equal?`: structural equality of pairs, vectors, strings and bytevectors, `eqv?` elsewhere.
/// Terminates on circular structure (see the module docs).
pub fn equal(a: Value, b: Value) -> bool {
    // Lists whose elements are atoms (the common case: keys of `assoc`/`member`, symbol lists)
    // are compared in this loop, which allocates nothing; the first nested container, or
    // `FAST_STEPS` pairs (a long or circular list), hands over to the general walk.
    let (mut x, mut y) = (a, b);
    for steps in 0..FAST_STEPS {
        if x == y {
            return true;
        }
        if !(obj::is_pair(x) && obj::is_pair(y)) {
            if let Some(same) = equal_atoms(x, y) {
                return same;
            }
            return equal_walk(x, y, steps);
        }
        match equal_atoms(obj::car(x), obj::car(y)) {
            Some(true) => {}
            Some(false) => return false,
            None => return equal_walk(x, y, steps),
        }
        (x, y) = (obj::cdr(x), obj::cdr(y));
    }
    equal_walk(x, y, FAST_STEPS)
}

/// The general `equal?` walk from `a` and `b` (containers), `steps` containers already compared.
fn equal_walk(a: Value, b: Value, mut steps: usize) -> bool {
    let mut work = vec![(a, b)];
    let mut classes = UnionFind::default();
    while let Some((x, y)) = work.pop() {
        match equal_atoms(x, y) {
            Some(true) => continue,
            Some(false) => return false,
            None => {}
        }
        steps += 1;
        if steps > FAST_STEPS && !classes.union(x.0, y.0) {
            continue;
        }
        if !push_children(&mut work, x, y) {
            return false;
        }
    }
    true
}

/// `equal?` of `x` and `y` unless both are pairs or both vectors (`None`: compare the contents).
fn equal_atoms(x: Value, y: Value) -> Option<bool> {
    if eqv(x, y) {
        return Some(true);
    }
    let t = type_of(x);
    if t != type_of(y) {
        return Some(false);
    }
    match t {
        tag::STRING => Some(obj::string(x).as_str() == obj::string(y).as_str()),
        tag::BYTEVECTOR => Some(obj::bytes(x) == obj::bytes(y)),
        tag::PAIR | tag::VECTOR => None,
        _ => Some(false),
    }
}

/// Queues the components of two pairs or two vectors; false if the vectors differ in length.
fn push_children(work: &mut Vec<(Value, Value)>, x: Value, y: Value) -> bool {
    if obj::is_pair(x) {
        // The cdr goes first so the car is compared first and a long list keeps the stack short.
        work.push((obj::cdr(x), obj::cdr(y)));
        work.push((obj::car(x), obj::car(y)));
        return true;
    }
    let n = obj::length(x);
    if n != obj::length(y) {
        return false;
    }
    for i in (0..n).rev() {
        work.push((obj::elem(x, i), obj::elem(y, i)));
    }
    true
}

/// Disjoint sets of object addresses: the containers assumed equal so far.
#[derive(Default)]
struct UnionFind {
    parent: HashMap<u32, u32>,
}

impl UnionFind {
    fn find(&mut self, x: u32) -> u32 {
        let mut root = x;
        while let Some(&p) = self.parent.get(&root) {
            if p == root {
                break;
            }
            root = p;
        }
        // Path compression keeps later finds short.
        let mut y = x;
        while y != root {
            let next = self.parent.get(&y).copied().unwrap_or(root);
            self.parent.insert(y, root);
            y = next;
        }
        root
    }

    /// Merges the classes of `x` and `y`; false if they were already one class.
    fn union(&mut self, x: u32, y: u32) -> bool {
        let (rx, ry) = (self.find(x), self.find(y));
        if rx == ry {
            return false;
        }
        self.parent.insert(rx, ry);
        true
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod vm_tests {
    use crate::print::testkit::{call, datum, eval, run, vm};
    use crate::value::Value;
    use crate::vm::Vm;

    /// `(set-cdr! (last-pair l) l)` on a fresh copy of `text`.
    fn circular(vm: &mut Vm, text: &str) -> Value {
        let l = datum(vm, text);
        let mut last = l;
        while crate::obj::is_pair(crate::obj::cdr(last)) {
            last = crate::obj::cdr(last);
        }
        crate::obj::set_cdr(last, l);
        l
    }

    /// A flonum, protected for the rest of the run.
    fn flo(vm: &mut Vm, x: f64) -> Value {
        let v = vm.flonum(x);
        vm.protect(v);
        v
    }

    #[test]
    fn eqv_on_numbers_and_objects() {
        let vm = vm();
        assert_eq!(eval(vm, "eqv?", &["a", "a"]), "#t");
        assert_eq!(eval(vm, "eqv?", &["2", "2"]), "#t");
        assert_eq!(eval(vm, "eqv?", &["\"\"", "\"\""]), "#f");
        assert_eq!(eval(vm, "eq?", &["()", "()"]), "#t");
        assert_eq!(eval(vm, "eqv?", &["(1)", "(1)"]), "#f");
        let (a, b) = (flo(vm, 1.5), flo(vm, 1.5));
        let (z, nz) = (flo(vm, 0.0), flo(vm, -0.0));
        let (nan1, nan2) = (flo(vm, f64::NAN), flo(vm, -f64::NAN));
        assert!(super::eqv(a, b));
        assert!(!super::eqv(z, nz));
        assert!(super::eqv(nan1, nan2));
        let two = flo(vm, 2.0);
        assert!(!super::eqv(Value::fixnum(2), two));
        let big1 = vm.number(crate::num::Number::Big(
            num_bigint::BigInt::from(10u8).pow(30),
        ));
        vm.protect(big1);
        let big2 = vm.number(crate::num::Number::Big(
            num_bigint::BigInt::from(10u8).pow(30),
        ));
        vm.protect(big2);
        assert!(big1 != big2 && super::eqv(big1, big2));
        assert_eq!(run(vm, "%eqv?", &[big1, big2]), "#t");
    }

    #[test]
    fn equal_on_trees() {
        let vm = vm();
        assert_eq!(eval(vm, "equal?", &["(a (b) c)", "(a (b) c)"]), "#t");
        assert_eq!(eval(vm, "equal?", &["\"abc\"", "\"abc\""]), "#t");
        assert_eq!(eval(vm, "equal?", &["\"abc\"", "\"abC\""]), "#f");
        assert_eq!(
            eval(vm, "equal?", &["#(1 #(2 \"x\"))", "#(1 #(2 \"x\"))"]),
            "#t"
        );
        assert_eq!(eval(vm, "equal?", &["#(1 2)", "#(1 2 3)"]), "#f");
        assert_eq!(eval(vm, "equal?", &["#u8(1 2 3)", "#u8(1 2 3)"]), "#t");
        assert_eq!(eval(vm, "equal?", &["#u8(1 2)", "#u8(1 2 3)"]), "#f");
        assert_eq!(eval(vm, "equal?", &["(1 2 . 3)", "(1 2 . 3)"]), "#t");
        assert_eq!(eval(vm, "equal?", &["(#())", "(())"]), "#f");
        // Collecting at each of 100,000 allocations would take minutes: no stress here.
        vm.heap.set_stress(false);
        let long: String = format!("({})", "x ".repeat(50_000));
        assert_eq!(eval(vm, "equal?", &[&long, &long]), "#t");
        vm.heap.set_stress(true);
    }

    #[test]
    fn equal_terminates_on_cycles() {
        let vm = vm();
        let a = circular(vm, "(1 2)");
        let b = circular(vm, "(1 2 1 2)");
        let c = circular(vm, "(1 2 1 3)");
        assert_eq!(run(vm, "equal?", &[a, b]), "#t");
        assert_eq!(run(vm, "equal?", &[a, c]), "#f");
        // A vector that contains itself, against a fresh copy of the same shape.
        let v = datum(vm, "#(0 0)");
        let w = datum(vm, "#(0 0)");
        crate::obj::set_elem(v, 1, v);
        crate::obj::set_elem(w, 1, w);
        assert_eq!(run(vm, "equal?", &[v, w]), "#t");
        crate::obj::set_elem(w, 0, Value::fixnum(1));
        assert_eq!(run(vm, "equal?", &[v, w]), "#f");
        let _ = call(vm, "list", &[a, v]);
    }

    #[test]
    fn booleans() {
        let vm = vm();
        assert_eq!(eval(vm, "not", &["#f"]), "#t");
        assert_eq!(eval(vm, "not", &["()"]), "#f");
        assert_eq!(eval(vm, "boolean?", &["0"]), "#f");
        assert_eq!(eval(vm, "boolean=?", &["#f", "#f", "#f"]), "#t");
        assert_eq!(eval(vm, "boolean=?", &["#t", "#t", "#f"]), "#f");
        assert_eq!(
            eval(vm, "boolean=?", &["#t", "1"]),
            "error: boolean=?: expected a boolean"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::UnionFind;

    #[test]
    fn union_find_merges_transitively() {
        let mut u = UnionFind::default();
        assert!(u.union(8, 16));
        assert!(u.union(16, 24));
        assert!(!u.union(8, 24), "8 and 24 are already one class");
        assert!(u.union(32, 8));
        assert_eq!(u.find(32), u.find(24));
        assert_ne!(u.find(40), u.find(8));
    }
}
