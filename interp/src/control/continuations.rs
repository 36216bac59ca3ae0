//! `call/cc` (escaping continuations) and `dynamic-wind`.
//!
//! A continuation is valid while its `call/cc` is running; invoking it unwinds (`Unwind::Escape`)
//! through every frame in between, running `dynamic-wind` after-thunks, to that `call/cc`. Invoking
//! it after its `call/cc` returned (re-entry) is a clear error: Kiln has escaping continuations only.

use crate::heap::object::{continuation, store, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::{Unwind, Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prim("call-with-current-continuation", 1, 1, call_cc);
    vm.def_alias("call/cc", "call-with-current-continuation");
    vm.def_prim("dynamic-wind", 3, 3, dynamic_wind);
}

fn call_cc(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let id = vm.fresh_id();
    let k = vm.fixed(
        tag::CONTINUATION,
        continuation::SIZE,
        [
            (continuation::ID, Value::fixnum(id as i32)),
            (continuation::LIVE, Value::TRUE),
        ],
    );
    store(k.0, continuation::CODE, crate::jit_glue::generic_code());
    let sp = vm.stack.sp;
    let roots = vm.protect(k);
    let handlers = vm.handlers.len();
    let r = vm.call(a[0], &[k]);
    obj::store_field(k, continuation::LIVE, Value::FALSE);
    let r = match r {
        Err(Unwind::Escape { id: target, value }) if target == id => {
            vm.stack.sp = sp;
            vm.handlers.truncate(handlers);
            Ok(value)
        }
        other => other,
    };
    vm.unprotect(roots);
    r
}

/// Invokes continuation `k` with the `argc` arguments at `fp`.
pub fn escape(vm: &mut Vm, k: Value, fp: usize, argc: usize) -> Unwind {
    if obj::load_field(k, continuation::LIVE) != Value::TRUE {
        return vm.error(
            "continuation invoked after its call/cc returned (Kiln supports escaping continuations only)",
            &[k],
        );
    }
    let id = obj::load_field(k, continuation::ID).fixnum_value() as u32;
    let args = vm.stack.slice(fp, argc);
    let value = if argc == 1 { args[0] } else { vm.values(args) };
    Unwind::Escape { id, value }
}

fn dynamic_wind(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let (before, thunk, after) = (a[0], a[1], a[2]);
    let sp = vm.stack.sp;
    vm.call(before, &[])?;
    match vm.call(thunk, &[]) {
        Ok(v) => {
            let m = vm.protect(v);
            vm.call(after, &[])?;
            vm.unprotect(m);
            Ok(v)
        }
        Err(u) => {
            vm.stack.sp = sp;
            let m = vm.protect(u.payload());
            vm.call(after, &[])?;
            vm.unprotect(m);
            Err(u)
        }
    }
}
