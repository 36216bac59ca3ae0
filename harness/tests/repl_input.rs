//! `kiln repl` with piped input, in every JIT mode: long multi-line datums, invalid UTF-8, and
//! errors in the middle of a line.

#[path = "common/process.rs"]
mod process;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

/// The JIT modes every test runs in (see the house rules).
const MODES: &[&[&str]] = &[
    &["--jit=off"],
    &["--jit=on"],
    &["--jit=eager"],
    &["--jit=eager", "--gc-stress"],
];

/// Runs `kiln repl` in `mode` with `session` as its piped stdin; kills it after `limit`
/// (returning `None`: a hang or a quadratic slowdown is a failure).
fn repl(mode: &[&str], session: &[u8], limit: Duration) -> Option<Output> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.env(
        "KILN_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
    )
    .arg("repl")
    .args(mode);
    process::run_process(&mut cmd, session, limit)
        .expect("starting kiln repl")
        .finished()
}

/// Runs `session` in every mode within `limit` (four times that under `--gc-stress`, which
/// collects at every allocation: a 20,000-element list costs it ~7 s of CPU alone); each run
/// must exit with `code` and print exactly `out`. Returns each run's stderr.
fn check(session: &[u8], limit: Duration, code: i32, out: &str) -> Vec<String> {
    MODES
        .iter()
        .map(|mode| {
            let limit = if mode.contains(&"--gc-stress") {
                limit * 4
            } else {
                limit
            };
            let o = repl(mode, session, limit)
                .unwrap_or_else(|| panic!("{mode:?}: still running after {limit:?}"));
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            assert_eq!(o.status.code(), Some(code), "{mode:?}: {err}");
            assert_eq!(String::from_utf8_lossy(&o.stdout), out, "{mode:?}: {err}");
            assert!(!err.contains("internal error"), "{mode:?}: {err}");
            err
        })
        .collect()
}

#[test]
fn a_datum_of_20000_lines() {
    // Was: each line re-sent and re-read the whole datum so far: over 30 s.
    let mut session = String::from("(define xs (list\n");
    for i in 0..20_000 {
        session.push_str(&format!("  {i}\n"));
    }
    session.push_str("))\n(display (length xs))\n(display (list-ref xs 19999))\n");
    check(session.as_bytes(), Duration::from_secs(10), 0, "2000019999");
}

#[test]
fn a_string_and_a_comment_of_20000_lines() {
    let mut session = String::from("(define s \"first\n");
    session.push_str(&"a line of the string\n".repeat(20_000));
    session.push_str("last\")\n#| a comment\n");
    session.push_str(&"a line of the comment | # \" (\n".repeat(20_000));
    session.push_str("|#\n(display (string-length s))\n");
    check(session.as_bytes(), Duration::from_secs(10), 0, "420010");
}

#[test]
fn invalid_utf8_reads_as_replacement_characters() {
    // Was: `internal error: … stream did not contain valid UTF-8`, ending the session.
    let session = b"(display \"x\xffy\")\n(display (quote (1\n\xfe 2)))\n(display (string-length \"\xe2\x82\"))\n";
    check(
        session,
        Duration::from_secs(20),
        0,
        "x\u{fffd}y(1 \u{fffd} 2)1",
    );
}

#[test]
fn invalid_utf8_in_lines_the_program_reads() {
    // One entry reads all the rest: the guest may buffer more of stdin than it reads.
    let session = b"(begin (write (read-line)) (write (read-char)) (write (read-line)))\n\
                    bad \xff byte\n\xc3x\n";
    let out = "\"bad \u{fffd} byte\"#\\\u{fffd}\"x\"";
    check(session, Duration::from_secs(20), 0, out);
}

#[test]
fn an_error_does_not_drop_the_rest_of_the_line() {
    // Was: `B` never printed: the datums after the failing one were dropped.
    let errs = check(
        b"(display \"A\") (car 1) (display \"B\")\n(display \"C\") (raise 'x) (display \"D\")\n",
        Duration::from_secs(20),
        0,
        "ABCD",
    );
    for err in errs {
        assert!(err.contains("error: car: expected a pair 1"), "{err}");
        assert!(err.contains("uncaught exception: x"), "{err}");
    }
}

#[test]
fn a_read_error_runs_the_datums_before_it_and_drops_the_rest() {
    let errs = check(
        b"(display 1) ) (display 2)\n(display 3)\n",
        Duration::from_secs(20),
        0,
        "13",
    );
    for err in errs {
        assert!(
            err.contains("<repl>:1:13: read error: unexpected `)`"),
            "{err}"
        );
    }
}

/// Positions in errors and backtraces count the session's lines, not the lines of the entry
/// (each entry used to start again at line 1).
#[test]
fn positions_name_the_line_of_the_session() {
    let errs = check(
        b"(display \"x\")\n(define (f x)\n  (car x))\n\n(f 1)\n(display 1) )\n",
        Duration::from_secs(20),
        0,
        "x1",
    );
    for err in errs {
        assert!(
            err.contains("<repl>:3:3: error: car: expected a pair 1"),
            "{err}"
        );
        assert!(err.contains("  <repl>:3:3  in f\n"), "{err}");
        assert!(err.contains("  <repl>:5:1  at top level\n"), "{err}");
        assert!(
            err.contains("<repl>:6:13: read error: unexpected `)`"),
            "{err}"
        );
    }
}

#[test]
fn end_of_input_inside_a_long_string_is_still_an_unfinished_datum() {
    let session = format!("(display \"open\n{}", "more\n".repeat(1000));
    let errs = check(session.as_bytes(), Duration::from_secs(20), 65, "");
    for err in errs {
        assert_eq!(err, "kiln: end of input inside an unfinished datum\n");
    }
}

/// `--jit-stats` and `--gc-stats` print their reports at the end of a REPL session as at the end
/// of a run: at end of input, and when the session calls `exit`.
#[test]
fn statistics_are_printed_at_the_end_of_a_session() {
    let session = b"(define (f x) (if (= x 0) 1 (f (- x 1))))\n(f 3000)\n";
    let ends: [&[u8]; 2] = [b"", b"(exit 0)\n"];
    for end in ends {
        let input = [&session[..], end].concat();
        for mode in MODES {
            let args = [*mode, &["--jit-stats", "--gc-stats"]].concat();
            let o = repl(&args, &input, Duration::from_secs(60))
                .unwrap_or_else(|| panic!("{mode:?}: still running"));
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(0), "{mode:?}: {err}");
            assert_eq!(String::from_utf8_lossy(&o.stdout), "1\n", "{mode:?}: {err}");
            assert!(err.contains("jit: "), "{mode:?}: no JIT statistics: {err}");
            assert!(err.contains("gc: "), "{mode:?}: no GC statistics: {err}");
        }
    }
}
