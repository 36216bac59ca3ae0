//! The answers the http test app (`app.scm`) must give, whoever serves it.

use crate::message::{Request, Server};

/// Checks every route's answer; `what` names the component in failures.
pub fn check_routes(server: &impl Server, what: &str) {
    let hello = server.send(&Request::get("/"));
    assert_eq!(
        (hello.status, hello.text().as_str()),
        (200, "hello\n"),
        "{what}"
    );
    assert_eq!(
        hello.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(hello.header("content-length"), Some("6"), "{what}");

    let echo = server.send(&Request {
        method: "POST",
        path: "/echo",
        headers: &[("content-type", "text/plain")],
        body: "ping é".as_bytes(),
    });
    assert_eq!(echo.status, 201, "{what}: {echo:?}");
    assert_eq!(echo.header("x-method"), Some("POST"), "{what}");
    assert_eq!(echo.header("x-length"), Some("7"), "{what}");
    assert_eq!(echo.text(), "ping é", "{what}");

    let tagged = server.send(&Request {
        method: "GET",
        path: "/headers?q=1",
        headers: &[("X-Test", "yes")],
        body: b"",
    });
    assert_eq!(tagged.text(), "yes", "{what}: header lookup ignores case");
    assert_eq!(server.send(&Request::get("/headers?q=1")).text(), "none");

    let big = server.send(&Request::get("/big"));
    let body = big.body.as_ref().expect("the big body is whole");
    assert_eq!(body.len(), 1_000_000, "{what}");
    assert!(body.iter().all(|&b| b == b'A'), "{what}");

    let upload = vec![b'z'; 3_000_000];
    let echoed = server.send(&Request {
        method: "PUT",
        path: "/echo",
        headers: &[],
        body: &upload,
    });
    assert_eq!(echoed.header("x-length"), Some("3000000"), "{what}");
    assert_eq!(echoed.body.as_deref(), Ok(&upload[..]), "{what}");

    let streamed = server.send(&Request::get("/stream"));
    let expected: String = (0..3000).map(|i| format!("line {i}\n")).collect();
    assert_eq!(streamed.text(), expected, "{what}");
    assert_eq!(streamed.header("content-length"), None, "{what}: streamed");

    let page = server.send(&Request::get("/page"));
    assert_eq!(page.header("content-type"), Some("text/html"), "{what}");
    assert_eq!(
        page.text(),
        "<h1>Items</h1><ul><li>alpha</li><li>beta</li><li>gamma</li></ul>\n"
    );
    assert_eq!(
        server.send(&Request::get("/fib")).text(),
        "75025\n",
        "{what}"
    );
    let missing = server.send(&Request::get("/nope"));
    assert_eq!(
        (missing.status, missing.text().as_str()),
        (404, "not found\n")
    );
}

/// A handler error is a 500 with a short body and the message on stderr; requests after it are
/// served normally.
pub fn check_handler_error(server: &impl Server, what: &str) {
    let failed = server.send(&Request::get("/fail"));
    assert_eq!(failed.status, 500, "{what}: {failed:?}");
    assert_eq!(failed.text(), "500 Internal Server Error\n", "{what}");
    assert!(
        server.stderr_shows(&failed, "error: boom 42"),
        "{what}: {failed:?}"
    );
    let after = server.send(&Request::get("/"));
    assert_eq!(
        (after.status, after.text().as_str()),
        (200, "hello\n"),
        "{what}"
    );
    let stream = server.send(&Request::get("/fail-stream"));
    assert_eq!(
        (stream.status, stream.text().as_str()),
        (500, "500 Internal Server Error\n"),
        "{what}"
    );
    assert!(
        server.stderr_shows(&stream, "error: stream boom"),
        "{what}: {stream:?}"
    );
    assert_eq!(
        server.send(&Request::get("/fib")).text(),
        "75025\n",
        "{what}"
    );
}
