//! `procedure?`, `apply`, multiple values and `case-lambda` (`map` and `for-each`: `iterate`).

use crate::heap::object::{case_lambda, store, tag};
use crate::obj;
use crate::prims::VARIADIC;
use crate::value::Value;
use crate::vm::kont::{Buf, Kind};
use crate::vm::{Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("procedure?", 1, 1, procedure_p),
        // R7RS: `(apply proc arg1 … args)` — the list of arguments is not optional.
        ("apply", 2, VARIADIC, apply),
        ("%apply", 2, VARIADIC, apply),
        ("map", 2, VARIADIC, super::iterate::map),
        ("for-each", 2, VARIADIC, super::iterate::for_each),
        ("values", 0, VARIADIC, values),
        ("%values", 0, VARIADIC, values),
        ("call-with-values", 2, 2, call_with_values),
        ("%call-with-values", 2, 2, call_with_values),
        ("%case-lambda", 1, VARIADIC, case_lambda),
        ("%values-ref", 4, 4, values_ref),
        ("%values-tail", 2, 2, values_tail),
    ]);
}

/// How many values `v` (a producer's result) is.
fn values_count(v: Value) -> usize {
    if obj::is(v, tag::VALUES) {
        obj::length(v) as usize
    } else {
        1
    }
}

/// `(%values-ref vals i n exact)` (`let-values`): value `i` of `vals`, which must be exactly
/// `n` values (`exact` true) or at least `n`; else the error a consumer of `n` parameters
/// (and a rest parameter unless `exact`) gets.
fn values_ref(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let (v, i, n) = (
        a[0],
        a[1].fixnum_value() as usize,
        a[2].fixnum_value() as usize,
    );
    let m = values_count(v);
    let exact = a[3] != Value::FALSE;
    if m < n || (exact && m != n) {
        return Err(count_error(vm, n, exact, m));
    }
    Ok(if obj::is(v, tag::VALUES) {
        obj::elem(v, i as u32)
    } else {
        v
    })
}

/// `(%values-tail vals n)` (`let-values` with a rest parameter): the values of `vals` from
/// the `n`th on, as a fresh list; at least `n` of them.
fn values_tail(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let (v, n) = (a[0], a[1].fixnum_value() as usize);
    let m = values_count(v);
    if m < n {
        return Err(count_error(vm, n, false, m));
    }
    if !obj::is(v, tag::VALUES) {
        return Ok(if n == 0 { vm.list(&[v]) } else { Value::NIL });
    }
    let items: Vec<Value> = (n..m).map(|i| obj::elem(v, i as u32)).collect();
    Ok(vm.list(&items))
}

fn count_error(vm: &mut Vm, n: usize, exact: bool, got: usize) -> crate::vm::Unwind {
    let expected = if exact {
        n.to_string()
    } else {
        format!("at least {n}")
    };
    vm.error(
        &format!("let-values: wrong number of values (expected {expected}, got {got})"),
        &[],
    )
}

fn procedure_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(obj::is_procedure(a[0])))
}

/// `(apply f a … list)`: a proper tail call to `f` (the arity check gave it at least 2 arguments).
/// The arguments gather in a [`Buf`]: no Rust heap allocation for the usual few (`apply` is
/// how interpreters written in Scheme call their primitives, once per call).
fn apply(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let (&last, init) = a.split_last().expect("apply has at least 2 arguments");
    let mut args = Buf::new();
    args.extend(&init[1..]);
    if !args.push_list(last) {
        return Err(vm.error(
            "apply: expected a proper list as the last argument",
            &[last],
        ));
    }
    vm.tail_call(fslot, init[0], args.as_slice())
}

fn values(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if a.len() == 1 {
        Ok(a[0])
    } else {
        Ok(vm.values(a))
    }
}

/// The values a producer returned, as a vector of arguments.
pub fn spread_values(v: Value) -> Vec<Value> {
    if obj::is(v, tag::VALUES) {
        (0..obj::length(v)).map(|i| obj::elem(v, i)).collect()
    } else {
        vec![v]
    }
}

/// `(call-with-values producer consumer)`: calls the producer from a continuation frame
/// (`vm::kont`) holding the consumer, which `resume_call_with_values` tail-calls.
fn call_with_values(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let (producer, consumer) = (a[0], a[1]);
    vm.call_then(fslot, Kind::CallWithValues, &[consumer], producer, &[])
}

/// The producer of the `call-with-values` frame at `kfp` returned `v`.
pub fn resume_call_with_values(vm: &mut Vm, kfp: usize, v: Value) -> R<Value> {
    let consumer = vm.kont_get(kfp, 0);
    let args = spread_values(v);
    vm.tail_call(kfp - 4, consumer, &args)
}

fn case_lambda(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    for &c in a {
        vm.check(obj::is(c, tag::CLOSURE), "case-lambda", "a lambda", c)?;
    }
    let addr = vm.alloc(tag::CASE_LAMBDA, case_lambda::size(a.len() as u32), a);
    store(addr, case_lambda::CODE, crate::jit_glue::generic_code());
    store(addr, case_lambda::COUNT, a.len() as u32);
    for (i, c) in a.iter().enumerate() {
        store(addr, case_lambda::clause(i as u32), c.0);
    }
    Ok(Value(addr))
}
