//! The `wasi:http/incoming-handler` export: where the component world (WASI 0.2 resources,
//! through the `wasip2` crate's bindings) meets the interpreter. Everything else in the guest
//! speaks WASI preview 1; the preview-1 adapter `kiln bundle --http` links in maps that onto the
//! component's `wasi:cli` and `wasi:io` imports.
//!
//! Every guest carries this export and imports the `wasi:http`/`wasi:io` functions it calls;
//! hosts that are not http hosts define those imports as traps (`kiln run`), stubs (plain
//! bundles, the page): nothing calls them there.

use super::handler::{self, Body, Incoming, Reply};
use crate::vm::{vm, Vm};
use std::cell::RefCell;
use std::rc::Rc;
use wasip2::http::types::{
    ErrorCode, Fields, IncomingBody, IncomingRequest, Method, OutgoingBody, OutgoingResponse,
    ResponseOutparam,
};
use wasip2::io::streams::{OutputStream, StreamError};

/// The most `blocking-write-and-flush` takes at once (WASI 0.2: 4096 bytes).
const WRITE_MAX: usize = 4096;
/// How much `blocking-read` asks for at once.
const READ_CHUNK: u64 = 64 << 10;

struct Handler;

impl wasip2::exports::http::incoming_handler::Guest for Handler {
    fn handle(request: IncomingRequest, out: ResponseOutparam) {
        serve(request, out);
    }
}

wasip2::http::proxy::export!(Handler);

fn serve(request: IncomingRequest, out: ResponseOutparam) {
    let vm = vm();
    super::bundle::begin_request(vm);
    let incoming = match read(&request) {
        Ok(incoming) => incoming,
        Err(msg) => {
            eprintln!("kiln: reading the request: {msg}");
            ResponseOutparam::set(out, Err(ErrorCode::InternalError(Some(msg))));
            return;
        }
    };
    drop(request);
    let reply = handler::respond(vm, &incoming).unwrap_or_else(Reply::server_error);
    send(vm, out, reply);
    crate::io::flush_all();
}

/// The request's method, path, headers and whole body.
fn read(request: &IncomingRequest) -> Result<Incoming, String> {
    let method = match request.method() {
        Method::Get => "GET".to_string(),
        Method::Head => "HEAD".into(),
        Method::Post => "POST".into(),
        Method::Put => "PUT".into(),
        Method::Delete => "DELETE".into(),
        Method::Connect => "CONNECT".into(),
        Method::Options => "OPTIONS".into(),
        Method::Trace => "TRACE".into(),
        Method::Patch => "PATCH".into(),
        Method::Other(m) => m,
    };
    let path = request.path_with_query().unwrap_or_else(|| "/".into());
    let headers = request.headers().entries();
    let body = request
        .consume()
        .map_err(|()| "its body was already taken".to_string())?;
    let bytes = read_body(&body)?;
    drop(IncomingBody::finish(body));
    Ok(Incoming {
        method,
        path,
        headers,
        body: bytes,
    })
}

fn read_body(body: &IncomingBody) -> Result<Vec<u8>, String> {
    let stream = body
        .stream()
        .map_err(|()| "its body stream was already taken".to_string())?;
    let mut bytes = Vec::new();
    loop {
        match stream.blocking_read(READ_CHUNK) {
            Ok(chunk) => bytes.extend_from_slice(&chunk),
            Err(StreamError::Closed) => return Ok(bytes),
            Err(StreamError::LastOperationFailed(e)) => {
                return Err(format!("the body failed: {}", e.to_debug_string()))
            }
        }
    }
}

/// Where a response stands: its head can still change until the first body bytes go out (so a
/// streaming handler that fails early still gets its 500).
enum Outgoing {
    Head(ResponseOutparam, OutgoingResponse, OutgoingBody),
    Body(OutgoingBody, OutputStream),
    /// The body failed to write (the client went away): the rest is dropped.
    Broken,
}

impl Outgoing {
    /// A response with `reply`'s status and headers, not sent yet. Headers wasi:http refuses
    /// (bad names or values) are reported, and the reply becomes a 500.
    fn prepare(out: ResponseOutparam, reply: &Reply) -> Result<Outgoing, ResponseOutparam> {
        let response = match response(reply) {
            Ok(r) => r,
            Err(msg) => {
                eprintln!("kiln: {msg}");
                return Err(out);
            }
        };
        let body = response
            .body()
            .expect("a new response's body is there to take");
        Ok(Outgoing::Head(out, response, body))
    }

    /// Sends the head (if not yet sent) and `bytes`.
    fn write(&mut self, bytes: &[u8]) {
        if let Outgoing::Head(..) = self {
            let Outgoing::Head(out, response, body) = std::mem::replace(self, Outgoing::Broken)
            else {
                unreachable!()
            };
            ResponseOutparam::set(out, Ok(response));
            if let Ok(stream) = body.write() {
                *self = Outgoing::Body(body, stream);
            }
        }
        if let Outgoing::Body(_, stream) = self {
            for chunk in bytes.chunks(WRITE_MAX) {
                if stream.blocking_write_and_flush(chunk).is_err() {
                    *self = Outgoing::Broken;
                    return;
                }
            }
        }
    }

    /// Ends the body normally.
    fn finish(mut self) {
        self.write(&[]);
        if let Outgoing::Body(body, stream) = self {
            drop(stream);
            if let Err(e) = OutgoingBody::finish(body, None) {
                eprintln!("kiln: finishing the response body: {e:?}");
            }
        }
    }
}

fn response(reply: &Reply) -> Result<OutgoingResponse, String> {
    let headers = Fields::new();
    for (name, value) in &reply.headers {
        headers.append(name, value).map_err(|e| {
            format!(
                "the response header {name:?}: {:?} is refused: {e:?}",
                String::from_utf8_lossy(value)
            )
        })?;
    }
    // A whole body's length is known: saying so spares the client chunked decoding.
    if let Body::Bytes(bytes) = &reply.body {
        let given = reply
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-length"));
        if !given {
            headers
                .append("content-length", bytes.len().to_string().as_bytes())
                .map_err(|e| format!("the content-length header is refused: {e:?}"))?;
        }
    }
    let response = OutgoingResponse::new(headers);
    response
        .set_status_code(reply.status)
        .map_err(|()| format!("the status {} is refused", reply.status))?;
    Ok(response)
}

fn send(vm: &mut Vm, out: ResponseOutparam, reply: Reply) {
    let outgoing = match Outgoing::prepare(out, &reply) {
        Ok(o) => o,
        Err(out) => return send(vm, out, Reply::server_error()),
    };
    match reply.body {
        Body::Bytes(bytes) => {
            let mut outgoing = outgoing;
            outgoing.write(&bytes);
            outgoing.finish();
        }
        Body::Stream(proc) => {
            let shared = Rc::new(RefCell::new(Some(outgoing)));
            let sink = shared.clone();
            let ok = handler::stream(
                vm,
                proc,
                Box::new(move |bytes| {
                    if let Some(o) = sink.borrow_mut().as_mut() {
                        o.write(bytes);
                    }
                }),
            );
            let Some(outgoing) = shared.borrow_mut().take() else {
                return;
            };
            match (ok, outgoing) {
                (true, outgoing) => outgoing.finish(),
                // Nothing went out yet: the client still gets a proper error.
                (false, Outgoing::Head(out, response, body)) => {
                    drop(body);
                    drop(response);
                    send(vm, out, Reply::server_error());
                }
                // Dropping the body unfinished tells the client the response is incomplete.
                (false, _) => {}
            }
        }
    }
}
