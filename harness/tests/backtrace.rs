//! What an uncaught error prints, exactly, in every JIT mode: `--backtrace=off` (the message
//! alone), `short` (the default: the location, folded repetitions, elided middles) and `full`;
//! in a procedure, in a library file, for `guard`-caught errors, and in the REPL.
//! (`tests/backtrace` holds the same kind of programs checked line by line by `conformance.rs`.)

#[path = "common/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// The JIT modes every test runs in (see the house rules).
const MODES: &[&[&str]] = &[
    &["--jit=off"],
    &["--jit=on"],
    &["--jit=eager"],
    &["--jit=eager", "--gc-stress"],
];

/// A `kiln` command sharing one module cache, run in `dir`.
fn kiln(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.args(args).current_dir(dir).env(
        "KILN_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
    );
    cmd
}

/// A fresh directory named after the test, holding `files` (relative path, text).
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("backtrace")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Runs `prog.scm` of `dir` in every mode with `opts`; each run must exit 70, print `out` on
/// stdout and exactly `err` on stderr.
fn check_run(dir: &Path, opts: &[&str], out: &str, err: &str) {
    for mode in MODES {
        let args: Vec<&str> = ["run"]
            .iter()
            .chain(mode.iter())
            .chain(opts)
            .chain(&["prog.scm"])
            .copied()
            .collect();
        let o = kiln(dir, &args).output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(70), "{mode:?} {opts:?}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&o.stdout), out, "{mode:?} {opts:?}");
        assert_eq!(stderr, err, "{mode:?} {opts:?}");
    }
}

const AVERAGE: &str = "\
(define (average xs)
  (/ (apply + xs) (length xs)))
(define (report xs)
  (display (average xs))
  (newline))
(display \"before\")
(newline)
(report '(1 x 3))
";

#[test]
fn an_error_in_a_procedure_says_where_in_every_mode() {
    let dir = project("procedure", &[("prog.scm", AVERAGE)]);
    let short = "\
prog.scm:2:6: error: +: expected a number x
backtrace (innermost first):
  prog.scm:2:6  in average
  prog.scm:4:12  in report
  prog.scm:8:1  at top level
";
    check_run(&dir, &[], "before\n", short);
    check_run(&dir, &["--backtrace=short"], "before\n", short);
    check_run(&dir, &["--backtrace=full"], "before\n", short);
    // Off: the message alone, as before backtraces existed.
    check_run(
        &dir,
        &["--backtrace=off"],
        "before\n",
        "error: +: expected a number x\n",
    );
}

const COUNT_DOWN: &str = "\
(define (count-down n)
  (if (= n 0)
      (vector-ref (vector) n)
      (+ 1 (count-down (- n 1)))))
(define (start) (list (count-down 40)))
(start)
";

#[test]
fn recursion_is_folded_in_short_and_listed_in_full() {
    let dir = project("recursion", &[("prog.scm", COUNT_DOWN)]);
    let first = "prog.scm:3:7: error: vector-ref: index out of range 0 #()\n\
                 backtrace (innermost first):\n  prog.scm:3:7  in count-down\n";
    let short = format!(
        "{first}  prog.scm:4:12  in count-down\n  … the frame above 39 more times\n\
         \x20 prog.scm:5:23  in start\n  prog.scm:6:1  at top level\n"
    );
    check_run(&dir, &[], "", &short);
    let full = format!(
        "{first}{}  prog.scm:5:23  in start\n  prog.scm:6:1  at top level\n",
        "  prog.scm:4:12  in count-down\n".repeat(40)
    );
    check_run(&dir, &["--backtrace=full"], "", &full);
}

#[test]
fn short_backtraces_elide_the_middle_of_long_chains() {
    // Twenty-one different procedures calling each other from a top-level call: the innermost
    // ten lines, then the rest counted, then the outermost two.
    let mut src = String::from("(define (p0) (car 0))\n");
    for i in 1..=20 {
        src.push_str(&format!("(define (p{i}) (list (p{})))\n", i - 1));
    }
    src.push_str("(p20)\n");
    let dir = project("chain", &[("prog.scm", &src)]);
    let line = |i: usize| {
        let col = if i < 10 { 20 } else { 21 };
        format!("  prog.scm:{}:{col}  in p{i}\n", i + 1)
    };
    let mut err = String::from(
        "prog.scm:1:14: error: car: expected a pair 0\nbacktrace (innermost first):\n  \
         prog.scm:1:14  in p0\n",
    );
    (1..=9).for_each(|i| err.push_str(&line(i)));
    err.push_str("  … 10 more frames\n");
    err.push_str(&line(20));
    err.push_str("  prog.scm:22:1  at top level\n");
    check_run(&dir, &[], "", &err);
    let mut full = String::from(
        "prog.scm:1:14: error: car: expected a pair 0\nbacktrace (innermost first):\n  \
         prog.scm:1:14  in p0\n",
    );
    (1..=20).for_each(|i| full.push_str(&line(i)));
    full.push_str("  prog.scm:22:1  at top level\n");
    check_run(&dir, &["--backtrace=full"], "", &full);
}

#[test]
fn an_error_in_library_code_names_the_library_file() {
    let lib = "\
(define-library (app checks)
  (export checked)
  (import (scheme base))
  (begin
    (define (checked v i)
      (let ((x (vector-ref v i)))
        x))))
";
    let prog = "\
(import (scheme base) (scheme write) (app checks))
(define (second v) (+ 1 (checked v 1)))
(display (second (vector 1 2)))
(newline)
(display (second (vector 1)))
";
    let dir = project("library", &[("prog.scm", prog), ("app/checks.sld", lib)]);
    let err = "\
app/checks.sld:6:16: error: vector-ref: index out of range 1 #(1)
backtrace (innermost first):
  app/checks.sld:6:16  in checked
  prog.scm:2:25  in second
  prog.scm:5:10  at top level
";
    check_run(&dir, &[], "3\n", err);
}

#[test]
fn guard_sees_the_same_condition_and_a_later_error_gets_its_own_backtrace() {
    let prog = "\
(define (fail x) (list (error \"bad thing\" x)))
(define (caught)
  (guard (e ((error-object? e)
             (list (error-object-message e) (error-object-irritants e))))
    (fail 1)))
(write (caught))
(newline)
(define (later) (list (vector-ref (vector) 5)))
(later)
";
    let dir = project("guard", &[("prog.scm", prog)]);
    let err = "\
prog.scm:8:23: error: vector-ref: index out of range 5 #()
backtrace (innermost first):
  prog.scm:8:23  in later
  prog.scm:9:1  at top level
";
    check_run(&dir, &[], "(\"bad thing\" (1))\n", err);
}

/// Runs `kiln repl` in `dir` with `session` as piped stdin (a hang past 60 s is a failure).
fn repl(dir: &Path, opts: &[&str], session: &str) -> Output {
    let mut cmd = kiln(dir, &[&["repl"], opts].concat());
    process::run_process(&mut cmd, session.as_bytes(), Duration::from_secs(60))
        .expect("starting kiln repl")
        .finished()
        .expect("kiln repl did not finish within 60 s")
}

#[test]
fn the_repl_prints_the_same_backtrace_and_goes_on() {
    let dir = project("repl", &[]);
    let session =
        "(define (f x)\n  (+ 1 (car x)))\n(define (g x) (list (f x)))\n(g 5)\n(g '(41))\n";
    for mode in MODES {
        let o = repl(&dir, mode, session);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            "(42)\n",
            "{mode:?}: {err}"
        );
        // Positions in the REPL are lines of the session, as typed.
        assert_eq!(
            err,
            "<repl>:2:8: error: car: expected a pair 5\nbacktrace (innermost first):\n  \
             <repl>:2:8  in f\n  <repl>:3:21  in g\n  <repl>:4:1  at top level\n",
            "{mode:?}"
        );
        let off = repl(&dir, &[*mode, &["--backtrace=off"][..]].concat(), session);
        assert_eq!(
            String::from_utf8_lossy(&off.stderr),
            "error: car: expected a pair 5\n",
            "{mode:?}"
        );
    }
}

#[test]
fn a_bad_backtrace_mode_is_a_usage_error() {
    let dir = project("usage", &[("prog.scm", "(display 1)\n")]);
    let o = kiln(&dir, &["run", "--backtrace=long", "prog.scm"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--backtrace"));
}
