//! `kiln serve` through the real binary: a port already taken is a user error, and the page is
//! served. (The connection cap and the request-head deadline are tested with short limits in
//! `src/serve/server.rs`.)

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn kiln(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.args(args);
    cmd
}

/// Kills the server when the test ends, however it ends.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_port_in_use_is_reported_as_unavailable() {
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = kiln(&["serve", "--port", &port]).output().unwrap();
    assert_eq!(o.status.code(), Some(69));
    assert!(o.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!("kiln: cannot listen on 127.0.0.1:{port}: address already in use\n")
    );
}

#[test]
fn the_page_is_served_on_the_announced_port() {
    let mut child = kiln(&["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let serving = Serving(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let port: u16 = line
        .strip_prefix("kiln: serving the demo page on http://127.0.0.1:")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("unexpected announcement: {line:?}"))
        .parse()
        .unwrap();
    for (path, status) in [
        ("/", "200 OK"),
        ("/main.js", "200 OK"),
        ("/nope", "404 Not Found"),
    ] {
        let mut client = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(client, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut response = Vec::new();
        client.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response);
        assert!(
            response.starts_with(&format!("HTTP/1.1 {status}\r\n")),
            "{path}: {response}"
        );
    }
    drop(serving);
}
