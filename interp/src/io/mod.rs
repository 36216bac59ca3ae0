//! Ports and the I/O primitives: string and bytevector ports, stdin/stdout/stderr through WASI,
//! `read`/`write`/`display` and friends. The current ports are parameter objects, so
//! `parameterize` works on them.

mod files;
pub mod port;
mod prims;
pub mod raw;
pub mod stdout;

use crate::heap::object::{self, parameter, tag};
use crate::heap::payload;
use crate::obj;
use crate::value::Value;
use crate::vm::Vm;
use port::{Port, Sink};

/// Defines the I/O primitives.
pub fn install(vm: &mut Vm) {
    prims::install(vm);
    files::install(vm);
}

/// Creates the standard ports and the `current-…-port` parameters.
pub fn install_ports(vm: &mut Vm) {
    let ports = [
        Port::stdin(),
        Port::output(Sink::Stdout, true),
        Port::output(Sink::Stderr, true),
    ];
    let names = [
        "current-input-port",
        "current-output-port",
        "current-error-port",
    ];
    for (i, (p, name)) in ports.into_iter().zip(names).enumerate() {
        let port = new_port(vm, p);
        let m = vm.protect(port);
        let param = crate::control::new_parameter(vm, port, Value::FALSE);
        vm.unprotect(m);
        vm.ports[i] = param;
        vm.define_global(name, param);
    }
}

/// A port object owning `p`.
pub fn new_port(vm: &mut Vm, p: Port) -> Value {
    let a = vm.alloc(tag::PORT, object::port::SIZE, &[]);
    payload::put(a, p);
    vm.heap.own_payload(a);
    port(Value(a)).register();
    Value(a)
}

/// The port of a port object.
pub fn port<'a>(v: Value) -> &'a mut Port {
    debug_assert!(obj::is(v, tag::PORT));
    // SAFETY: port objects hold a `Port` payload.
    unsafe { payload::get::<Port>(v.0) }
}

/// The current input (0), output (1) or error (2) port object.
pub fn current(vm: &Vm, which: usize) -> Value {
    obj::load_field(vm.ports[which], parameter::VALUE)
}

/// Writes out buffered output: every open file port's, then standard output's.
pub fn flush_all() {
    port::flush_files();
    port::flush_stdout();
}

/// Writes `text` to the current output port.
pub fn print_out(vm: &Vm, text: &str) {
    port(current(vm, 1)).write_str(text);
}

/// Writes `text` to the current error port.
pub fn print_err(vm: &Vm, text: &str) {
    port(current(vm, 2)).write_str(text);
}
