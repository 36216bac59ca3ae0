//! Exceptions: `with-exception-handler`, `raise`, `raise-continuable`, `error`, error objects, and
//! `%guard` (the runtime half of `guard`; see `vm::error` for the handler-stack model).

use crate::heap::object::{error, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::{Unwind, Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("with-exception-handler", 2, 2, with_exception_handler),
        ("raise", 1, 1, raise),
        ("raise-continuable", 1, 1, raise_continuable),
        ("error", 1, crate::prims::VARIADIC, error),
        ("%error", 1, crate::prims::VARIADIC, error),
        ("error-object?", 1, 1, error_object_p),
        ("error-object-message", 1, 1, error_object_message),
        ("error-object-irritants", 1, 1, error_object_irritants),
        ("read-error?", 1, 1, read_error_p),
        ("file-error?", 1, 1, file_error_p),
        ("%guard", 2, 2, guard),
    ]);
}

fn with_exception_handler(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(
        obj::is_procedure(a[0]),
        "with-exception-handler",
        "a procedure",
        a[0],
    )?;
    let sp = vm.stack.sp;
    let n = vm.handlers.len();
    vm.handlers.push(a[0]);
    let r = vm.call(a[1], &[]);
    vm.handlers.truncate(n);
    if r.is_err() {
        vm.stack.sp = sp;
    }
    r
}

fn raise(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.raise(a[0], false)
}

fn raise_continuable(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.raise(a[0], true)
}

fn error(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let irritants = vm.list(&a[1..]);
    let m = vm.protect(irritants);
    let kind = vm.intern("error");
    let e = vm.error_object(kind, a[0], irritants);
    vm.unprotect(m);
    vm.raise(e, false)
}

fn is_error(v: Value) -> bool {
    obj::is(v, tag::ERROR)
}

fn error_object_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_error(a[0])))
}

fn error_object_message(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(
        is_error(a[0]),
        "error-object-message",
        "an error object",
        a[0],
    )?;
    Ok(obj::load_field(a[0], error::MESSAGE))
}

fn error_object_irritants(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(
        is_error(a[0]),
        "error-object-irritants",
        "an error object",
        a[0],
    )?;
    Ok(obj::load_field(a[0], error::IRRITANTS))
}

fn has_kind(v: Value, kind: &str) -> bool {
    is_error(v) && obj::symbol_name(obj::load_field(v, error::KIND)) == kind
}

fn read_error_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(has_kind(a[0], "read-error")))
}

fn file_error_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(has_kind(a[0], "file-error")))
}

/// `(%guard body-thunk clauses)`: runs the body with a guard entry on the handler stack (see
/// `vm::error`). `clauses` maps a raised object to a thunk of the chosen clause body, or `#f`.
fn guard(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let (body, clauses) = (a[0], a[1]);
    let id = vm.fresh_id() & 0x3FFF_FFFF;
    let entry = vm.cons(Value::fixnum(id as i32), clauses);
    let sp = vm.stack.sp;
    let n = vm.handlers.len();
    vm.handlers.push(entry);
    let r = vm.call(body, &[]);
    vm.handlers.truncate(n);
    match r {
        Err(Unwind::Escape {
            id: target,
            value: thunk,
        }) if target == id => {
            vm.stack.sp = sp;
            vm.call(thunk, &[])
        }
        // Raised past the handlers without asking them (stack overflow): ask the clauses here.
        Err(Unwind::Raise(obj)) => {
            vm.stack.sp = sp;
            let m = vm.protect(obj);
            let chosen = vm.call(clauses, &[obj]);
            vm.unprotect(m);
            match chosen? {
                Value::FALSE => Err(Unwind::Raise(obj)),
                thunk => vm.call(thunk, &[]),
            }
        }
        other => other,
    }
}
