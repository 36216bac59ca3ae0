//! A real `wasmtime serve` (wasmtime-cli 46, which `tests/run.sh` installs) serving a component
//! on 127.0.0.1, and a minimal HTTP/1.1 client for it: one connection per request
//! (`Connection: close`), the answer read to the end of the stream.

use crate::message::{Answer, Request, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// The wasmtime family Kiln is built on: the served component must run on its `serve`.
const VERSION: &str = "wasmtime 46.";

/// How long a request (a 3 MB upload, a 1 MB answer) may take on a loaded machine.
const IO_TIMEOUT: Duration = Duration::from_secs(120);

/// The `wasmtime` to run: `$KILN_WASMTIME`, else the one on `PATH`; it must be a 46.x.
pub fn wasmtime() -> PathBuf {
    let path = std::env::var_os("KILN_WASMTIME").map_or_else(|| "wasmtime".into(), PathBuf::from);
    let version = Command::new(&path)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    assert!(
        version.starts_with(VERSION),
        "{} is not wasmtime 46 (it says {version:?}): install it with \
         `cargo install --locked wasmtime-cli --version 46.0.3` (tests/run.sh does), \
         or name one with KILN_WASMTIME",
        path.display()
    );
    path
}

/// A running `wasmtime serve`; killed when dropped.
pub struct Served {
    child: Child,
    addr: SocketAddr,
    /// Everything the server wrote on stderr so far (its handlers' stderr, line-prefixed).
    stderr: Arc<Mutex<String>>,
}

impl Served {
    /// Starts `wasmtime serve` on a free loopback port with `component`; `built` (what
    /// `kiln bundle` said) goes into the failure message if it does not start.
    pub fn start(component: &Path, built: &str) -> Served {
        let mut child = Command::new(wasmtime())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg(component)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting wasmtime serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let pipe = child.stderr.take().expect("a stderr pipe");
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = line
                    .strip_prefix("Serving HTTP on http://")
                    .and_then(|a| a.trim_end_matches('/').parse::<SocketAddr>().ok())
                {
                    let _ = tx.send(addr);
                }
                let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        });
        // Compiling the component comes first: seconds on a loaded machine.
        let addr = rx.recv_timeout(IO_TIMEOUT).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!(
                "wasmtime serve {} did not start listening:\n{}\nkiln bundle said:\n{built}",
                component.display(),
                stderr.lock().unwrap()
            )
        });
        Served {
            child,
            addr,
            stderr,
        }
    }

    fn stderr_now(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server for Served {
    fn send(&self, req: &Request) -> Answer {
        let mut stream = TcpStream::connect(self.addr).expect("connecting to wasmtime serve");
        stream.set_read_timeout(Some(IO_TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(IO_TIMEOUT)).unwrap();
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
            req.method, req.path
        );
        for (name, value) in req.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !req.body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", req.body.len()));
        }
        head.push_str("\r\n");
        stream
            .write_all(head.as_bytes())
            .expect("sending a request");
        stream.write_all(req.body).expect("sending a request body");
        let mut bytes = Vec::new();
        stream
            .read_to_end(&mut bytes)
            .expect("reading the answer to its end");
        let mut answer = parse(&bytes);
        answer.stderr = self.stderr_now();
        answer
    }

    /// The server's stderr comes through a pipe: give it a moment to arrive.
    fn stderr_shows(&self, _: &Answer, text: &str) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.stderr_now().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

/// The answer in `bytes`, a whole HTTP/1.1 response.
fn parse(bytes: &[u8]) -> Answer {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut response = httparse::Response::new(&mut headers);
    let len = match response.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        other => panic!(
            "not an HTTP response ({other:?}): {:?}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        ),
    };
    let headers: Vec<(String, String)> = response
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let rest = &bytes[len..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        match headers.iter().find(|(n, _)| n == "content-length") {
            Some((_, n)) => {
                let n: usize = n.parse().expect("a numeric content-length");
                rest.get(..n)
                    .map(<[u8]>::to_vec)
                    .ok_or_else(|| format!("{} of {n} body bytes", rest.len()))
            }
            None => Ok(rest.to_vec()),
        }
    };
    Answer {
        status: response.code.expect("a status"),
        headers,
        body,
        stderr: String::new(),
    }
}

/// A chunked body, decoded; `Err` if it breaks off before its last chunk.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("the body breaks off before a chunk size")?;
        let size = std::str::from_utf8(&rest[..line_end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
            .ok_or("a chunk size that is not hexadecimal")?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = rest
            .get(..size)
            .ok_or_else(|| format!("a {size}-byte chunk breaks off"))?;
        body.extend_from_slice(chunk);
        rest = rest.get(size + 2..).ok_or("a chunk without its CRLF")?;
    }
}
