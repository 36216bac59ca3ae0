//! `kiln serve`: the browser demo page (`web/`) on `http://127.0.0.1:PORT/`. The page, the
//! example programs and the guest wasm are embedded in the binary, so the page runs exactly the
//! interpreter `kiln run` runs. A tiny HTTP/1.1 server on `std::net`: GET and HEAD of a fixed set of
//! paths, a fixed pool of worker threads, deadlines for reading a request and writing its answer,
//! loopback only (nothing here is meant for a network).

mod server;

use anyhow::{Context, Result};
use clap::Args;
use server::{Limits, Server};
use std::io::ErrorKind;
use std::net::{Ipv4Addr, TcpListener};

/// Arguments of `kiln serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Port to listen on, on 127.0.0.1 only (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

/// One file the server answers with.
#[derive(Debug)]
pub struct Asset {
    /// The URL path, e.g. `/main.js`.
    pub path: &'static str,
    /// The `Content-Type`.
    pub mime: &'static str,
    pub body: &'static [u8],
}

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const WASM: &str = "application/wasm";
const TEXT: &str = "text/plain; charset=utf-8";

macro_rules! web {
    ($name:literal, $mime:expr) => {
        Asset {
            path: concat!("/", $name),
            mime: $mime,
            body: include_bytes!(concat!("../../web/", $name)),
        }
    };
}

macro_rules! example {
    ($name:literal) => {
        Asset {
            path: concat!("/examples/", $name, ".scm"),
            mime: TEXT,
            body: include_bytes!(concat!("../../examples/", $name, ".scm")),
        }
    };
}

/// A library file of an example (`examples/app/stack.sld`), which the page opens in a tab.
macro_rules! example_file {
    ($path:literal) => {
        Asset {
            path: concat!("/examples/", $path),
            mime: TEXT,
            body: include_bytes!(concat!("../../examples/", $path)),
        }
    };
}

/// The page's files and the examples it offers (the list in `web/main.js`).
static FILES: &[Asset] = &[
    web!("index.html", HTML),
    web!("style.css", CSS),
    web!("main.js", JS),
    web!("worker.js", JS),
    web!("guest.js", JS),
    web!("wasi.js", JS),
    web!("jit.js", JS),
    web!("forms.js", JS),
    web!("chart.js", JS),
    web!("auxview.js", JS),
    web!("wasm-info.js", JS),
    web!("abi.js", JS),
    web!("files.js", JS),
    web!("tabs.js", JS),
    example!("fib"),
    example!("tak"),
    example!("nqueens"),
    example!("mandelbrot"),
    example!("pi-digits"),
    example!("fact1000"),
    example!("maze"),
    example_file!("app/queue.sld"),
    example_file!("app/stack.sld"),
];

/// The guest, at the path `web/worker.js` fetches.
static GUEST: Asset = Asset {
    path: "/kiln.wasm",
    mime: WASM,
    body: crate::guest::GUEST_WASM,
};

/// Exit status when the port cannot be listened on (EX_UNAVAILABLE).
pub const EXIT_UNAVAILABLE: i32 = 69;

/// Serves until the process is killed; returns only if the port cannot be bound.
pub fn serve(args: &ServeArgs) -> Result<i32> {
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, args.port)) {
        Ok(listener) => listener,
        Err(err) => {
            let why = match err.kind() {
                ErrorKind::AddrInUse => "address already in use".to_string(),
                _ => err.to_string(),
            };
            eprintln!("kiln: cannot listen on 127.0.0.1:{}: {why}", args.port);
            return Ok(EXIT_UNAVAILABLE);
        }
    };
    let port = listener
        .local_addr()
        .context("reading the bound address")?
        .port();
    println!("kiln: serving the demo page on http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    Server::new(listener, Limits::default()).run()
}

/// The whole response to a request head.
pub fn respond(head: &str) -> Vec<u8> {
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "GET" && method != "HEAD" {
        return response(
            "405 Method Not Allowed",
            TEXT,
            b"only GET and HEAD\n",
            true,
            &[("Allow", "GET, HEAD")],
        );
    }
    let include_body = method == "GET";
    match find(target) {
        Some(asset) => response("200 OK", asset.mime, asset.body, include_body, &[]),
        None => response("404 Not Found", TEXT, b"not found\n", include_body, &[]),
    }
}

/// The asset at a request target (its query string ignored); `/` is the page.
pub fn find(target: &str) -> Option<&'static Asset> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = if path == "/" { "/index.html" } else { path };
    if path == GUEST.path {
        return Some(&GUEST);
    }
    FILES.iter().find(|a| a.path == path)
}

fn response(
    status: &str,
    mime: &str,
    body: &[u8],
    include_body: bool,
    extra: &[(&str, &str)],
) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head += &format!("{name}: {value}\r\n");
    }
    head += "\r\n";
    let mut out = head.into_bytes();
    if include_body {
        out.extend_from_slice(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_line(response: &[u8]) -> String {
        String::from_utf8_lossy(response)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    }

    fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
        response
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
    }

    #[test]
    fn root_is_the_page() {
        let r = respond("GET / HTTP/1.1\r\nHost: x\r\n");
        let text = String::from_utf8_lossy(&r);
        assert_eq!(status_line(&r), "HTTP/1.1 200 OK");
        assert_eq!(header(&text, "Content-Type"), Some(HTML));
        assert!(text.contains("<script type=\"module\" src=\"main.js\">"));
    }

    #[test]
    fn the_guest_is_served_as_wasm_with_its_exact_bytes() {
        let r = respond("GET /kiln.wasm HTTP/1.1\r\n");
        let text = String::from_utf8_lossy(&r);
        assert_eq!(header(&text, "Content-Type"), Some("application/wasm"));
        assert_eq!(
            header(&text, "Content-Length"),
            Some(crate::guest::GUEST_WASM.len().to_string().as_str())
        );
        assert!(r.ends_with(crate::guest::GUEST_WASM));
        assert!(crate::guest::GUEST_WASM.starts_with(b"\0asm"));
    }

    #[test]
    fn every_module_the_page_imports_is_served_as_javascript() {
        for asset in FILES.iter().filter(|a| a.path.ends_with(".js")) {
            assert_eq!(find(asset.path).map(|a| a.mime), Some(JS), "{}", asset.path);
            let source = std::str::from_utf8(asset.body).unwrap();
            for line in source.lines().filter(|l| l.starts_with("import ")) {
                let module = line.rsplit("'./").next().unwrap().trim_end_matches("';");
                assert!(
                    find(&format!("/{module}")).is_some(),
                    "{} imports unserved {module}",
                    asset.path
                );
            }
        }
    }

    #[test]
    fn every_example_the_page_offers_is_served_with_its_files() {
        let main = std::str::from_utf8(find("/main.js").unwrap().body).unwrap();
        let list = main.split("const EXAMPLES = [").nth(1).unwrap();
        let list = list.split("\n];").next().unwrap();
        let mut seen = 0;
        for line in list.lines().map(str::trim).filter(|l| l.starts_with("['")) {
            let name = line[2..].split('\'').next().unwrap();
            assert!(find(&format!("/examples/{name}.scm")).is_some(), "{name}");
            seen += 1;
            let Some(files) = line.split(", ['").nth(1) else {
                continue;
            };
            for file in files.split(']').next().unwrap().split(", ") {
                let path = format!("/examples/{}", file.trim_matches('\''));
                assert!(find(&path).is_some(), "{name} opens unserved {path}");
            }
        }
        assert!(seen >= 7, "only {seen} examples found in main.js");
    }

    #[test]
    fn examples_and_query_strings() {
        assert_eq!(find("/examples/fib.scm").map(|a| a.mime), Some(TEXT));
        assert_eq!(
            find("/examples/app/stack.sld").map(|a| a.mime),
            Some(TEXT),
            "the maze example's library files"
        );
        assert_eq!(find("/style.css?v=2").map(|a| a.path), Some("/style.css"));
        assert!(find("/../Cargo.toml").is_none());
        assert!(find("/examples/").is_none());
    }

    #[test]
    fn unknown_paths_and_methods_are_refused() {
        assert_eq!(
            status_line(&respond("GET /nope HTTP/1.1\r\n")),
            "HTTP/1.1 404 Not Found"
        );
        assert_eq!(
            status_line(&respond("POST / HTTP/1.1\r\n")),
            "HTTP/1.1 405 Method Not Allowed"
        );
        assert_eq!(status_line(&respond("")), "HTTP/1.1 405 Method Not Allowed");
    }

    #[test]
    fn head_has_the_length_but_no_body() {
        let r = respond("HEAD /main.js HTTP/1.1\r\n");
        let text = String::from_utf8_lossy(&r);
        assert!(text.ends_with("\r\n\r\n"));
        assert_eq!(
            header(&text, "Content-Length"),
            Some(find("/main.js").unwrap().body.len().to_string().as_str())
        );
    }
}
