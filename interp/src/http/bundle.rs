//! http components (`kiln bundle --http`), the guest's side. Unlike a plain bundle, whose
//! `_start` runs the prepared forms, an http component runs its top level once, in the Wizer
//! init run: every request then starts from a heap where `handle` and whatever the top level
//! computed already exist, with the chosen lambdas compiled and statically linked.
//!
//! Host protocol:
//! - the init run (`kiln_http_init`) reads the request of `kiln_bundle_init` on stdin; it
//!   prepares and runs the program's forms with the JIT off (its output is the init run's,
//!   discarded), checks that `handle` is a procedure, then compiles the chosen lambdas into one
//!   aux module parked for the host. A program error ends it with `proc_exit` of its status
//!   (65 read/syntax error or no `handle`, 70 uncaught error);
//! - training (a throwaway instance, live JIT): `kiln_bundle_prepare`, `kiln_bundle_exec`, then
//!   `kiln_http_request` once per training request, then `kiln_bundle_profile`.

use super::handler::{self, Body, Incoming};
use crate::bundle;
use crate::vm::config::JitMode;
use crate::vm::{vm, Vm};

/// Exit status of an init run whose program defines no `handle` (EX_DATAERR, as a syntax error:
/// the program cannot be an http handler).
pub const EXIT_NO_HANDLER: i32 = 65;

/// The Wizer init function of an http component.
#[no_mangle]
pub extern "C" fn kiln_http_init() {
    let vm = vm();
    let request =
        match bundle::read_request().and_then(|r| bundle::configure(vm, &r.options).map(|()| r)) {
            Ok(r) => r,
            Err(msg) => {
                eprintln!("kiln: bad bundle request: {msg}");
                std::process::exit(bundle::EXIT_BAD_REQUEST)
            }
        };
    crate::heap::oom::set_subject(&request.name);
    // Nothing compiles while the top level runs: the chosen lambdas are compiled after it, into
    // the one aux module the host links statically.
    vm.config.jit = JitMode::Off;
    let status = bundle::prepare(vm, &request.name, &request.source);
    if status != 0 {
        exit(status)
    }
    let status = bundle::run(vm);
    if status != 0 {
        exit(status)
    }
    if let Err(msg) = handler::handler(vm) {
        eprintln!("kiln: {}: {msg}", request.name);
        exit(EXIT_NO_HANDLER)
    }
    bundle::compile(vm, &request.lambdas);
    vm.config.jit = JitMode::Off;
    bundle::clear_dead_stack(vm);
}

fn exit(status: i32) -> ! {
    crate::io::flush_all();
    std::process::exit(status)
}

/// What every request does first: the statically linked module counts as linked (and its bytes,
/// parked since the init run, are freed), and output is line-buffered, as in bundles.
pub fn begin_request(vm: &mut Vm) {
    if let Some((_, lambdas)) = vm.jit.pending.take() {
        crate::jit_glue::flush::linked(vm, 0, &lambdas);
    }
    crate::io::stdout::set_line_buffered(true);
}

/// Parses a training request: fields `method`, `path`, `header` (`name: value`, repeatable) and
/// `body`, in the `KEY LEN\n` wire format of `kiln_bundle_init`'s request.
pub fn parse_request(mut bytes: &[u8]) -> Result<Incoming, String> {
    let mut req = Incoming {
        method: "GET".into(),
        path: "/".into(),
        ..Incoming::default()
    };
    while !bytes.is_empty() {
        let (key, value) = bundle::field(&mut bytes)?;
        match key.as_str() {
            "method" => req.method = value,
            "path" => req.path = value,
            "header" => {
                let (name, value) = value
                    .split_once(':')
                    .ok_or_else(|| format!("bad header field {value:?}"))?;
                req.headers
                    .push((name.trim().to_string(), value.trim().as_bytes().to_vec()));
            }
            "body" => req.body = value.into_bytes(),
            other => return Err(format!("unknown field {other:?}")),
        }
    }
    Ok(req)
}

/// Training: runs the handler on one request (`len` bytes at `ptr`, see [`parse_request`]) and
/// discards the response (a streaming body is written into nothing). Returns the status sent,
/// 500 if the handler failed, or 64 for a malformed request.
#[no_mangle]
pub extern "C" fn kiln_http_request(ptr: u32, len: u32) -> u32 {
    // SAFETY: the host wrote `len` bytes at `ptr`, a buffer it got from `kiln_alloc`.
    let bytes = unsafe { std::slice::from_raw_parts(ptr as usize as *const u8, len as usize) };
    let req = match parse_request(bytes) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("kiln: bad training request: {msg}");
            return bundle::EXIT_BAD_REQUEST as u32;
        }
    };
    let vm = vm();
    let status = match handler::respond(vm, &req) {
        Some(reply) => match reply.body {
            Body::Bytes(_) => u32::from(reply.status),
            Body::Stream(proc) if handler::stream(vm, proc, Box::new(|_| {})) => {
                u32::from(reply.status)
            }
            Body::Stream(_) => 500,
        },
        None => 500,
    };
    crate::io::flush_all();
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_requests_use_the_bundle_wire_format() {
        let wire = b"method 4\nPOST\npath 8\n/a?b=c d\nheader 11\nX-One:  1 2\nbody 3\nhi\n\n";
        let req = parse_request(wire).unwrap();
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/a?b=c d");
        assert_eq!(req.headers, [("X-One".to_string(), b"1 2".to_vec())]);
        assert_eq!(req.body, b"hi\n");
        let bare = parse_request(b"").unwrap();
        assert_eq!((bare.method.as_str(), bare.path.as_str()), ("GET", "/"));
        assert!(parse_request(b"header 3\nabc\n")
            .unwrap_err()
            .contains("bad header"));
        assert!(parse_request(b"verb 1\nx\n")
            .unwrap_err()
            .contains("unknown"));
    }
}
