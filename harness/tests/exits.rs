//! How a program ends when it does not end normally, through the real binary: out of memory with
//! no `--max-memory` (the guest's whole 4 GiB), and exit statuses WASI's `proc_exit` cannot
//! carry. In each case what the program printed before is kept.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn kiln() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.env(
        "KILN_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
    );
    cmd
}

fn program(name: &str, source: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("exits");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.scm"));
    std::fs::write(&path, source).unwrap();
    path.to_string_lossy().into_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn allocating_forever_ends_with_out_of_memory_at_4_gib() {
    // 4 GiB of pairs and vectors: a few seconds, and all of the guest's memory.
    let path = program(
        "forever",
        "(display \"before\") (newline)\n\
         (define (grow l) (grow (cons (make-vector 1000 0) l)))\n\
         (grow '())\n",
    );
    let out = kiln().args(["run", "--jit=off", &path]).output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(137), "{stderr}");
    assert_eq!(text(&out.stdout), "before\n");
    // The heap grows in chunks, so the last one that fails may leave up to a chunk unused.
    let reached: u32 = stderr
        .split("memory reached ")
        .nth(1)
        .and_then(|rest| rest.split(" MiB").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no size in {stderr}"));
    assert!(
        stderr.contains("kiln: out of memory: ") && (4064..=4096).contains(&reached),
        "{stderr}"
    );
    for leak in [
        "memory allocation of",
        "RUST_BACKTRACE",
        "wasm backtrace",
        "unreachable",
    ] {
        assert!(!stderr.contains(leak), "{leak:?} in {stderr}");
    }
}

#[test]
fn an_exit_status_wasi_cannot_carry_still_reaches_the_shell() {
    // The REPL ends the process from inside the guest (proc_exit), which refuses 126 and up.
    let mut child = kiln()
        .args(["repl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let session = "(display \"bye\") (newline)\n(exit 200)\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(session.as_bytes())
        .unwrap();
    let out: Output = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(200), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "bye\n");
    assert_eq!(text(&out.stderr), "");
    // emergency-exit leaves through proc_exit in `kiln run` too.
    let path = program("emergency", "(display \"x\") (emergency-exit 130)");
    let out = kiln().args(["run", &path]).output().unwrap();
    assert_eq!(
        (out.status.code(), text(&out.stdout)),
        (Some(130), "x".into())
    );
}
