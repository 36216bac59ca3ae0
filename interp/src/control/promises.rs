//! Promises (`delay`, `delay-force`, `make-promise`, `force`) with R7RS's iterative forcing: a
//! promise holds a *state pair* `(kind . value-or-thunk)` that chained promises come to share, so
//! `delay-force` loops run in constant space.

use crate::heap::object::{promise, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::kont::Kind;
use crate::vm::{Vm, R};

const LAZY: Value = Value(1); // fixnum 0: a delay-force thunk (returns a promise)
const STRICT: Value = Value(3); // fixnum 1: a delay thunk (returns the value)
const DONE: Value = Value(5); // fixnum 2: the value

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("%delay", 1, 1, delay),
        ("%delay-force", 1, 1, delay_force),
        ("make-promise", 1, 1, make_promise),
        ("promise?", 1, 1, promise_p),
        ("force", 1, 1, force),
    ]);
}

fn promise(vm: &mut Vm, kind: Value, x: Value) -> Value {
    let state = vm.cons(kind, x);
    vm.fixed(tag::PROMISE, promise::SIZE, [(promise::STATE, state)])
}

fn delay(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(promise(vm, STRICT, a[0]))
}

fn delay_force(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(promise(vm, LAZY, a[0]))
}

fn make_promise(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    if obj::is(a[0], tag::PROMISE) {
        return Ok(a[0]);
    }
    Ok(promise(vm, DONE, a[0]))
}

fn promise_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(obj::is(a[0], tag::PROMISE)))
}

/// `(force p)`: each thunk is called from a continuation frame `[p kind]` (`vm::kont`).
fn force(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let p = a[0];
    if !obj::is(p, tag::PROMISE) {
        return Ok(p);
    }
    force_step(vm, fslot, p)
}

/// The value of promise `p` if it has one, else the call of its thunk.
fn force_step(vm: &mut Vm, fslot: usize, p: Value) -> R<Value> {
    let state = obj::load_field(p, promise::STATE);
    if obj::car(state) == DONE {
        return Ok(obj::cdr(state));
    }
    let kind = obj::car(state);
    vm.call_then(fslot, Kind::Force, &[p, kind], obj::cdr(state), &[])
}

/// The thunk of the `force` frame at `kfp` returned `r`.
pub fn resume(vm: &mut Vm, kfp: usize, r: Value) -> R<Value> {
    let (p, kind) = (vm.kont_get(kfp, 0), vm.kont_get(kfp, 1));
    let state = obj::load_field(p, promise::STATE);
    if obj::car(state) == DONE {
        return Ok(obj::cdr(state));
    }
    if kind == STRICT || !obj::is(r, tag::PROMISE) {
        obj::set_car(state, DONE);
        obj::set_cdr(state, r);
        return Ok(r);
    }
    // delay-force: adopt the inner promise's state and share it.
    let inner = obj::load_field(r, promise::STATE);
    obj::set_car(state, obj::car(inner));
    obj::set_cdr(state, obj::cdr(inner));
    obj::store_field(r, promise::STATE, state);
    force_step(vm, kfp - 4, p)
}
