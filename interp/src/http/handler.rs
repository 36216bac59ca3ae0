//! Runs the program's `handle` procedure on one request: builds the request record, calls the
//! handler with errors caught (reported on stderr like an uncaught error of `kiln run`), and
//! turns the response record into plain data for whoever sends it (the `wasi:http` export, or
//! the training run, which discards it). Knows nothing of WASI, so unit tests and the training
//! run share it with the component.

use super::types::{self, response};
use crate::io::port::{HostSink, Port, Sink};
use crate::load::{self, Failure};
use crate::obj;
use crate::value::Value;
use crate::vm::{Unwind, Vm, R};

/// The name of the procedure a program defines to handle requests.
pub const HANDLER: &str = "handle";

/// A request as it arrives, before it becomes a Scheme object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incoming {
    /// Upper case, as sent (`GET`, `POST`, …).
    pub method: String,
    /// The path with its query (`/search?q=kiln`).
    pub path: String,
    /// Names and values in the order received.
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

/// A response body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Vec<u8>),
    /// A procedure of one argument (a textual output port) that writes the body. Not rooted:
    /// hand it to [`stream`] before anything allocates on the Scheme heap.
    Stream(Value),
}

/// A response as plain data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Body,
}

impl Reply {
    /// What a client gets when the handler failed.
    pub fn server_error() -> Reply {
        Reply {
            status: 500,
            headers: vec![("content-type".into(), b"text/plain; charset=utf-8".to_vec())],
            body: Body::Bytes(b"500 Internal Server Error\n".to_vec()),
        }
    }
}

/// The handler procedure; `Err` with a message if the program defines none.
pub fn handler(vm: &mut Vm) -> Result<Value, String> {
    match vm.global_value(HANDLER) {
        Some(f) if obj::is_procedure(f) => Ok(f),
        _ => Err(format!(
            "the program defines no procedure `{HANDLER}` (see `(kiln http)`)"
        )),
    }
}

/// Runs the handler on `req`. `None` if it failed; the reason is already on stderr.
pub fn respond(vm: &mut Vm, req: &Incoming) -> Option<Reply> {
    let f = match handler(vm) {
        Ok(f) => f,
        Err(msg) => {
            print_error(vm, &format!("kiln: {msg}\n"));
            return None;
        }
    };
    let mark = vm.protect(f);
    let request = types::new_request(vm, &req.method, &req.path, &req.headers, &req.body);
    let result = call(vm, f, &[request]).and_then(|v| reply_of(vm, v).map_err(Failure::Unwound));
    vm.unprotect(mark);
    match result {
        Ok(reply) => Some(reply),
        Err(failure) => {
            report(vm, failure);
            None
        }
    }
}

/// Runs a streaming body's procedure with a port whose output goes to `sink` (in chunks, see
/// [`Sink::Host`]). False if it failed (reported on stderr); what it wrote before that is out
/// already, except the last unflushed chunk. The port is cut off from `sink` afterwards: a
/// procedure that kept it writes into nothing.
pub fn stream(vm: &mut Vm, proc: Value, sink: HostSink) -> bool {
    let mark = vm.protect(proc);
    let port = crate::io::new_port(vm, Port::output(Sink::Host(sink), true));
    vm.protect(port);
    let result = call(vm, proc, &[port]);
    if result.is_ok() {
        crate::io::port(port).flush();
    }
    let p = crate::io::port(port);
    p.sink = Sink::Buffer;
    p.buf.clear();
    vm.unprotect(mark);
    match result {
        Ok(_) => true,
        Err(failure) => {
            report(vm, failure);
            false
        }
    }
}

/// Calls `f` as a top-level form is run: with a fresh handler stack, and the value stack reset
/// to where it was afterwards (slots above an unwind are dead).
fn call(vm: &mut Vm, f: Value, args: &[Value]) -> Result<Value, Failure> {
    let sp = vm.stack.sp;
    let r = vm.call(f, args);
    vm.stack.sp = sp;
    vm.handlers.clear();
    vm.depth = 0;
    r.map_err(Failure::Unwound)
}

/// The reply a response record describes (checked again: its header list may have been changed
/// since `make-response` checked it).
fn reply_of(vm: &mut Vm, v: Value) -> R<Reply> {
    vm.check(types::is_response(v), HANDLER, "a response", v)?;
    let status = obj::record_field(v, response::STATUS).fixnum_value() as u16;
    let headers = types::header_list(vm, obj::record_field(v, response::HEADERS), HANDLER)?;
    let body = obj::record_field(v, response::BODY);
    let body = match types::body_bytes(body) {
        Some(bytes) => Body::Bytes(bytes),
        None => Body::Stream(body),
    };
    Ok(Reply {
        status,
        headers,
        body,
    })
}

/// Reports a failed handler on stderr. An `exit` is no way to answer a request: it is reported
/// too, and the instance serves on.
fn report(vm: &mut Vm, failure: Failure) {
    match failure {
        Failure::Unwound(Unwind::Exit(code)) => print_error(
            vm,
            &format!("kiln: `{HANDLER}` called exit ({code}) instead of returning a response\n"),
        ),
        failure => {
            load::report(vm, failure);
        }
    }
    crate::io::flush_all();
}

fn print_error(vm: &mut Vm, text: &str) {
    crate::io::flush_all();
    crate::io::print_err(vm, text);
}
