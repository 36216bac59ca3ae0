//! Running a command with piped stdin, a timeout and drained pipes: what every test that spawns
//! `kiln` (or a bundle under Node or wasmtime) needs. A test binary that wants only this includes
//! it alone: `#[path = "common/process.rs"] mod process;`.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What a finished (or killed) process produced.
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Exit status; `None` if killed by a signal or by the timeout.
    pub code: Option<i32>,
    /// `None` only when the timeout killed the process.
    pub status: Option<ExitStatus>,
    pub timed_out: bool,
}

impl Outcome {
    /// The run as `std::process::Output`, or `None` if it timed out.
    pub fn finished(self) -> Option<Output> {
        Some(Output {
            status: self.status?,
            stdout: self.stdout,
            stderr: self.stderr,
        })
    }
}

/// Runs `cmd` feeding `input` to stdin, killing it (and its process group: `run-bundle.mjs`
/// relaunches Node, and a grandchild left running would hold the pipes open) after `timeout`.
/// Pipes are drained on their own threads so a chatty program can't deadlock us, and stdin is
/// written on its own thread so a program whose output fills its pipe can't either.
pub fn run_process(cmd: &mut Command, input: &[u8], timeout: Duration) -> std::io::Result<Outcome> {
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(cmd, 0);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    // A program may exit without reading its input; a broken pipe is fine then.
    let writer = thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let (out, out_reader) = drain(child.stdout.take().expect("piped stdout"));
    let (err, err_reader) = drain(child.stderr.take().expect("piped stderr"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() > timeout {
            // `--` matters: procps-ng's kill reads `-KILL -13497` as `kill(-1, SIGKILL)`, which
            // kills every process we may signal (it took the test runner and its shell down).
            #[cfg(unix)]
            let _ = Command::new("kill")
                .args(["-s", "KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(10));
    };
    if status.is_some() {
        // After a timeout the readers are left detached: a stray grandchild could
        // still hold the pipes open, and waiting for it would hang the suite.
        let _ = (writer.join(), out_reader.join(), err_reader.join());
    }
    let take = |buf: Arc<Mutex<Vec<u8>>>| std::mem::take(&mut *buf.lock().unwrap());
    Ok(Outcome {
        stdout: take(out),
        stderr: take(err),
        code: status.and_then(|s| s.code()),
        timed_out: status.is_none(),
        status,
    })
}

/// Copies everything from `pipe` into a shared buffer on a new thread, so partial
/// output stays available even if the thread is never joined.
fn drain(mut pipe: impl Read + Send + 'static) -> (Arc<Mutex<Vec<u8>>>, thread::JoinHandle<()>) {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&buf);
    let handle = thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        while let Ok(n @ 1..) = pipe.read(&mut chunk) {
            sink.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    (buf, handle)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn run_process_feeds_stdin_and_reports_status() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "cat; echo oops >&2; exit 3"]);
        let out = run_process(&mut cmd, b"piped", Duration::from_secs(20)).unwrap();
        assert_eq!(out.stdout, b"piped");
        assert_eq!(out.stderr, b"oops\n");
        assert_eq!((out.code, out.timed_out), (Some(3), false));
        assert_eq!(out.finished().unwrap().status.code(), Some(3));
    }

    #[test]
    fn run_process_keeps_partial_output_on_timeout() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo started; exec sleep 30"]);
        let started = Instant::now();
        let out = run_process(&mut cmd, b"", Duration::from_millis(500)).unwrap();
        assert!(out.timed_out && out.code.is_none());
        assert_eq!(out.stdout, b"started\n");
        assert!(started.elapsed() < Duration::from_secs(20));
        assert!(out.finished().is_none());
    }
}
