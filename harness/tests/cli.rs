//! End-to-end tests of the `kiln` binary: exit statuses, messages and the piped REPL.
//!
//! They were developed against a stub guest; each test names, in a `stub:` comment, the stub
//! behaviour it relies on, so it can be checked against the real interpreter.

#[path = "common/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A `kiln` command sharing one module cache, so the guest is compiled once for all tests.
fn kiln(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.args(args).env(
        "KILN_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
    );
    cmd
}

/// Writes `source` to a fresh file named after the test.
fn program(name: &str, source: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("programs");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.scm"));
    std::fs::write(&path, source).unwrap();
    path
}

fn run(opts: &[&str], name: &str, source: &str, args: &[&str]) -> (Output, String) {
    let path = program(name, source);
    let path = path.to_str().unwrap().to_string();
    let all: Vec<&str> = ["run"]
        .iter()
        .chain(opts)
        .chain([&path.as_str()])
        .chain(args)
        .copied()
        .collect();
    (kiln(&all).output().unwrap(), path)
}

/// Runs `kiln repl` on `session` as piped stdin (a hang past 20 s is a failure).
fn repl(opts: &[&str], session: &str) -> Output {
    let mut cmd = kiln(&[&["repl"], opts].concat());
    process::run_process(&mut cmd, session.as_bytes(), Duration::from_secs(20))
        .expect("starting kiln repl")
        .finished()
        .expect("kiln repl did not finish within 20 s")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// No host panic or Rust backtrace may ever reach the user.
fn assert_no_host_panic(o: &Output) {
    let err = stderr(o);
    assert!(
        !err.contains("thread 'kiln' panicked") && !err.contains("stack backtrace:"),
        "{err}"
    );
}

#[test]
fn program_output_and_status_zero() {
    // stub: prints the string of `(display "…")`.
    let (o, _) = run(&[], "hello", r#"(display "hello")"#, &[]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), "hello"));
}

#[test]
fn command_line_is_file_then_arguments() {
    // stub: `(write (command-line))` writes the WASI args as a list of strings.
    let (o, path) = run(
        &[],
        "cmdline",
        "(write (command-line))",
        &["a", "--b", "-c"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!(r#"("{path}" "a" "--b" "-c")"#));
}

#[test]
fn exit_gives_its_status_after_flushing_output() {
    // stub: evaluates datums in order; `(exit n)` flushes stdout and calls proc_exit(n).
    let (o, _) = run(&[], "exit3", r#"(display "before") (exit 3)"#, &[]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(3), "before"));
    assert_eq!(stderr(&o), "");
}

#[test]
fn uncaught_error_is_status_70_with_the_guests_message() {
    // stub: `(car 1)` prints "error: …" on stderr and returns 70.
    let (o, _) = run(&[], "car", "(car 1)", &[]);
    assert_eq!(o.status.code(), Some(70));
    let err = stderr(&o);
    assert!(
        !err.is_empty() && !err.contains("kiln: internal error"),
        "{err}"
    );
}

#[test]
fn syntax_error_is_status_65() {
    // stub: unbalanced parentheses return 65.
    let (o, _) = run(&[], "syntax", r#"(display "x""#, &[]);
    assert_eq!(o.status.code(), Some(65));
    assert!(!stderr(&o).is_empty());
}

#[test]
fn unreadable_file_is_status_66() {
    let o = kiln(&["run", "/nonexistent/kiln/prog.scm"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(66));
    assert!(
        stderr(&o).starts_with("kiln: cannot read /nonexistent/kiln/prog.scm: "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn timeout_stops_an_infinite_loop_with_status_124() {
    // stub: `(let loop …)` spins forever.
    let start = Instant::now();
    let (o, path) = run(&["--timeout", "1"], "timeout", "(let loop () (loop))", &[]);
    assert_eq!(o.status.code(), Some(124));
    assert_eq!(
        stderr(&o),
        format!("kiln: timeout: {path} ran longer than 1 s\n")
    );
    assert!(start.elapsed() < Duration::from_secs(20));
}

#[test]
fn timeout_stops_a_program_blocked_reading_stdin() {
    // stub: `(read-line)` reads a line from WASI stdin.
    let path = program("blocked", "(display (read-line))");
    let mut child = kiln(&["run", "--timeout", "1", path.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _open_stdin = child.stdin.take();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(124), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("kiln: timeout: "), "{}", stderr(&o));
}

#[test]
fn max_memory_stops_a_growing_heap_with_status_137() {
    // stub: `(let grow …)` allocates 1 MiB blocks forever.
    let src = "(let grow ((l '())) (grow (cons (make-vector 1000 0) l)))";
    let (o, path) = run(&["--max-memory", "64"], "grow", src, &[]);
    assert_eq!(o.status.code(), Some(137), "{}", stderr(&o));
    assert!(
        stderr(&o).ends_with(&format!(
            "kiln: out of memory: {path} exceeded the --max-memory limit of 64 MiB\n"
        )),
        "{}",
        stderr(&o)
    );
}

const DEEP: &str = "(define (deep n) (if (= n 0) 0 (+ 1 (deep (- n 1)))))\n";

#[test]
fn deep_non_tail_recursion_works() {
    // stub: `(display (deep n))` recurses n frames deep in Wasm, then prints n; like the real
    // guest, it fails beyond max-depth (default 400,000).
    let (o, _) = run(&[], "deep", &format!("{DEEP}(display (deep 100000))"), &[]);
    assert_eq!(
        (o.status.code(), stdout(&o).as_str()),
        (Some(0), "100000"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn max_depth_reaches_the_guest() {
    // stub: as above; beyond max-depth it prints "error: stack overflow" and returns 70.
    let (o, _) = run(
        &["--max-depth", "1000"],
        "maxdepth",
        &format!("{DEEP}(display (deep 5000))"),
        &[],
    );
    assert_eq!(o.status.code(), Some(70));
    assert!(stderr(&o).contains("stack overflow"), "{}", stderr(&o));
}

#[test]
fn runaway_recursion_is_reported_not_a_crash() {
    // stub: `(forever 0)` recurses without bound in Wasm: the host reports the stack-overflow
    // trap. The real guest raises the Scheme error "stack overflow" at --max-depth (70), or
    // might run out of its capped heap first (137).
    let src = "(define (forever n) (+ 1 (forever n)))\n(forever 0)";
    let (o, _) = run(&["--max-memory", "256"], "forever", src, &[]);
    assert!(
        matches!(o.status.code(), Some(70 | 137)),
        "{:?} {}",
        o.status,
        stderr(&o)
    );
    assert_no_host_panic(&o);
    assert!(stderr(&o).contains("stack overflow") || stderr(&o).contains("kiln: out of memory: "));
}

#[test]
fn guest_options_are_accepted() {
    // stub: accepts exactly the documented option strings.
    let dump = Path::new(env!("CARGO_TARGET_TMPDIR")).join("jit-dump");
    let dump = dump.to_str().unwrap();
    let opts = [
        "--gc-stress",
        "--jit=off",
        "--jit-threshold",
        "3",
        "--jit-stats",
        "--max-depth",
        "5000",
        "--dump-jit",
        dump,
    ];
    let (o, _) = run(&opts, "options", r#"(display "ok")"#, &[]);
    assert_eq!(
        (o.status.code(), stdout(&o).as_str()),
        (Some(0), "ok"),
        "{}",
        stderr(&o)
    );
    let (o, _) = run(&["--jit", "eager"], "options2", r#"(display "ok")"#, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn invalid_options_are_usage_errors() {
    let (o, _) = run(&["--jit", "fast"], "badopt", "", &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn piped_repl_keeps_state_and_survives_errors() {
    // stub: toy define/+ evaluator; unbalanced input returns 2; `(car 1)` returns 1.
    let o = repl(&[], "(define x 40)\n(+ x\n   2)\n(car 1)\n\n(+ x 1)\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    let (i42, i41) = (
        lines.iter().position(|l| l == "42"),
        lines.iter().position(|l| l == "41"),
    );
    assert!(
        matches!((i42, i41), (Some(a), Some(b)) if a < b),
        "{lines:?}"
    );
    assert!(
        !stderr(&o).is_empty(),
        "the error of (car 1) goes to stderr"
    );
    assert!(
        !stdout(&o).contains("kiln>"),
        "no prompts when stdin is not a terminal"
    );
}

#[test]
fn piped_repl_shares_stdin_with_the_program() {
    // stub: `(read-line)` in REPL input reads a line from WASI stdin and prints it.
    // The guest buffers its stdin, so it may swallow the rest of the session: only the line it
    // reads is checked. What matters is that host and guest reading one stdin do not deadlock.
    let o = repl(&[], "(display (read-line))\nhello there\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("hello there"), "{}", stdout(&o));
}

#[test]
fn piped_repl_exit_and_unfinished_input() {
    // stub: `(exit n)` in REPL input calls proc_exit(n).
    assert_eq!(
        repl(&[], "(+ 1 2)\n(exit 4)\n(+ 5 5)\n").status.code(),
        Some(4)
    );
    let o = repl(&[], "(+ 1\n");
    assert_eq!(o.status.code(), Some(65));
    assert_eq!(
        stderr(&o),
        "kiln: end of input inside an unfinished datum\n"
    );
}

#[test]
fn gc_stats_reports_collections_on_stderr() {
    // Allocates ~60 MB of short-lived pairs, so that several collections must run.
    let src = r#"(define (churn n) (if (> n 0) (begin (make-list 100 n) (churn (- n 1)))))
                 (churn 40000)
                 (display "done")"#;
    let (o, _) = run(&["--gc-stats"], "gc_stats", src, &[]);
    assert_eq!(
        (o.status.code(), stdout(&o).as_str()),
        (Some(0), "done"),
        "{}",
        stderr(&o)
    );
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.starts_with("gc: "))
        .unwrap_or_else(|| panic!("no gc: line in {err:?}"));
    let n: u64 = line["gc: ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no collection count in {line:?}"));
    assert!(n >= 2, "{line}");
    for part in ["mark ", "ms/MB live", "sweep ", "heap "] {
        assert!(line.contains(part), "{part:?} missing from {line:?}");
    }
    // Without the option nothing is reported.
    let (o, _) = run(&[], "gc_stats_off", src, &[]);
    assert!(!stderr(&o).contains("gc: "), "{}", stderr(&o));
}
