//! Vectors (R7RS 6.8): construction, access, conversion, copying, `vector-map` and
//! `vector-for-each`.

use super::args::{self, range};
use super::{opt, VARIADIC};
use crate::heap::object::tag;
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Defines the vector primitives.
pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("vector?", 1, 1, vector_p),
        ("make-vector", 1, 2, make_vector),
        ("vector", 0, VARIADIC, vector),
        ("vector-length", 1, 1, vector_length),
        ("vector-ref", 2, 2, vector_ref),
        ("vector-set!", 3, 3, vector_set),
        ("vector->list", 1, 3, vector_to_list),
        ("list->vector", 1, 1, list_to_vector),
        ("vector-fill!", 2, 4, vector_fill),
        ("vector-copy", 1, 3, vector_copy),
        ("vector-copy!", 3, 5, vector_copy_to),
        ("vector-append", 0, VARIADIC, vector_append),
        ("vector-map", 2, VARIADIC, vector_map),
        ("vector-for-each", 2, VARIADIC, vector_for_each),
    ]);
    vm.def_alias("%list->vector", "list->vector");
}

fn vector_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(obj::is(args[0], tag::VECTOR)))
}

fn make_vector(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::size(vm, args[0], "make-vector")?;
    Ok(vm.vector(n, opt(args, 1, Value::VOID)))
}

fn vector(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(vm.vector_of(args))
}

fn vector_length(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::vector_arg(vm, args[0], "vector-length")?;
    Ok(Value::fixnum(n as i32))
}

fn vector_ref(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::vector_arg(vm, args[0], "vector-ref")?;
    let k = args::index(vm, args[1], args[0], "vector-ref", n)?;
    Ok(obj::elem(args[0], k as u32))
}

fn vector_set(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::vector_arg(vm, args[0], "vector-set!")?;
    let k = args::index(vm, args[1], args[0], "vector-set!", n)?;
    obj::set_elem(args[0], k as u32, args[2]);
    Ok(Value::VOID)
}

/// The elements of vector `args[0]` in the optional range at `args[i..]`. They stay reachable
/// through the (rooted) vector argument while the caller allocates.
fn elements(vm: &mut Vm, args: &[Value], i: usize, who: &str) -> R<Vec<Value>> {
    let n = args::vector_arg(vm, args[0], who)?;
    let (start, end) = range(vm, args, i, n, who)?;
    Ok((start..end).map(|k| obj::elem(args[0], k as u32)).collect())
}

fn vector_to_list(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let items = elements(vm, args, 1, "vector->list")?;
    Ok(vm.list(&items))
}

fn list_to_vector(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let items = args::list_arg(vm, args[0], "list->vector")?;
    Ok(vm.vector_of(&items))
}

fn vector_fill(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::vector_arg(vm, args[0], "vector-fill!")?;
    let (start, end) = range(vm, args, 2, n, "vector-fill!")?;
    for k in start..end {
        obj::set_elem(args[0], k as u32, args[1]);
    }
    Ok(Value::VOID)
}

fn vector_copy(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let items = elements(vm, args, 1, "vector-copy")?;
    Ok(vm.vector_of(&items))
}

/// `(vector-copy! to at from [start end])`; the source is read first, so overlapping copies
/// within one vector work.
fn vector_copy_to(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let to_len = args::vector_arg(vm, args[0], "vector-copy!")?;
    let at = args::index(vm, args[1], args[0], "vector-copy!", to_len + 1)?;
    let items = elements(vm, &args[2..], 1, "vector-copy!")?;
    if items.len() > to_len - at {
        return Err(vm.error(
            "vector-copy!: source does not fit in the destination",
            &[args[0], args[1]],
        ));
    }
    for (i, &x) in items.iter().enumerate() {
        obj::set_elem(args[0], (at + i) as u32, x);
    }
    Ok(Value::VOID)
}

fn vector_append(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let mut items = Vec::new();
    for &v in args {
        let n = args::vector_arg(vm, v, "vector-append")?;
        items.extend((0..n).map(|k| obj::elem(v, k as u32)));
    }
    if items.len() > args::MAX_LENGTH {
        return Err(vm.error("vector-append: length too large", &[]));
    }
    Ok(vm.vector_of(&items))
}

/// Checks `(f vec …)` arguments; the length of the shortest vector.
fn shortest(vm: &mut Vm, args: &[Value], who: &str) -> R<usize> {
    args::procedure_arg(vm, args[0], who)?;
    let mut n = usize::MAX;
    for &v in &args[1..] {
        n = n.min(args::vector_arg(vm, v, who)?);
    }
    Ok(n)
}

/// `vector-map`: stackless (`control::iterate`).
fn vector_map(vm: &mut Vm, args: &[Value], fslot: usize) -> R<Value> {
    shortest(vm, args, "vector-map")?;
    crate::control::iterate::vectors(vm, args, fslot, crate::vm::kont::Kind::VectorMap)
}

/// `vector-for-each`: stackless (`control::iterate`).
fn vector_for_each(vm: &mut Vm, args: &[Value], fslot: usize) -> R<Value> {
    shortest(vm, args, "vector-for-each")?;
    crate::control::iterate::vectors(vm, args, fslot, crate::vm::kont::Kind::VectorForEach)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use crate::print::testkit::{datum, eval, run, vm};
    use crate::value::Value;

    #[test]
    fn access_and_conversion() {
        let vm = vm();
        assert_eq!(eval(vm, "make-vector", &["2", "a"]), "#(a a)");
        assert_eq!(eval(vm, "vector", &["1", "(2)"]), "#(1 (2))");
        assert_eq!(eval(vm, "vector-length", &["#(1 2 3)"]), "3");
        assert_eq!(eval(vm, "vector-ref", &["#(1 2 3)", "2"]), "3");
        assert_eq!(
            eval(vm, "vector-ref", &["#(1 2 3)", "3"]),
            "error: vector-ref: index out of range"
        );
        assert_eq!(
            eval(vm, "vector-ref", &["(1)", "0"]),
            "error: vector-ref: expected a vector"
        );
        assert_eq!(eval(vm, "vector->list", &["#(a b c d)", "1", "3"]), "(b c)");
        assert_eq!(
            eval(vm, "vector->list", &["#(a b)", "1", "3"]),
            "error: vector->list: index out of range"
        );
        assert_eq!(eval(vm, "list->vector", &["(a (b))"]), "#(a (b))");
        assert_eq!(eval(vm, "%list->vector", &["(1)"]), "#(1)");
        assert_eq!(eval(vm, "vector-copy", &["#(1 2 3)", "1"]), "#(2 3)");
        assert_eq!(
            eval(vm, "vector-append", &["#(1)", "#()", "#(2 3)"]),
            "#(1 2 3)"
        );
        assert_eq!(
            eval(vm, "make-vector", &["100000000"]),
            "error: make-vector: length too large"
        );
    }

    #[test]
    fn mutation() {
        let vm = vm();
        let v = datum(vm, "#(1 2 3 4 5)");
        let (zero, one, two, three) = (
            Value::fixnum(0),
            Value::fixnum(1),
            Value::fixnum(2),
            Value::fixnum(3),
        );
        run(vm, "vector-copy!", &[v, one, v, zero, three]);
        assert_eq!(run(vm, "vector-copy", &[v]), "#(1 1 2 3 5)");
        run(vm, "vector-copy!", &[v, zero, v, two]);
        assert_eq!(run(vm, "vector-copy", &[v]), "#(2 3 5 3 5)");
        assert_eq!(
            run(vm, "vector-copy!", &[v, three, v]),
            "error: vector-copy!: source does not fit in the destination"
        );
        let x = datum(vm, "x");
        run(vm, "vector-fill!", &[v, x, one, three]);
        assert_eq!(run(vm, "vector-copy", &[v]), "#(2 x x 3 5)");
        run(vm, "vector-set!", &[v, zero, v]);
        assert_eq!(run(vm, "vector-copy", &[v, one]), "#(x x 3 5)");
    }

    #[test]
    fn map_and_for_each() {
        let vm = vm();
        // `list` allocates a fresh result per element: under GC stress they must stay rooted.
        let list = vm.global_value("list").unwrap();
        let a = datum(vm, "#(1 2 3)");
        let b = datum(vm, "#(a b)");
        assert_eq!(run(vm, "vector-map", &[list, a, b]), "#((1 a) (2 b))");
        assert_eq!(run(vm, "vector-for-each", &[list, a, b]), "#<unspecified>");
        let car = vm.global_value("car").unwrap();
        assert_eq!(
            run(vm, "vector-map", &[car, a]),
            "error: car: expected a pair"
        );
        assert_eq!(
            run(vm, "vector-map", &[a, a]),
            "error: vector-map: expected a procedure"
        );
    }
}
