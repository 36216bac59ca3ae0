//! `call/cc` (escaping continuations) and `dynamic-wind`.
//!
//! A continuation is valid while its `call/cc` is running; invoking it unwinds (`Unwind::Escape`)
//! through every frame in between, running `dynamic-wind` after-thunks, to that `call/cc`. Invoking
//! it after its `call/cc` returned (re-entry) is a clear error: Kiln has escaping continuations only.

use crate::heap::object::{continuation, store, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::kont::Kind;
use crate::vm::{Unwind, Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prim("call-with-current-continuation", 1, 1, call_cc);
    vm.def_alias("call/cc", "call-with-current-continuation");
    vm.def_prim("dynamic-wind", 3, 3, dynamic_wind);
}

/// `(call/cc f)`: calls `f` from a continuation frame `[k handlers]` (`vm::kont`) that catches
/// the escapes to `k`; `k` is live while the frame is.
fn call_cc(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let f = a[0];
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
    let handlers = Value::fixnum(vm.handlers.len() as i32);
    vm.call_then(fslot, Kind::CallCc, &[k, handlers], f, &[k])
}

/// The receiver of the `call/cc` frame at `kfp` returned `v`.
pub fn resume_call_cc(vm: &mut Vm, kfp: usize, v: Value) -> R<Value> {
    obj::store_field(vm.kont_get(kfp, 0), continuation::LIVE, Value::FALSE);
    Ok(v)
}

/// An unwind reached the `call/cc` frame at `kfp`: an escape to its continuation ends here.
pub fn unwind_call_cc(vm: &mut Vm, kfp: usize, u: Unwind) -> Result<R<Value>, Unwind> {
    let k = vm.kont_get(kfp, 0);
    obj::store_field(k, continuation::LIVE, Value::FALSE);
    let id = obj::load_field(k, continuation::ID).fixnum_value() as u32;
    match u {
        Unwind::Escape { id: target, value } if target == id => {
            let handlers = vm.kont_get(kfp, 1).fixnum_value() as usize;
            vm.handlers.truncate(handlers);
            Ok(Ok(value))
        }
        other => Err(other),
    }
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

/// `(dynamic-wind before thunk after)`, stackless: the three calls are staged in turn from
/// continuation frames (`vm::kont`): `WindBefore [before thunk after]`, `WindBody [after]`
/// (which runs `after` for an unwind passing through, then goes on with it from `WindUnwind`)
/// and `WindAfter [value]`.
fn dynamic_wind(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let (before, thunk, after) = (a[0], a[1], a[2]);
    vm.call_then(
        fslot,
        Kind::WindBefore,
        &[before, thunk, after],
        before,
        &[],
    )
}

/// A `dynamic-wind` frame's callee returned `v`.
pub fn resume_wind(vm: &mut Vm, kind: Kind, kfp: usize, v: Value) -> R<Value> {
    let fslot = kfp - 4;
    match kind {
        Kind::WindBefore => {
            let (thunk, after) = (vm.kont_get(kfp, 1), vm.kont_get(kfp, 2));
            vm.call_then(fslot, Kind::WindBody, &[after], thunk, &[])
        }
        Kind::WindBody => {
            let after = vm.kont_get(kfp, 0);
            vm.call_then(fslot, Kind::WindAfter, &[v], after, &[])
        }
        Kind::WindAfter => Ok(vm.kont_get(kfp, 0)),
        _ => Err(decode_unwind(vm.kont_state(kfp))),
    }
}

/// An unwind leaves a `dynamic-wind` body: run the after thunk, then go on unwinding.
pub fn unwind_wind(vm: &mut Vm, kfp: usize, u: Unwind) -> Result<R<Value>, Unwind> {
    let after = vm.kont_get(kfp, 0);
    let state = encode_unwind(&u);
    Ok(vm.call_then(kfp - 4, Kind::WindUnwind, &state, after, &[]))
}

/// An unwind as three values a frame can hold: its payload, its kind and its number (an
/// escape's id, an exit's status).
fn encode_unwind(u: &Unwind) -> [Value; 3] {
    let (kind, n) = match *u {
        Unwind::Raise(_) => (0, 0),
        Unwind::Escape { id, .. } => (1, id as i32),
        Unwind::Exit(status) => (2, status),
        Unwind::Bypass(_) => (3, 0),
    };
    [u.payload(), Value::fixnum(kind), Value::fixnum(n)]
}

fn decode_unwind(s: &[Value]) -> Unwind {
    let n = s[2].fixnum_value();
    match s[1].fixnum_value() {
        0 => Unwind::Raise(s[0]),
        1 => Unwind::Escape {
            id: n as u32,
            value: s[0],
        },
        2 => Unwind::Exit(n),
        _ => Unwind::Bypass(s[0]),
    }
}
