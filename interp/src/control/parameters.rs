//! Parameter objects and `parameterize` (dynamic binding with restore on any exit).

use crate::heap::object::{parameter, store, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::kont::{Buf, Kind};
use crate::vm::{Unwind, Vm, R};

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

/// `(%parameterize params values thunk)`: converts and installs the new values, then runs the
/// thunk from a continuation frame `[params olds]` (`vm::kont`) that restores the old ones on
/// the way out. The converters are called from Rust (natively): they are not a way to recurse.
fn parameterize(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let olds = swap_in(vm, a)?;
    let (params, thunk) = (a[0], a[2]);
    vm.call_then(fslot, Kind::Parameterize, &[params, olds], thunk, &[])
}

/// `(%parameterize params values thunk)` called from compiled code (`jit_glue::entry`): the
/// thunk called from here (`Vm::call_for_jit`, unbounded like any compiled call) instead of
/// from a continuation frame in an activation of the run loop; the old values are put back
/// whether it returns or unwinds, as the `Parameterize` frame does.
pub fn parameterize_for_jit(vm: &mut Vm, a: [Value; 3]) -> R<Value> {
    let olds = swap_in(vm, &a)?;
    let mark = vm.protect(olds);
    let r = vm.call_for_jit(a[2], &[]);
    put_back(a[0], olds);
    vm.unprotect(mark);
    r
}

/// Converts the new values of `(%parameterize params values thunk)` and swaps them in; returns
/// the list of the old ones (which `put_back` restores). Room for a continuation frame's
/// records is reserved before the swap: once swapped, the values must be put back.
fn swap_in(vm: &mut Vm, a: &[Value]) -> R<Value> {
    let (mut params, mut vals) = (Buf::new(), Buf::new());
    if !(params.push_list(a[0]) && vals.push_list(a[1])) {
        return Err(vm.error("parameterize: malformed bindings", &[a[0]]));
    }
    let (params, vals) = (params.as_slice(), vals.as_slice());
    let mark = vm.roots.len();
    // New values first (converters may fail), all rooted, then swap them in.
    for (&p, &v) in params.iter().zip(vals) {
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
    // Room for the frame's records first: once swapped, the values must be put back.
    if let Err(u) = vm.reserve_records(crate::vm::kont::RECORDS) {
        vm.roots.truncate(mark);
        return Err(u);
    }
    for (i, &p) in params.iter().enumerate() {
        let new = vm.roots[mark + i];
        vm.roots[mark + i] = obj::load_field(p, parameter::VALUE);
        obj::store_field(p, parameter::VALUE, new);
    }
    // The old values, for the continuation frame that puts them back.
    let olds = Buf::from(&vm.roots[mark..]);
    let olds = vm.list(olds.as_slice());
    vm.roots.truncate(mark);
    Ok(olds)
}

/// Puts back the values the `parameterize` frame at `kfp` saved.
fn restore(vm: &mut Vm, kfp: usize) {
    put_back(vm.kont_get(kfp, 0), vm.kont_get(kfp, 1));
}

/// Stores the list `olds` back into the parameter objects of the list `params`.
fn put_back(mut params: Value, mut olds: Value) {
    while obj::is_pair(params) && obj::is_pair(olds) {
        obj::store_field(obj::car(params), parameter::VALUE, obj::car(olds));
        params = obj::cdr(params);
        olds = obj::cdr(olds);
    }
}

/// The body of the `parameterize` frame at `kfp` returned `v`.
pub fn resume(vm: &mut Vm, kfp: usize, v: Value) -> R<Value> {
    restore(vm, kfp);
    Ok(v)
}

/// An unwind leaves the body of the `parameterize` frame at `kfp`.
pub fn unwind(vm: &mut Vm, kfp: usize, u: Unwind) -> Result<R<Value>, Unwind> {
    restore(vm, kfp);
    Err(u)
}
