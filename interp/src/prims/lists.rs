//! Pairs and lists (R7RS 6.4): constructors, accessors, the 28 `c[ad]{2,4}r` compositions, list
//! operations and the searches `memq`…`assoc`. Every walk over a list that could be circular
//! either detects the cycle or is bounded by an index.

use super::args::{self, proper_length};
use super::equivalence::{equal, eqv};
use super::{opt, PrimFn, VARIADIC};
use crate::obj::{self, is_pair};
use crate::value::Value;
use crate::vm::{Vm, R};

/// Defines the list primitives and the `%` names the expander emits.
pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("pair?", 1, 1, pair_p),
        ("cons", 2, 2, cons),
        ("car", 1, 1, car),
        ("cdr", 1, 1, cdr),
        ("set-car!", 2, 2, set_car),
        ("set-cdr!", 2, 2, set_cdr),
        ("null?", 1, 1, null_p),
        ("list?", 1, 1, list_p),
        ("make-list", 1, 2, make_list),
        ("list", 0, VARIADIC, list),
        ("length", 1, 1, length),
        ("append", 0, VARIADIC, append),
        ("reverse", 1, 1, reverse),
        ("list-tail", 2, 2, list_tail),
        ("list-ref", 2, 2, list_ref),
        ("list-set!", 3, 3, list_set),
        ("memq", 2, 2, memq),
        ("memv", 2, 2, memv),
        ("member", 2, 3, member),
        ("assq", 2, 2, assq),
        ("assv", 2, 2, assv),
        ("assoc", 2, 3, assoc),
        ("list-copy", 1, 1, list_copy),
    ]);
    vm.def_prims(CXR);
    for (alias, name) in [
        ("%cons", "cons"),
        ("%list", "list"),
        ("%append", "append"),
        ("%memv", "memv"),
    ] {
        vm.def_alias(alias, name);
    }
}

fn pair_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_pair(args[0])))
}

fn cons(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(vm.cons(args[0], args[1]))
}

fn car(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    vm.check(is_pair(args[0]), "car", "a pair", args[0])?;
    Ok(obj::car(args[0]))
}

fn cdr(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    vm.check(is_pair(args[0]), "cdr", "a pair", args[0])?;
    Ok(obj::cdr(args[0]))
}

fn set_car(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    vm.check(is_pair(args[0]), "set-car!", "a pair", args[0])?;
    obj::set_car(args[0], args[1]);
    Ok(Value::VOID)
}

fn set_cdr(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    vm.check(is_pair(args[0]), "set-cdr!", "a pair", args[0])?;
    obj::set_cdr(args[0], args[1]);
    Ok(Value::VOID)
}

/// Generates one primitive per `c[ad]+r` name; the letters between `c` and `r` are applied
/// right to left, as in `(cadr x) = (car (cdr x))`.
macro_rules! cxr {
    ($($name:ident)*) => {
        $(fn $name(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
            cxr_walk(vm, args[0], stringify!($name))
        })*
        const CXR: &[(&str, u32, u32, PrimFn)] = &[$((stringify!($name), 1, 1, $name)),*];
    };
}

cxr! {
    caar cadr cdar cddr
    caaar caadr cadar caddr cdaar cdadr cddar cdddr
    caaaar caaadr caadar caaddr cadaar cadadr caddar cadddr
    cdaaar cdaadr cdadar cdaddr cddaar cddadr cdddar cddddr
}

fn cxr_walk(vm: &mut Vm, x: Value, name: &str) -> R<Value> {
    let mut v = x;
    for op in name[1..name.len() - 1].bytes().rev() {
        vm.check(is_pair(v), name, "a pair", x)?;
        v = if op == b'a' { obj::car(v) } else { obj::cdr(v) };
    }
    Ok(v)
}

fn null_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(args[0].is_null()))
}

fn list_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(proper_length(args[0]).is_some()))
}

fn make_list(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::size(vm, args[0], "make-list")?;
    let fill = opt(args, 1, Value::VOID);
    Ok(vm.list(&vec![fill; n]))
}

fn list(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(vm.list(args))
}

fn length(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    match proper_length(args[0]) {
        Some(n) => Ok(Value::fixnum(n as i32)),
        None => Err(vm.error("length: expected a proper list", &[args[0]])),
    }
}

/// `(append list … obj)`: copies every argument but the last, which becomes the shared tail.
fn append(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let Some((&last, init)) = args.split_last() else {
        return Ok(Value::NIL);
    };
    let mut items = Vec::new();
    for &l in init {
        items.extend(args::list_arg(vm, l, "append")?);
    }
    Ok(vm.list_with_tail(&items, last))
}

fn reverse(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let items = args::list_arg(vm, args[0], "reverse")?;
    let mut acc = Value::NIL;
    // `cons` roots its arguments, so the partial result is safe across the next allocation; the
    // elements are reachable from the (rooted) argument list.
    for &x in &items {
        acc = vm.cons(x, acc);
    }
    Ok(acc)
}

/// What remains of `l` after `k` cdrs (`k` an index argument); an error if the list ends first.
/// Bounded by `k`, so it terminates on circular lists.
fn nth_tail(vm: &mut Vm, l: Value, k: Value, who: &str) -> R<Value> {
    let n = args::fixnum(vm, k, who)?;
    let (mut v, mut ok) = (l, n >= 0);
    for _ in 0..n.max(0) {
        if !is_pair(v) {
            ok = false;
            break;
        }
        v = obj::cdr(v);
    }
    if ok {
        return Ok(v);
    }
    Err(vm.error(&format!("{who}: index out of range"), &[k, l]))
}

fn list_tail(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    nth_tail(vm, args[0], args[1], "list-tail")
}

/// The pair at index `k` of `l`.
fn nth_pair(vm: &mut Vm, l: Value, k: Value, who: &str) -> R<Value> {
    let p = nth_tail(vm, l, k, who)?;
    if !is_pair(p) {
        return Err(vm.error(&format!("{who}: index out of range"), &[k, l]));
    }
    Ok(p)
}

fn list_ref(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(obj::car(nth_pair(vm, args[0], args[1], "list-ref")?))
}

fn list_set(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let p = nth_pair(vm, args[0], args[1], "list-set!")?;
    obj::set_car(p, args[2]);
    Ok(Value::VOID)
}

/// Walks the pairs of `l` until `found(pair)` holds; `#f` at the end of the list. Errors on a
/// circular list (which could never end) rather than looping.
fn find_pair(vm: &mut Vm, l: Value, who: &str, found: impl Fn(Value) -> bool) -> R<Value> {
    let (mut p, mut slow, mut n) = (l, l, 0usize);
    while is_pair(p) {
        if found(p) {
            return Ok(p);
        }
        p = obj::cdr(p);
        n += 1;
        if n.is_multiple_of(2) {
            slow = obj::cdr(slow);
            if slow == p {
                return Err(vm.error(&format!("{who}: circular list"), &[l]));
            }
        }
    }
    Ok(Value::FALSE)
}

fn memq(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let x = args[0];
    find_pair(vm, args[1], "memq", |p| obj::car(p) == x)
}

fn memv(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let x = args[0];
    find_pair(vm, args[1], "memv", |p| eqv(obj::car(p), x))
}

fn member(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let x = args[0];
    match opt(args, 2, Value::DEFAULT) {
        Value::DEFAULT => find_pair(vm, args[1], "member", |p| equal(x, obj::car(p))),
        f => find_pair_by(vm, args[1], "member", x, f, false),
    }
}

/// Like `find_pair` with a Scheme predicate: the first pair `p` where `(f x (car p))` is true, or
/// `(f x (caar p))` for an association list (`alist`). The walk positions are rooted, since the
/// predicate may allocate (and even mutate the list).
fn find_pair_by(vm: &mut Vm, l: Value, who: &str, x: Value, f: Value, alist: bool) -> R<Value> {
    args::procedure_arg(vm, f, who)?;
    let mark = vm.protect(l);
    vm.protect(l);
    let result = find_pair_by_loop(vm, mark, who, x, f, alist);
    vm.unprotect(mark);
    result
}

/// The loop of `find_pair_by`: the current pair is `roots[mark]`, the slow pointer for cycle
/// detection `roots[mark + 1]`.
fn find_pair_by_loop(
    vm: &mut Vm,
    mark: usize,
    who: &str,
    x: Value,
    f: Value,
    alist: bool,
) -> R<Value> {
    let l = vm.roots[mark];
    let mut n = 0usize;
    while is_pair(vm.roots[mark]) {
        let p = vm.roots[mark];
        let mut k = obj::car(p);
        if alist {
            vm.check(is_pair(k), who, "a list of pairs", k)?;
            k = obj::car(k);
        }
        if vm.call(f, &[x, k])?.is_true() {
            return Ok(p);
        }
        vm.roots[mark] = obj::cdr(p);
        n += 1;
        if n.is_multiple_of(2) {
            vm.roots[mark + 1] = obj::cdr(vm.roots[mark + 1]);
            if vm.roots[mark + 1] == vm.roots[mark] {
                return Err(vm.error(&format!("{who}: circular list"), &[l]));
            }
        }
    }
    Ok(Value::FALSE)
}

/// `assq`/`assv`/`assoc` without a predicate: the first entry whose key satisfies `same`.
fn assoc_by(vm: &mut Vm, l: Value, who: &str, same: impl Fn(Value) -> bool) -> R<Value> {
    let bad = std::cell::Cell::new(None);
    let p = find_pair(vm, l, who, |p| {
        let e = obj::car(p);
        if !is_pair(e) {
            bad.set(Some(e));
            return true;
        }
        same(obj::car(e))
    })?;
    if let Some(e) = bad.get() {
        return Err(vm.error(&format!("{who}: expected a list of pairs"), &[e]));
    }
    Ok(if is_pair(p) { obj::car(p) } else { p })
}

fn assq(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let x = args[0];
    assoc_by(vm, args[1], "assq", |k| k == x)
}

fn assv(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let x = args[0];
    assoc_by(vm, args[1], "assv", |k| eqv(k, x))
}

fn assoc(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let x = args[0];
    match opt(args, 2, Value::DEFAULT) {
        Value::DEFAULT => assoc_by(vm, args[1], "assoc", |k| equal(x, k)),
        f => {
            let p = find_pair_by(vm, args[1], "assoc", x, f, true)?;
            Ok(if is_pair(p) { obj::car(p) } else { p })
        }
    }
}

/// Fresh pairs for the spine of a list; an improper tail (or a non-list) is shared as is.
fn list_copy(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    match spine(args[0]) {
        Some((items, tail)) => Ok(vm.list_with_tail(&items, tail)),
        None => Err(vm.error("list-copy: circular list", &[args[0]])),
    }
}

/// The cars along the cdr chain of `l` and what ends it, or `None` if the chain is circular.
fn spine(l: Value) -> Option<(Vec<Value>, Value)> {
    let (mut items, mut p, mut slow) = (Vec::new(), l, l);
    while is_pair(p) {
        items.push(obj::car(p));
        p = obj::cdr(p);
        if items.len().is_multiple_of(2) {
            slow = obj::cdr(slow);
            if slow == p {
                return None;
            }
        }
    }
    Some((items, p))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use crate::print::testkit::{call, datum, eval, run, vm};
    use crate::value::Value;

    /// A fresh circular list `(1 2 3 1 2 3 …)`.
    fn circular(vm: &mut crate::vm::Vm) -> Value {
        let l = datum(vm, "(1 2 3)");
        let last = call(vm, "cddr", &[l]).unwrap();
        run(vm, "set-cdr!", &[last, l]);
        l
    }

    #[test]
    fn pairs_and_accessors() {
        let vm = vm();
        assert_eq!(eval(vm, "cons", &["a", "(b c)"]), "(a b c)");
        assert_eq!(eval(vm, "cons", &["(a b)", "c"]), "((a b) . c)");
        assert_eq!(eval(vm, "car", &["(1 . 2)"]), "1");
        assert_eq!(eval(vm, "cdr", &["(1 . 2)"]), "2");
        assert_eq!(eval(vm, "car", &["()"]), "error: car: expected a pair");
        assert_eq!(eval(vm, "pair?", &["#(a b)"]), "#f");
        assert_eq!(eval(vm, "null?", &["()"]), "#t");
        let x = datum(vm, "(a b c)");
        let one = Value::fixnum(1);
        run(vm, "set-car!", &[x, one]);
        let tail = datum(vm, "(d . e)");
        let last = call(vm, "cddr", &[x]).unwrap();
        run(vm, "set-cdr!", &[last, tail]);
        assert_eq!(run(vm, "list", &[x]), "((1 b c d . e))");
    }

    #[test]
    fn cxr_compositions() {
        let vm = vm();
        let t = "(((aaaa . aaad) aada . aadd) (daaa . daad) dada . dadd)";
        assert_eq!(eval(vm, "caar", &[t]), "(aaaa . aaad)");
        assert_eq!(eval(vm, "cadr", &[t]), "(daaa . daad)");
        assert_eq!(eval(vm, "caaar", &[t]), "aaaa");
        assert_eq!(eval(vm, "cdaar", &[t]), "aaad");
        assert_eq!(eval(vm, "cdddr", &[t]), "dadd");
        assert_eq!(eval(vm, "cadddr", &["(1 2 3 4 5)"]), "4");
        assert_eq!(eval(vm, "cddddr", &["(1 2 3 4 5)"]), "(5)");
        assert_eq!(
            eval(vm, "caddr", &["(1 2)"]),
            "error: caddr: expected a pair"
        );
        assert_eq!(super::CXR.len(), 28);
    }

    #[test]
    fn lengths_and_circularity() {
        let vm = vm();
        assert_eq!(eval(vm, "length", &["(a (b) (c d e))"]), "3");
        assert_eq!(eval(vm, "length", &["()"]), "0");
        assert_eq!(
            eval(vm, "length", &["(1 2 . 3)"]),
            "error: length: expected a proper list"
        );
        assert_eq!(eval(vm, "list?", &["(a . b)"]), "#f");
        assert_eq!(eval(vm, "list?", &["(a b)"]), "#t");
        let c = circular(vm);
        assert_eq!(run(vm, "list?", &[c]), "#f");
        assert_eq!(
            run(vm, "length", &[c]),
            "error: length: expected a proper list"
        );
        assert_eq!(
            run(vm, "list-copy", &[c]),
            "error: list-copy: circular list"
        );
        let four = Value::fixnum(4);
        assert_eq!(run(vm, "memq", &[four, c]), "error: memq: circular list");
        assert_eq!(run(vm, "list-ref", &[c, four]), "2");
    }

    #[test]
    fn list_operations() {
        let vm = vm();
        assert_eq!(eval(vm, "make-list", &["2", "3"]), "(3 3)");
        assert_eq!(
            eval(vm, "make-list", &["-1"]),
            "error: make-list: expected an exact non-negative integer"
        );
        assert_eq!(eval(vm, "list", &[]), "()");
        assert_eq!(eval(vm, "append", &["(a b)", "(c . d)"]), "(a b c . d)");
        assert_eq!(eval(vm, "append", &["()", "a"]), "a");
        assert_eq!(eval(vm, "append", &[]), "()");
        assert_eq!(
            eval(vm, "append", &["()", "()", "(1)", "()", "(2 3)"]),
            "(1 2 3)"
        );
        assert_eq!(
            eval(vm, "append", &["(1 . 2)", "(3)"]),
            "error: append: expected a proper list"
        );
        let tail = datum(vm, "(shared)");
        let front = datum(vm, "(1 2)");
        let joined = call(vm, "append", &[front, tail]).unwrap();
        assert_eq!(crate::obj::cdr(crate::obj::cdr(joined)), tail);
        assert_eq!(
            eval(vm, "reverse", &["(a (b c) d (e (f)))"]),
            "((e (f)) d (b c) a)"
        );
        assert_eq!(eval(vm, "list-tail", &["(a b c d)", "2"]), "(c d)");
        assert_eq!(eval(vm, "list-tail", &["(a b)", "2"]), "()");
        assert_eq!(
            eval(vm, "list-tail", &["(a b)", "3"]),
            "error: list-tail: index out of range"
        );
        assert_eq!(eval(vm, "list-ref", &["(a b c d)", "2"]), "c");
        assert_eq!(
            eval(vm, "list-ref", &["(a b)", "2"]),
            "error: list-ref: index out of range"
        );
        assert_eq!(
            eval(vm, "list-ref", &["(a b)", "-1"]),
            "error: list-ref: index out of range"
        );
        let ls = datum(vm, "(one two five!)");
        let (two, three) = (Value::fixnum(2), datum(vm, "three"));
        run(vm, "list-set!", &[ls, two, three]);
        assert_eq!(run(vm, "list", &[ls]), "((one two three))");
        let a = datum(vm, "(1 8 2 8)");
        let b = call(vm, "list-copy", &[a]).unwrap();
        assert_ne!(a, b);
        assert_eq!(run(vm, "list", &[b]), "((1 8 2 8))");
        assert_eq!(eval(vm, "list-copy", &["(1 2 . 3)"]), "(1 2 . 3)");
        assert_eq!(eval(vm, "list-copy", &["5"]), "5");
        assert_eq!(eval(vm, "%list", &["1", "2"]), "(1 2)");
        assert_eq!(eval(vm, "%cons", &["1", "2"]), "(1 . 2)");
        assert_eq!(eval(vm, "%append", &["(1)", "(2)"]), "(1 2)");
    }

    #[test]
    fn searches() {
        let vm = vm();
        assert_eq!(eval(vm, "memq", &["b", "(a b c)"]), "(b c)");
        assert_eq!(eval(vm, "memq", &["z", "()"]), "#f");
        assert_eq!(eval(vm, "memq", &["c", "(a b c . d)"]), "(c . d)");
        assert_eq!(eval(vm, "memv", &["101", "(100 101 102)"]), "(101 102)");
        assert_eq!(eval(vm, "%memv", &["101", "(100 101 102)"]), "(101 102)");
        assert_eq!(eval(vm, "member", &["(a)", "(b (a) c)"]), "((a) c)");
        assert_eq!(eval(vm, "memq", &["(a)", "(b (a) c)"]), "#f");
        let ci = vm.global_value("string-ci=?").unwrap();
        let (b, l) = (datum(vm, "\"B\""), datum(vm, "(\"a\" \"b\" \"c\")"));
        assert_eq!(run(vm, "member", &[b, l, ci]), "(\"b\" \"c\")");
        assert_eq!(run(vm, "member", &[b, l]), "#f");
        let e = "((a 1) (b 2) (c 3))";
        assert_eq!(eval(vm, "assq", &["b", e]), "(b 2)");
        assert_eq!(eval(vm, "assq", &["d", e]), "#f");
        assert_eq!(eval(vm, "assv", &["5", "((2 3) (5 7))"]), "(5 7)");
        assert_eq!(eval(vm, "assoc", &["(a)", "(((a)) ((b)))"]), "((a))");
        assert_eq!(eval(vm, "assq", &["k", "((k . 1) (k . 2))"]), "(k . 1)");
        assert_eq!(
            eval(vm, "assq", &["x", "((a . 1) b)"]),
            "error: assq: expected a list of pairs"
        );
        let (key, alist) = (datum(vm, "\"B\""), datum(vm, "((\"a\" . 1) (\"b\" . 2))"));
        assert_eq!(run(vm, "assoc", &[key, alist, ci]), "(\"b\" . 2)");
        let vector_ref = vm.global_value("vector-ref").unwrap();
        assert_eq!(
            run(vm, "member", &[key, alist, vector_ref]),
            "error: vector-ref: expected a vector"
        );
    }
}
