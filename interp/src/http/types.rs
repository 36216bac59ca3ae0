//! The request and response records of `(kiln http)` and their primitives. Both are ordinary
//! records (of types made here, not by `define-record-type`), so `write` shows them as records.
//!
//! A request is `[method, path, headers, body]`: the method as an upper-case string, the path
//! with its query, the headers as a list of `(name . value)` string pairs (names in lower case,
//! in the order received) and the body as a bytevector. A response is `[status, headers, body]`:
//! a status from 100 to 599, a list of `(name . value)` pairs (a name is a string or a symbol, a
//! value a string) and a body that is a string, a bytevector or a procedure of one argument, a
//! textual output port, that writes the body (streaming).

use crate::heap::object::{record, store, tag};
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};
use std::cell::Cell;

/// Field indices of a request record.
pub mod request {
    pub const METHOD: u32 = 0;
    pub const PATH: u32 = 1;
    pub const HEADERS: u32 = 2;
    pub const BODY: u32 = 3;
    pub const FIELDS: &[&str] = &["method", "path", "headers", "body"];
}

/// Field indices of a response record.
pub mod response {
    pub const STATUS: u32 = 0;
    pub const HEADERS: u32 = 1;
    pub const BODY: u32 = 2;
    pub const FIELDS: &[&str] = &["status", "headers", "body"];
}

thread_local! {
    /// The two record types, made at install and kept alive by hidden globals.
    static TYPES: Cell<(Value, Value)> = const { Cell::new((Value::FALSE, Value::FALSE)) };
}

fn request_type() -> Value {
    TYPES.with(|t| t.get().0)
}

fn response_type() -> Value {
    TYPES.with(|t| t.get().1)
}

/// Makes the record types and defines the primitives.
pub fn install(vm: &mut Vm) {
    let req = crate::prims::records::builtin_type(vm, "request", request::FIELDS);
    vm.define_global("%kiln-http-request-type", req);
    let resp = crate::prims::records::builtin_type(vm, "response", response::FIELDS);
    vm.define_global("%kiln-http-response-type", resp);
    TYPES.with(|t| t.set((req, resp)));
    vm.def_prims(&[
        ("make-request", 4, 4, make_request),
        ("request?", 1, 1, request_p),
        ("request-method", 1, 1, request_method),
        ("request-path", 1, 1, request_path),
        ("request-headers", 1, 1, request_headers),
        ("request-header", 2, 2, request_header),
        ("request-body", 1, 1, request_body),
        ("request-body-string", 1, 1, request_body_string),
        ("make-response", 3, 3, make_response),
        ("response?", 1, 1, response_p),
        ("response-status", 1, 1, response_status),
        ("response-headers", 1, 1, response_headers),
        ("response-body", 1, 1, response_body),
    ]);
}

/// A record of type `rtd` holding `values` (which the allocation keeps alive).
fn record_of(vm: &mut Vm, rtd: Value, values: &[Value]) -> Value {
    let n = values.len() as u32;
    let mut keep = values.to_vec();
    keep.push(rtd);
    let r = Value(vm.alloc(tag::RECORD, record::size(n), &keep));
    store(r.0, record::LENGTH, n);
    obj::store_field(r, record::TYPE, rtd);
    for (i, &v) in values.iter().enumerate() {
        obj::set_record_field(r, i as u32, v);
    }
    r
}

fn is_record_of(v: Value, rtd: Value) -> bool {
    obj::is(v, tag::RECORD) && obj::load_field(v, record::TYPE) == rtd
}

/// Whether `v` is a request.
pub fn is_request(v: Value) -> bool {
    is_record_of(v, request_type())
}

/// Whether `v` is a response.
pub fn is_response(v: Value) -> bool {
    is_record_of(v, response_type())
}

/// A request record from its parts, for the handler glue and the training run.
pub fn new_request(
    vm: &mut Vm,
    method: &str,
    path: &str,
    headers: &[(String, Vec<u8>)],
    body: &[u8],
) -> Value {
    let mark = vm.roots.len();
    let method = vm.string(method);
    vm.protect(method);
    let path = vm.string(path);
    vm.protect(path);
    let mut alist = Value::NIL;
    for (name, value) in headers.iter().rev() {
        let slot = vm.protect(alist);
        let n = vm.string(&name.to_ascii_lowercase());
        vm.protect(n);
        let v = vm.string(&String::from_utf8_lossy(value));
        let pair = vm.cons(n, v);
        alist = vm.cons(pair, vm.roots[slot]);
        vm.unprotect(slot);
    }
    vm.protect(alist);
    let body = vm.bytevector(body);
    let r = record_of(vm, request_type(), &[method, path, alist, body]);
    vm.unprotect(mark);
    r
}

fn check_request(vm: &mut Vm, v: Value, who: &str) -> R<()> {
    vm.check(is_request(v), who, "a request", v)
}

fn check_response(vm: &mut Vm, v: Value, who: &str) -> R<()> {
    vm.check(is_response(v), who, "a response", v)
}

/// `(make-request method path headers body)`: a request, for trying a handler without a server.
/// The body is a string or a bytevector.
fn make_request(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    const WHO: &str = "make-request";
    vm.check(obj::is(a[0], tag::STRING), WHO, "a method string", a[0])?;
    vm.check(obj::is(a[1], tag::STRING), WHO, "a path string", a[1])?;
    let headers = header_list(vm, a[2], WHO)?;
    let body = body_bytes(a[3]).ok_or_else(|| {
        vm.error(
            &format!("{WHO}: expected a string or a bytevector as the body"),
            &[a[3]],
        )
    })?;
    let method = obj::string(a[0]).as_str().to_string().to_ascii_uppercase();
    let path = obj::string(a[1]).as_str().to_string();
    Ok(new_request(vm, &method, &path, &headers, &body))
}

/// The bytes of a string or bytevector body.
pub fn body_bytes(v: Value) -> Option<Vec<u8>> {
    if obj::is(v, tag::STRING) {
        Some(obj::string(v).as_str().to_string().into_bytes())
    } else if obj::is(v, tag::BYTEVECTOR) {
        Some(obj::bytes(v).to_vec())
    } else {
        None
    }
}

/// The `(name . value)` pairs of a header list: names strings or symbols, values strings.
pub fn header_list(vm: &mut Vm, list: Value, who: &str) -> R<Vec<(String, Vec<u8>)>> {
    let what = "a list of (name . value) header pairs";
    let items = match obj::list_to_vec(list) {
        Some(items) => items,
        None => return Err(vm.error(&format!("{who}: expected {what}"), &[list])),
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let ok = obj::is_pair(item)
            && (obj::is(obj::car(item), tag::STRING) || obj::is(obj::car(item), tag::SYMBOL))
            && obj::is(obj::cdr(item), tag::STRING);
        vm.check(ok, who, "a (name . value) header pair of strings", item)?;
        let name = match obj::car(item) {
            n if obj::is(n, tag::STRING) => obj::string(n).as_str().to_string(),
            n => obj::symbol_name(n).to_string(),
        };
        out.push((
            name,
            obj::string(obj::cdr(item))
                .as_str()
                .to_string()
                .into_bytes(),
        ));
    }
    Ok(out)
}

fn request_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_request(a[0])))
}

fn request_field(vm: &mut Vm, v: Value, who: &str, field: u32) -> R<Value> {
    check_request(vm, v, who)?;
    Ok(obj::record_field(v, field))
}

fn request_method(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    request_field(vm, a[0], "request-method", request::METHOD)
}

fn request_path(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    request_field(vm, a[0], "request-path", request::PATH)
}

fn request_headers(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    request_field(vm, a[0], "request-headers", request::HEADERS)
}

fn request_body(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    request_field(vm, a[0], "request-body", request::BODY)
}

/// `(request-header request name)`: the first value of header `name` (any case; a string or a
/// symbol), or `#f`.
fn request_header(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    const WHO: &str = "request-header";
    let headers = request_field(vm, a[0], WHO, request::HEADERS)?;
    let name = match a[1] {
        n if obj::is(n, tag::STRING) => obj::string(n).as_str().to_string(),
        n if obj::is(n, tag::SYMBOL) => obj::symbol_name(n).to_string(),
        n => return Err(vm.error(&format!("{WHO}: expected a header name"), &[n])),
    };
    for pair in obj::list_to_vec(headers).unwrap_or_default() {
        let key = obj::is_pair(pair).then(|| obj::car(pair));
        if key.is_some_and(|k| {
            obj::is(k, tag::STRING) && obj::string(k).as_str().eq_ignore_ascii_case(&name)
        }) {
            return Ok(obj::cdr(pair));
        }
    }
    Ok(Value::FALSE)
}

/// `(request-body-string request)`: the body decoded as UTF-8 (invalid sequences become U+FFFD).
fn request_body_string(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let body = request_field(vm, a[0], "request-body-string", request::BODY)?;
    let text = String::from_utf8_lossy(obj::bytes(body)).into_owned();
    Ok(vm.string(&text))
}

/// `(make-response status headers body)`.
fn make_response(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    const WHO: &str = "make-response";
    let status_ok = a[0].is_fixnum() && (100..=599).contains(&a[0].fixnum_value());
    vm.check(status_ok, WHO, "an HTTP status from 100 to 599", a[0])?;
    header_list(vm, a[1], WHO)?;
    let body_ok =
        obj::is(a[2], tag::STRING) || obj::is(a[2], tag::BYTEVECTOR) || obj::is_procedure(a[2]);
    vm.check(
        body_ok,
        WHO,
        "a string, a bytevector or a procedure as the body",
        a[2],
    )?;
    Ok(record_of(vm, response_type(), &[a[0], a[1], a[2]]))
}

fn response_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_response(a[0])))
}

fn response_field(vm: &mut Vm, v: Value, who: &str, field: u32) -> R<Value> {
    check_response(vm, v, who)?;
    Ok(obj::record_field(v, field))
}

fn response_status(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    response_field(vm, a[0], "response-status", response::STATUS)
}

fn response_headers(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    response_field(vm, a[0], "response-headers", response::HEADERS)
}

fn response_body(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    response_field(vm, a[0], "response-body", response::BODY)
}
