//! Parameter objects and `parameterize` (dynamic binding with restore on any exit).

use crate::heap::object::{parameter, store, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("make-parameter", 1, 2, make_parameter),
        ("%make-parameter", 1, 2, make_parameter),
        ("%parameterize", 3, 3, parameterize),
    ]);
}

/// A parameter object with `value` and `converter` (`#f` for none).
pub fn new_parameter(vm: &mut Vm, value: Value, converter: Value) -> Value {
    let p = vm.fixed(
        tag::PARAMETER,
        parameter::SIZE,
        [(parameter::VALUE, value), (parameter::CONVERTER, converter)],
    );
    store(p.0, parameter::CODE, crate::jit_glue::generic_code());
    p
}

fn make_parameter(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let converter = crate::prims::opt(a, 1, Value::FALSE);
    let value = if converter.is_true() {
        vm.call(converter, &[a[0]])?
    } else {
        a[0]
    };
    Ok(new_parameter(vm, value, converter))
}

fn parameterize(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let (Some(params), Some(vals)) = (obj::list_to_vec(a[0]), obj::list_to_vec(a[1])) else {
        return Err(vm.error("parameterize: malformed bindings", &[a[0]]));
    };
    let mark = vm.roots.len();
    // New values first (converters may fail), all rooted, then swap them in.
    for (&p, &v) in params.iter().zip(&vals) {
        if !obj::is(p, tag::PARAMETER) {
            vm.roots.truncate(mark);
            return Err(vm.error("parameterize: expected a parameter object", &[p]));
        }
        let conv = obj::load_field(p, parameter::CONVERTER);
        let v = if conv.is_true() {
            match vm.call(conv, &[v]) {
                Ok(v) => v,
                Err(u) => {
                    vm.roots.truncate(mark);
                    return Err(u);
                }
            }
        } else {
            v
        };
        vm.roots.push(v);
    }
    for (i, &p) in params.iter().enumerate() {
        let new = vm.roots[mark + i];
        vm.roots[mark + i] = obj::load_field(p, parameter::VALUE);
        obj::store_field(p, parameter::VALUE, new);
    }
    let sp = vm.stack.sp;
    let r = vm.call(a[2], &[]);
    for (i, &p) in params.iter().enumerate() {
        obj::store_field(p, parameter::VALUE, vm.roots[mark + i]);
    }
    vm.roots.truncate(mark);
    if r.is_err() {
        vm.stack.sp = sp;
    }
    r
}
