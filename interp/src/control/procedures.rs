//! `procedure?`, `apply`, `map`, `for-each`, multiple values and `case-lambda`.

use crate::heap::object::{case_lambda, store, tag};
use crate::obj;
use crate::prims::VARIADIC;
use crate::value::Value;
use crate::vm::{Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("procedure?", 1, 1, procedure_p),
        ("apply", 1, VARIADIC, apply),
        ("%apply", 1, VARIADIC, apply),
        ("map", 2, VARIADIC, map),
        ("for-each", 2, VARIADIC, for_each),
        ("values", 0, VARIADIC, values),
        ("%values", 0, VARIADIC, values),
        ("call-with-values", 2, 2, call_with_values),
        ("%call-with-values", 2, 2, call_with_values),
        ("%case-lambda", 1, VARIADIC, case_lambda),
    ]);
}

fn procedure_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(obj::is_procedure(a[0])))
}

/// `(apply f a … list)`: a proper tail call to `f`.
fn apply(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let (last, init) = match a.split_last() {
        Some((last, init)) if !init.is_empty() => (*last, init),
        _ => return vm.tail_call(fslot, a[0], &[]),
    };
    let Some(spread) = obj::list_to_vec(last) else {
        return Err(vm.error(
            "apply: expected a proper list as the last argument",
            &[last],
        ));
    };
    let mut args: Vec<Value> = init[1..].to_vec();
    args.extend(spread);
    vm.tail_call(fslot, init[0], &args)
}

/// The current element of each list, or `None` when any list has ended. The list positions live
/// in `vm.roots[mark..]` so that a procedure that mutates the lists cannot free them under us.
fn heads(vm: &mut Vm, mark: usize, n: usize) -> Option<Vec<Value>> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let l = vm.roots[mark + i];
        if !obj::is_pair(l) {
            return None;
        }
        out.push(obj::car(l));
        vm.roots[mark + i] = obj::cdr(l);
    }
    Some(out)
}

/// Shared loop of `map` and `for-each`: calls `f` on successive heads, pushing results onto
/// `vm.roots` when `collect`. Returns the roots mark where the results start.
fn walk(vm: &mut Vm, a: &[Value], collect: bool, who: &str) -> R<(usize, usize)> {
    let f = a[0];
    vm.check(obj::is_procedure(f), who, "a procedure", f)?;
    let mark = vm.roots.len();
    vm.roots.extend_from_slice(&a[1..]);
    let results = vm.roots.len();
    while let Some(args) = heads(vm, mark, a.len() - 1) {
        match vm.call(f, &args) {
            Ok(v) if collect => vm.roots.push(v),
            Ok(_) => {}
            Err(u) => {
                vm.roots.truncate(mark);
                return Err(u);
            }
        }
    }
    Ok((mark, results))
}

fn map(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let (mark, results) = walk(vm, a, true, "map")?;
    let items = vm.roots[results..].to_vec();
    let l = vm.list(&items);
    vm.roots.truncate(mark);
    Ok(l)
}

fn for_each(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let (mark, _) = walk(vm, a, false, "for-each")?;
    vm.roots.truncate(mark);
    Ok(Value::VOID)
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

fn call_with_values(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let v = vm.call(a[0], &[])?;
    let args = spread_values(v);
    vm.tail_call(fslot, a[1], &args)
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
