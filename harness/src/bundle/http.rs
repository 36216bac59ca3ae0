//! `kiln bundle --http`: the parts of an http component that plain bundles lack — the training
//! input (a list of HTTP requests) and the componentization of the linked core module with the
//! preview-1 adapter for the `wasi:http/proxy` world.
//!
//! A training input is a sequence of HTTP/1.1 requests as they are sent on the wire: a request
//! line (`GET /path?query HTTP/1.1`), header lines, an empty line, then as many body bytes as
//! `Content-Length` says (none without it); lines end in CRLF or LF, and empty lines between
//! requests are skipped. `Transfer-Encoding` is refused (give a `Content-Length`).

use anyhow::Result;
use kiln_linker::component::{self, Adapter};
use wasi_preview1_component_adapter_provider::{
    WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME, WASI_SNAPSHOT_PREVIEW1_PROXY_ADAPTER,
};

/// The most headers one training request may have.
const MAX_HEADERS: usize = 100;

/// The requests of a training input, each in the wire format of the guest's `kiln_http_request`.
pub fn training_requests(input: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let mut rest = input;
    let mut out = Vec::new();
    loop {
        while let [b'\r' | b'\n', tail @ ..] = rest {
            rest = tail;
        }
        if rest.is_empty() {
            return Ok(out);
        }
        let n = out.len() + 1;
        let (request, used) = one_request(rest).map_err(|e| format!("request {n}: {e}"))?;
        out.push(request);
        rest = &rest[used..];
    }
}

/// The first request of `bytes`, encoded, and how many bytes it took.
fn one_request(bytes: &[u8]) -> Result<(Vec<u8>, usize), String> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let head = match req.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => {
            return Err("the input ends before the empty line after its headers".into())
        }
        Err(e) => return Err(format!("not an HTTP/1.1 request: {e}")),
    };
    let mut out = Vec::new();
    field(&mut out, "method", req.method.unwrap_or("GET").as_bytes());
    field(&mut out, "path", req.path.unwrap_or("/").as_bytes());
    let mut body_len = 0;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err("Transfer-Encoding is not supported; give a Content-Length".into());
        }
        if h.name.eq_ignore_ascii_case("content-length") {
            body_len = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok())
                .ok_or("a Content-Length that is not a number")?;
        }
        let mut line = h.name.as_bytes().to_vec();
        line.extend_from_slice(b": ");
        line.extend_from_slice(h.value);
        field(&mut out, "header", &line);
    }
    let body = bytes
        .get(head..head + body_len)
        .ok_or_else(|| format!("the input ends inside its {body_len}-byte body"))?;
    field(&mut out, "body", body);
    Ok((out, head + body_len))
}

fn field(out: &mut Vec<u8>, key: &str, value: &[u8]) {
    out.extend_from_slice(format!("{key} {}\n", value.len()).as_bytes());
    out.extend_from_slice(value);
    out.push(b'\n');
}

/// The `wasi:http/proxy` component of a linked http core module.
pub fn componentize(core: &[u8]) -> Result<Vec<u8>> {
    let adapter = Adapter {
        name: WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME,
        wasm: WASI_SNAPSHOT_PREVIEW1_PROXY_ADAPTER,
    };
    component::componentize(core, &adapter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn training_requests_are_read_as_on_the_wire() {
        let input = b"GET /a?x=1 HTTP/1.1\nHost: h\n\n\r\n\
            POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello\
            GET / HTTP/1.1\n\n";
        let requests = training_requests(input).unwrap();
        assert_eq!(requests.len(), 3);
        assert_eq!(
            requests[0],
            b"method 3\nGET\npath 6\n/a?x=1\nheader 7\nHost: h\nbody 0\n\n"
        );
        assert_eq!(
            requests[1],
            b"method 4\nPOST\npath 2\n/b\nheader 17\nContent-Length: 5\nbody 5\nhello\n"
        );
        assert!(training_requests(b"").unwrap().is_empty());
    }

    #[test]
    fn bad_training_requests_say_which_and_why() {
        let err = training_requests(b"GET / HTTP/1.1\n\nnonsense\n\n").unwrap_err();
        assert!(
            err.starts_with("request 2: not an HTTP/1.1 request"),
            "{err}"
        );
        let err = training_requests(b"POST / HTTP/1.1\nContent-Length: 9\n\nabc").unwrap_err();
        assert!(err.contains("ends inside its 9-byte body"), "{err}");
        let err = training_requests(b"GET / HTTP/1.1\nHost: x\n").unwrap_err();
        assert!(err.contains("before the empty line"), "{err}");
        let chunked = b"POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n";
        assert!(training_requests(chunked)
            .unwrap_err()
            .contains("Content-Length"));
    }
}
