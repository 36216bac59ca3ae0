//! `(scheme file)`: file ports through WASI. Files are reachable only where the host preopened a
//! directory (`kiln run` preopens the current one); any failure is a `file-error` condition.

use super::port::{Port, Sink};
use super::{current, new_port, port};
use crate::heap::object::{parameter, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("open-input-file", 1, 1, open_input_file),
        ("open-binary-input-file", 1, 1, open_binary_input_file),
        ("open-output-file", 1, 1, open_output_file),
        ("open-binary-output-file", 1, 1, open_binary_output_file),
        ("file-exists?", 1, 1, file_exists),
        ("delete-file", 1, 1, delete_file),
        ("call-with-input-file", 2, 2, call_with_input_file),
        ("call-with-output-file", 2, 2, call_with_output_file),
        ("with-input-from-file", 2, 2, with_input_from_file),
        ("with-output-to-file", 2, 2, with_output_to_file),
    ]);
}

fn path(vm: &mut Vm, v: Value, who: &str) -> R<String> {
    vm.check(obj::is(v, tag::STRING), who, "a file name string", v)?;
    Ok(obj::string(v).as_str().to_string())
}

fn file_error(vm: &mut Vm, who: &str, name: Value, e: std::io::Error) -> crate::vm::Unwind {
    vm.error_of_kind("file-error", &format!("{who}: {e}"), &[name])
}

fn open_in(vm: &mut Vm, name: Value, who: &str, textual: bool) -> R<Value> {
    let p = path(vm, name, who)?;
    match std::fs::read(&p) {
        Ok(data) => Ok(new_port(vm, Port::input(data, textual))),
        Err(e) => Err(file_error(vm, who, name, e)),
    }
}

fn open_out(vm: &mut Vm, name: Value, who: &str, textual: bool) -> R<Value> {
    let p = path(vm, name, who)?;
    match std::fs::File::create(&p) {
        Ok(f) => Ok(new_port(vm, Port::output(Sink::File(f), textual))),
        Err(e) => Err(file_error(vm, who, name, e)),
    }
}

fn open_input_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    open_in(vm, a[0], "open-input-file", true)
}
fn open_binary_input_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    open_in(vm, a[0], "open-binary-input-file", false)
}
fn open_output_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    open_out(vm, a[0], "open-output-file", true)
}
fn open_binary_output_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    open_out(vm, a[0], "open-binary-output-file", false)
}
fn file_exists(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = path(vm, a[0], "file-exists?")?;
    Ok(Value::bool(std::path::Path::new(&p).exists()))
}
fn delete_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = path(vm, a[0], "delete-file")?;
    match std::fs::remove_file(&p) {
        Ok(()) => Ok(Value::VOID),
        Err(e) => Err(file_error(vm, "delete-file", a[0], e)),
    }
}

/// Calls `f` with a port, closing the port when `f` returns.
fn with_port(vm: &mut Vm, p: Value, f: Value) -> R<Value> {
    let m = vm.protect(p);
    let r = vm.call(f, &[p]);
    port(p).flush();
    port(p).open = false;
    vm.unprotect(m);
    r
}
fn call_with_input_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = open_in(vm, a[0], "call-with-input-file", true)?;
    with_port(vm, p, a[1])
}
fn call_with_output_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = open_out(vm, a[0], "call-with-output-file", true)?;
    with_port(vm, p, a[1])
}

/// Runs `thunk` with current port `which` (0 input, 1 output) bound to `p`.
fn with_current(vm: &mut Vm, which: usize, p: Value, thunk: Value) -> R<Value> {
    let param = vm.ports[which];
    let old = current(vm, which);
    let m = vm.protect(old);
    vm.protect(p);
    obj::store_field(param, parameter::VALUE, p);
    let sp = vm.stack.sp;
    let r = vm.call(thunk, &[]);
    obj::store_field(param, parameter::VALUE, old);
    port(p).flush();
    port(p).open = false;
    vm.unprotect(m);
    if r.is_err() {
        vm.stack.sp = sp;
    }
    r
}
fn with_input_from_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = open_in(vm, a[0], "with-input-from-file", true)?;
    with_current(vm, 0, p, a[1])
}
fn with_output_to_file(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = open_out(vm, a[0], "with-output-to-file", true)?;
    with_current(vm, 1, p, a[1])
}
