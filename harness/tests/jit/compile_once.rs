//! Each lambda's body is compiled once (issue 13). The optimizing tier contifies a named `let` into
//! its enclosing lambda; a loop that got hot before it already has code of its own, and a loop
//! queued in the same batch as its enclosing lambda would get a function as well — before the
//! fix, the loop body was in two (or, nested, three) modules. The one exception is a small leaf
//! loop (it calls no procedure) that got hot first: it is contified into its enclosing lambda
//! all the same (`interp/src/jit_glue/contify.rs`). The tests count, in the modules
//! `--dump-jit` writes, the instructions that store a constant only the loop's body uses.

use super::{kiln, stat};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The constant only the loops' bodies below use, and its tagged value (`layout::value`).
const MARK: i32 = 7777;
const TAGGED_MARK: i64 = ((MARK as i64) << kiln_jit::layout::value::FIXNUM_SHIFT) | 1;

/// `fill!` runs a named `let` that stores `MARK`; the program calls it `calls` times with a loop of
/// `len` iterations, after `warm` calls that skip the loop. The loop calls the procedure `keep`
/// (so it is no leaf) unless `leaf`.
fn program(name: &str, warm: u32, calls: u32, len: u32, leaf: bool) -> PathBuf {
    let stored = if leaf {
        format!("{MARK}")
    } else {
        format!("(keep {MARK})")
    };
    let text = format!(
        "(define (keep x) x)
         (define (fill! v n)
           (if (= n 0)
               'skip
               (let loop ((i 0))
                 (if (< i n)
                     (begin (vector-set! v i {stored}) (loop (+ i 1)))
                     (vector-ref v (- n 1))))))
         (define v (make-vector {len} 0))
         (do ((k 0 (+ k 1))) ((= k {warm})) (fill! v 0))
         (define (run k acc) (if (= k 0) acc (run (- k 1) (+ acc (fill! v {len})))))
         (display (run {calls} 0))
         (newline)"
    );
    let path = std::env::temp_dir().join(format!("kiln-once-{}-{name}.scm", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs `file` with `args` and `--dump-jit` into a fresh directory; returns (stdout, stderr, the
/// number of `i32.const TAGGED_MARK` in all dumped modules).
fn run_counting(args: &[&str], file: &Path, tag: &str) -> (Vec<u8>, String, usize) {
    let dir = std::env::temp_dir().join(format!("kiln-once-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(kiln())
        .arg("run")
        .args(args)
        .arg("--dump-jit")
        .arg(&dir)
        .arg(file)
        .output()
        .expect("running kiln");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {err}");
    let mut marks = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        marks += count_const(&bytes, TAGGED_MARK);
    }
    let _ = std::fs::remove_dir_all(&dir);
    (out.stdout, err, marks)
}

/// How many `i32.const value` the code section of module `bytes` holds.
fn count_const(bytes: &[u8], value: i64) -> usize {
    let mut n = 0;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload.unwrap() {
            let mut ops = body.get_operators_reader().unwrap();
            while !ops.eof() {
                if let wasmparser::Operator::I32Const { value: v } = ops.read().unwrap() {
                    n += usize::from(i64::from(v) == value);
                }
            }
        }
    }
    n
}

/// The arguments of a live-JIT run that compiles with the optimizing tier, compiling `compile`
/// (`sync` or `background`), printing statistics, then `extra`.
fn optimizing_tier<'a>(compile: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--jit=on",
        "--jit-tier",
        "2",
        "--jit-compile",
        compile,
        "--jit-stats",
    ];
    args.extend_from_slice(extra);
    args
}

fn interpreted(file: &Path) -> Vec<u8> {
    let out = Command::new(kiln())
        .args(["run", "--jit=off"])
        .arg(file)
        .output()
        .expect("running kiln");
    assert!(out.status.success());
    out.stdout
}

#[test]
fn a_loop_compiled_before_its_enclosing_lambda_is_not_contified_into_it() {
    // The loop runs 20 times per call: it is hot long before `fill!`, which is compiled in a
    // later module and calls the loop's code instead of holding a second copy of it (the loop
    // calls `keep`: no leaf).
    let file = program("before", 0, 3000, 20, false);
    let expected = interpreted(&file);
    for tier in ["1", "2"] {
        for compile in ["sync", "background"] {
            let args = [
                "--jit=on",
                "--jit-tier",
                tier,
                "--jit-compile",
                compile,
                "--jit-stats",
            ];
            let (out, err, marks) = run_counting(&args, &file, &format!("before{tier}{compile}"));
            assert_eq!(out, expected, "tier {tier} {compile}");
            assert_eq!(
                marks, 1,
                "tier {tier} {compile}: the loop body compiled {marks} times"
            );
            if compile == "sync" {
                // All compiled, each once (in the background the program may end first):
                // `keep`, the loop, `fill!`, `run`.
                assert_eq!(stat(&err, "compiled"), 4, "tier {tier}: {err}");
            }
            assert_eq!(stat(&err, "loops"), 0, "tier {tier} {compile}: {err}");
        }
    }
    let _ = std::fs::remove_file(&file);
}

#[test]
fn a_small_leaf_loop_compiled_before_its_enclosing_lambda_is_contified_into_it_too() {
    // As above, but the loop calls no procedure: the optimizing tier compiles its body a second
    // time inside `fill!` (no closure, no call between modules per activation); the baseline
    // tier contifies nothing.
    let file = program("leaf", 0, 3000, 20, true);
    let expected = interpreted(&file);
    for (tier, copies, loops) in [("1", 1, 0), ("2", 2, 1)] {
        let args = [
            "--jit=on",
            "--jit-tier",
            tier,
            "--jit-compile",
            "sync",
            "--jit-stats",
        ];
        let (out, err, marks) = run_counting(&args, &file, &format!("leaf{tier}"));
        assert_eq!(out, expected, "tier {tier}");
        assert_eq!(
            marks, copies,
            "tier {tier}: the loop body compiled {marks} times"
        );
        assert_eq!(stat(&err, "loops"), loops, "tier {tier}: {err}");
        // The loop, `fill!`, `run` (`keep` is never called).
        assert_eq!(stat(&err, "compiled"), 3, "tier {tier}: {err}");
    }
    let _ = std::fs::remove_file(&file);
}

#[test]
fn a_loop_queued_with_its_enclosing_lambda_is_compiled_only_inside_it() {
    // `fill!` is hot from the warm-up calls that skip the loop; the loop (20 iterations a call)
    // gets hot before that batch is flushed, so both are in it: the optimizing tier contifies
    // the loop into `fill!` and gives it no function of its own.
    let file = program("same", 990, 3000, 20, true);
    let expected = interpreted(&file);
    let args = optimizing_tier("sync", &[]);
    let (out, err, marks) = run_counting(&args, &file, "same");
    assert_eq!(out, expected);
    assert_eq!(marks, 1, "the loop body compiled {marks} times: {err}");
    assert_eq!(stat(&err, "loops"), 1, "{err}");
    // `fill!` and `run`; the loop is counted as contified, not compiled.
    assert_eq!(stat(&err, "compiled"), 2, "{err}");
    let _ = std::fs::remove_file(&file);
}

#[test]
fn a_contified_loop_is_not_queued_again_when_its_module_links_in_the_background() {
    // As above, in the background and with a threshold of 10: the loop's count is far past
    // `REHOT` times the threshold when a poll links `fill!`'s module, and that poll runs in
    // the loop's own call. The count before the poll (reset by the link) had the loop queued
    // and compiled on its own at once; only the activation under way may still call it (at
    // most 21 times), so it must stay inside `fill!`.
    let file = program("same-bg", 9, 30000, 20, true);
    let expected = interpreted(&file);
    let args = optimizing_tier("background", &["--jit-threshold", "10"]);
    let (out, err, marks) = run_counting(&args, &file, "same-bg");
    assert_eq!(out, expected);
    assert_eq!(marks, 1, "the loop body compiled {marks} times: {err}");
    let _ = std::fs::remove_file(&file);
}
