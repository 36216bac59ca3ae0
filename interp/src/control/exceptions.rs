//! Exceptions: `with-exception-handler`, `raise`, `raise-continuable`, `error`, error objects, and
//! `%guard` (the runtime half of `guard`; see `vm::error` for the handler-stack model).

use crate::heap::object::{error, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::kont::Kind;
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

/// `(with-exception-handler handler thunk)`: the handler is installed while the thunk runs
/// from a continuation frame `[handlers]` (`vm::kont`) that uninstalls it on the way out.
fn with_exception_handler(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let (handler, thunk) = (a[0], a[1]);
    vm.check(
        obj::is_procedure(handler),
        "with-exception-handler",
        "a procedure",
        handler,
    )?;
    let n = Value::fixnum(vm.handlers.len() as i32);
    let r = vm.call_then(fslot, Kind::Handler, &[n], thunk, &[])?;
    vm.handlers.push(handler);
    Ok(r)
}

fn raise(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let level = vm.handlers.len();
    raise_step(vm, fslot, a[0], false, level)
}

fn raise_continuable(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let level = vm.handlers.len();
    raise_step(vm, fslot, a[0], true, level)
}

fn error(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let irritants = vm.list(&a[1..]);
    let m = vm.protect(irritants);
    let kind = vm.intern("error");
    let e = vm.error_object(kind, a[0], irritants);
    vm.unprotect(m);
    let level = vm.handlers.len();
    raise_step(vm, fslot, e, false, level)
}

/// `raise` from a primitive's frame, stackless (the Rust `Vm::raise` calls handlers natively;
/// see `vm::error` for the model): calls the handler at `level - 1` with only the handlers
/// outside it installed, from a continuation frame `[obj continuable level inner entry]`
/// (`inner`: a vector of the handlers taken off, put back when the handler returns or an
/// unwind passes).
fn raise_step(vm: &mut Vm, fslot: usize, obj: Value, continuable: bool, level: usize) -> R<Value> {
    if level == 0 {
        // Uncaught here: its unwind records where it went (`backtrace`), as in `Vm::raise_from`.
        vm.trace.begin(obj);
        return Err(Unwind::Raise(obj));
    }
    let entry = vm.handlers[level - 1];
    let proc = if obj::is_pair(entry) {
        obj::cdr(entry)
    } else {
        entry
    };
    let inner = vm.handlers.split_off(level - 1);
    let m = vm.protect(obj);
    vm.roots.extend_from_slice(&inner);
    let saved = vm.vector_of(&inner);
    vm.unprotect(m);
    let state = [
        obj,
        Value::bool(continuable),
        Value::fixnum(level as i32 - 1),
        saved,
        entry,
    ];
    match vm.call_then(fslot, Kind::Raise, &state, proc, &[obj]) {
        Ok(r) => Ok(r),
        Err(u) => {
            vm.handlers.extend_from_slice(&inner);
            Err(u)
        }
    }
}

/// Puts back the handlers a `raise` frame took off.
fn restore_handlers(vm: &mut Vm, kfp: usize) {
    let level = vm.kont_get(kfp, 2).fixnum_value() as usize;
    let saved = vm.kont_get(kfp, 3);
    vm.handlers.truncate(level);
    vm.handlers
        .extend((0..obj::length(saved)).map(|i| obj::elem(saved, i)));
}

/// A handler (or guard's clause test) called by `raise` returned `v`.
fn resume_raise(vm: &mut Vm, kfp: usize, v: Value) -> R<Value> {
    restore_handlers(vm, kfp);
    let s = vm.kont_state(kfp);
    let (obj, continuable, entry) = (s[0], s[1].is_true(), s[4]);
    let level = s[2].fixnum_value() as usize;
    if obj::is_pair(entry) {
        if v == Value::FALSE {
            // The guard is transparent: on to the next handler out.
            return raise_step(vm, kfp - 4, obj, continuable, level);
        }
        let id = obj::car(entry).fixnum_value() as u32;
        return Err(Unwind::Escape { id, value: v });
    }
    if continuable {
        return Ok(v);
    }
    let e = vm.make_error(
        "error",
        "exception handler returned from a non-continuable raise",
        &[obj],
    );
    raise_step(vm, kfp - 4, e, false, level)
}

/// `(%guard body-thunk clauses)`: runs the body with a guard entry on the handler stack (see
/// `vm::error`), from a continuation frame `[handlers id clauses]` that catches the escape to
/// the guard (`unwind`) — then, or when a raise passes without asking the handlers, the chosen
/// clause body is tail-called.
fn guard(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let (body, clauses) = (a[0], a[1]);
    let id = vm.fresh_id() & 0x3FFF_FFFF;
    let entry = vm.cons(Value::fixnum(id as i32), clauses);
    let n = Value::fixnum(vm.handlers.len() as i32);
    let state = [n, Value::fixnum(id as i32), clauses];
    let r = vm.call_then(fslot, Kind::Guard, &state, body, &[])?;
    vm.handlers.push(entry);
    Ok(r)
}

/// A continuation frame of this module returned to (`control::kont_resume`).
pub fn resume(vm: &mut Vm, kind: Kind, kfp: usize, v: Value) -> R<Value> {
    match kind {
        Kind::Handler | Kind::Guard => {
            let n = vm.kont_get(kfp, 0).fixnum_value() as usize;
            vm.handlers.truncate(n);
            Ok(v)
        }
        Kind::Raise => resume_raise(vm, kfp, v),
        // The clauses' answer for an object raised past the handlers: none matched, so on to
        // the next guard out, which has not been asked either.
        _ => match v {
            Value::FALSE => Err(Unwind::Bypass(vm.kont_get(kfp, 0))),
            thunk => vm.tail_call(kfp - 4, thunk, &[]),
        },
    }
}

/// An unwind reached a continuation frame of this module (`control::kont_unwind`).
pub fn unwind(vm: &mut Vm, kind: Kind, kfp: usize, u: Unwind) -> Result<R<Value>, Unwind> {
    match kind {
        Kind::Raise => {
            restore_handlers(vm, kfp);
            Err(u)
        }
        Kind::Handler => {
            let n = vm.kont_get(kfp, 0).fixnum_value() as usize;
            vm.handlers.truncate(n);
            Err(u)
        }
        _ => {
            let n = vm.kont_get(kfp, 0).fixnum_value() as usize;
            vm.handlers.truncate(n);
            let id = vm.kont_get(kfp, 1).fixnum_value() as u32;
            match u {
                Unwind::Escape {
                    id: target,
                    value: thunk,
                } if target == id => Ok(vm.tail_call(kfp - 4, thunk, &[])),
                // Raised past the handlers without asking them (stack overflow, out of memory):
                // ask the clauses here. (An `Unwind::Raise` passes: this guard was asked at
                // the raise point and declined, or the raise came from outside its extent.)
                Unwind::Bypass(obj) => {
                    let clauses = vm.kont_get(kfp, 2);
                    Ok(vm.call_then(kfp - 4, Kind::GuardAsk, &[obj], clauses, &[obj]))
                }
                other => Err(other),
            }
        }
    }
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
