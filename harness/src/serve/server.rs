//! The server of `kiln serve`: a fixed pool of worker threads, each answering one request per
//! connection, with deadlines for reading the request head and writing the response so that no
//! client can hold a worker for long.

use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest request head accepted (request line and headers).
const MAX_HEAD: u64 = 16 << 10;

/// How the server bounds what clients can hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once: the number of worker threads.
    pub workers: usize,
    /// The whole request head must arrive within this, however the client paces it (a per-read
    /// timeout would let a client sending a byte now and then hold a worker forever).
    pub head_deadline: Duration,
    /// The whole response must be written within this (a client that stops reading is dropped).
    pub write_deadline: Duration,
}

impl Default for Limits {
    /// A browser loading the page opens up to six connections and sends each request at once.
    fn default() -> Limits {
        Limits {
            workers: 8,
            head_deadline: Duration::from_secs(10),
            write_deadline: Duration::from_secs(30),
        }
    }
}

/// A listening socket and the limits it is served under.
pub struct Server {
    listener: TcpListener,
    limits: Limits,
}

impl Server {
    /// A server for `listener` (already bound).
    pub fn new(listener: TcpListener, limits: Limits) -> Server {
        Server { listener, limits }
    }

    /// Accepts connections and hands each to a free worker, until accepting stops for good.
    ///
    /// When every worker is busy the accept loop waits for one (the hand-over channel has no
    /// buffer) and the kernel's listen backlog holds further connections, rather than answering
    /// 503: a page load's requests are then only delayed, never failed, and since each worker is
    /// freed within `head_deadline + write_deadline`, idle or trickling clients cannot starve
    /// the others for longer than that.
    pub fn run(self) -> Result<i32> {
        let (handover, waiting) = mpsc::sync_channel::<TcpStream>(0);
        let waiting = Arc::new(Mutex::new(waiting));
        for n in 0..self.limits.workers.max(1) {
            let (waiting, limits) = (waiting.clone(), self.limits);
            std::thread::Builder::new()
                .name(format!("kiln-serve-{n}"))
                .spawn(move || work(&waiting, &limits))
                .context("starting the server's worker threads")?;
        }
        for stream in self.listener.incoming() {
            match stream {
                Ok(stream) => handover
                    .send(stream)
                    .context("every server worker has stopped")?,
                // A failed connection concerns only its client; keep serving the others.
                Err(err) => eprintln!("kiln: accepting a connection: {err}"),
            }
        }
        Ok(0)
    }
}

/// A worker: serves the connections handed over, one at a time.
fn work(waiting: &Mutex<Receiver<TcpStream>>, limits: &Limits) {
    loop {
        // The lock is held only while waiting: the other idle workers queue behind it.
        let next = match waiting.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(stream) = next else { return };
        // A failed connection concerns only its client.
        let _ = handle(&stream, limits);
    }
}

/// Answers one request, then closes the connection (`Connection: close` keeps the server simple).
/// A head not complete by the deadline gets a 408.
fn handle(stream: &TcpStream, limits: &Limits) -> std::io::Result<()> {
    let response = match read_head(stream, Instant::now() + limits.head_deadline) {
        Ok(head) => super::respond(&head),
        Err(err) if err.kind() == ErrorKind::TimedOut => super::response(
            "408 Request Timeout",
            super::TEXT,
            b"request not received in time\n",
            true,
            &[],
        ),
        Err(err) => return Err(err),
    };
    Until::new(stream, limits.write_deadline).write_all(&response)?;
    stream.shutdown(std::net::Shutdown::Write)
}

/// The request line and headers, up to the blank line, if they all arrive before `deadline`.
fn read_head(stream: &TcpStream, deadline: Instant) -> std::io::Result<String> {
    let until = Until { stream, deadline };
    let mut reader = BufReader::new(until.take(MAX_HEAD));
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            return Ok(head);
        }
        head.push_str(&line);
    }
}

/// A stream whose reads and writes all end by one instant: each waits at most for what is left,
/// then fails with `TimedOut`.
struct Until<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl<'a> Until<'a> {
    fn new(stream: &'a TcpStream, within: Duration) -> Until<'a> {
        Until {
            stream,
            deadline: Instant::now() + within,
        }
    }

    /// The time left, or `TimedOut` once there is none.
    fn left(&self) -> std::io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        Ok(left)
    }
}

/// A socket timeout shows as `WouldBlock` on Unix and `TimedOut` on Windows.
fn timed_out(err: std::io::Error) -> std::io::Error {
    match err.kind() {
        ErrorKind::WouldBlock => ErrorKind::TimedOut.into(),
        _ => err,
    }
}

impl Read for Until<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        self.stream.read(buf).map_err(timed_out)
    }
}

impl Write for Until<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        self.stream.write(buf).map_err(timed_out)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, SocketAddr};

    /// A server on 127.0.0.1 (a free port) under `limits`, running until the tests end.
    fn start(limits: Limits) -> SocketAddr {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || Server::new(listener, limits).run());
        addr
    }

    fn short(workers: usize) -> Limits {
        Limits {
            workers,
            head_deadline: Duration::from_millis(400),
            write_deadline: Duration::from_secs(5),
        }
    }

    fn get(addr: SocketAddr, path: &str) -> String {
        let mut client = TcpStream::connect(addr).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(client, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut response = Vec::new();
        client.read_to_end(&mut response).unwrap();
        String::from_utf8_lossy(&response).into_owned()
    }

    /// Whether the server has answered or closed `client` (waiting up to `wait` for it).
    fn cut_off(client: &mut TcpStream, wait: Duration) -> Option<String> {
        client.set_read_timeout(Some(wait)).unwrap();
        let mut buf = [0; 4096];
        match client.read(&mut buf) {
            Ok(n) => Some(String::from_utf8_lossy(&buf[..n]).into_owned()),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => None,
            // The server closed with our last line unread: a reset, which is a cut-off too.
            Err(e) => Some(format!("reset: {e}")),
        }
    }

    #[test]
    fn answers_a_normal_request() {
        let addr = start(Limits::default());
        let response = get(addr, "/index.html");
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
        assert!(response.ends_with("</html>\n"));
        let guest = get(addr, "/kiln.wasm");
        assert!(guest.starts_with("HTTP/1.1 200 OK\r\nContent-Type: application/wasm\r\n"));
    }

    #[test]
    fn a_trickling_client_is_cut_off_at_the_head_deadline() {
        let limits = short(2);
        let addr = start(limits);
        let mut client = TcpStream::connect(addr).unwrap();
        let started = Instant::now();
        client.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        // One header line every 100 ms: each read returns long before any per-read timeout.
        let answer = loop {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "still connected after {:?}",
                started.elapsed()
            );
            let _ = client.write_all(b"X-Trickle: 1\r\n");
            if let Some(answer) = cut_off(&mut client, Duration::from_millis(100)) {
                break answer;
            }
        };
        let elapsed = started.elapsed();
        assert!(
            elapsed >= limits.head_deadline,
            "cut off early: {elapsed:?}"
        );
        assert!(
            elapsed < limits.head_deadline + Duration::from_secs(2),
            "{elapsed:?}"
        );
        assert!(
            answer.starts_with("HTTP/1.1 408 Request Timeout\r\n") || answer.starts_with("reset"),
            "{answer}"
        );
    }

    #[test]
    fn idle_connections_beyond_the_cap_only_delay_a_request() {
        let limits = short(2);
        let addr = start(limits);
        // One more idle connection than there are workers: it waits in the accept loop.
        let mut idle: Vec<TcpStream> = (0..=limits.workers)
            .map(|_| TcpStream::connect(addr).unwrap())
            .collect();
        std::thread::sleep(Duration::from_millis(50));
        let started = Instant::now();
        let response = get(addr, "/");
        let elapsed = started.elapsed();
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
        // Served once the deadline freed a worker, not before and not much later.
        assert!(elapsed >= limits.head_deadline / 2, "{elapsed:?}");
        assert!(
            elapsed < 2 * limits.head_deadline + Duration::from_secs(2),
            "{elapsed:?}"
        );
        for (n, client) in idle.iter_mut().enumerate() {
            let answer = cut_off(client, Duration::from_secs(5));
            assert!(
                answer.is_some_and(|a| a.starts_with("HTTP/1.1 408 ") || a.starts_with("reset")),
                "idle connection {n} was not closed"
            );
        }
    }
}
