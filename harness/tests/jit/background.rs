//! Background compilation (`--jit-compile background`, the default of `--jit=on`) through the
//! real binary: same output as the interpreter, fault injection still leaves the program running,
//! and a program that ends with compiles in flight exits at once with all its output. No timing
//! assertions: where a compile may or may not have finished, the tests check the accounting
//! (every submitted module is linked, failed or dropped at exit).

use super::{count, example, kiln, repl, stat};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `kiln run ARGS FILE`, whatever its status.
fn run(args: &[&str], file: &Path) -> Output {
    Command::new(kiln())
        .arg("run")
        .args(args)
        .arg(file)
        .output()
        .expect("running kiln")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The host's background line of `--jit-stats`, as numbers: (submitted, linked, failed, dropped).
fn background(err: &str) -> (u64, u64, u64, u64) {
    let line = err
        .lines()
        .find(|l| l.starts_with("jit: background compile: "))
        .unwrap_or_else(|| panic!("no background line in {err}"));
    (
        count(line, "modules"),
        count(line, "linked"),
        count(line, "failed"),
        count(line, "dropped"),
    )
}

/// A scratch file holding `text`.
fn program(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("kiln-bg-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn background_compiled_programs_print_what_the_interpreter_prints() {
    for name in ["fib.scm", "nqueens.scm", "deriv.scm", "tak.scm", "sort.scm"] {
        let file = example(name);
        let expected = std::fs::read(file.with_extension("out")).unwrap();
        for threshold in ["1", "50"] {
            let out = run(
                &[
                    "--jit=on",
                    "--jit-compile",
                    "background",
                    "--jit-threshold",
                    threshold,
                    "--jit-stats",
                ],
                &file,
            );
            let err = stderr(&out);
            assert!(out.status.success(), "{name}: {err}");
            assert_eq!(out.stdout, expected, "{name} threshold {threshold}");
            let (submitted, linked, failed, dropped) = background(&err);
            assert!(submitted >= 1, "{name}: {err}");
            assert_eq!(failed, 0, "{name}: {err}");
            assert_eq!(linked + dropped, submitted, "{name}: {err}");
        }
    }
}

#[test]
fn a_long_program_links_its_background_modules() {
    // fib(30) makes over a million calls after its one lambda is submitted; the compile thread
    // finishes long before, and the guest links at its next poll.
    let out = run(&["--jit=on", "--jit-stats"], &example("fib.scm"));
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        out.stdout,
        std::fs::read(example("fib.out")).unwrap(),
        "{err}"
    );
    let (submitted, linked, _, _) = background(&err);
    assert!(submitted >= 1 && linked >= 1, "{err}");
}

#[test]
fn fault_injection_still_leaves_the_program_running() {
    for fault in ["corrupt", "refuse", "stall"] {
        for name in ["fib.scm", "nqueens.scm"] {
            let file = example(name);
            let expected = std::fs::read(file.with_extension("out")).unwrap();
            let out = run(
                &[
                    "--jit=on",
                    "--jit-compile",
                    "background",
                    "--jit-threshold",
                    "10",
                    "--jit-stats",
                    "--jit-fault",
                    fault,
                ],
                &file,
            );
            let err = stderr(&out);
            assert!(out.status.success(), "{fault} {name}: {err}");
            assert_eq!(out.stdout, expected, "{fault} {name}");
            assert_eq!(stat(&err, "compiled"), 0, "{fault} {name}: {err}");
            match fault {
                // Refused at submission: no module reaches the compile thread.
                "refuse" => assert!(err.contains("failed to link"), "{fault} {name}: {err}"),
                // Every module fails to compile, at a poll or (if the program ended first)
                // is dropped at exit.
                "corrupt" => {
                    let (submitted, linked, failed, dropped) = background(&err);
                    assert!(submitted >= 1, "{err}");
                    assert_eq!(linked, 0, "{err}");
                    assert_eq!(failed + dropped, submitted, "{err}");
                }
                // Nothing ever finishes: whatever was submitted is dropped at exit.
                _ => {
                    let (submitted, linked, failed, dropped) = background(&err);
                    assert!(submitted >= 1, "{err}");
                    assert_eq!((linked, failed, dropped), (0, 0, submitted), "{err}");
                }
            }
        }
    }
}

#[test]
fn a_program_ending_with_compiles_in_flight_exits_with_its_output() {
    // With `stall` the compile thread never finishes, so modules are certainly in flight at the
    // end; the run must neither wait for them nor lose output — on a normal end and on `exit`.
    let text = "(import (scheme base) (scheme write) (scheme process-context))\n\
                (define (f n) (if (= n 0) 0 (+ 1 (f (- n 1)))))\n\
                (define (g n) (* 2 (f n)))\n\
                (write (g 300)) (newline)\n";
    for (tail, status) in [("", 0), ("(display \"bye\") (exit 3)\n", 3)] {
        let file = program(&format!("inflight{status}.scm"), &format!("{text}{tail}"));
        let out = run(
            &[
                "--jit=on",
                "--jit-threshold",
                "5",
                "--jit-stats",
                "--jit-fault",
                "stall",
            ],
            &file,
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(status), "{err}");
        let expected = if status == 0 { "600\n" } else { "600\nbye" };
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{err}");
        if status == 0 {
            let (submitted, _, _, dropped) = background(&err);
            assert!(submitted >= 1 && dropped == submitted, "{err}");
        }
        let _ = std::fs::remove_file(&file);
    }
}

#[test]
fn a_timeout_still_stops_a_program_with_compiles_in_flight() {
    let file = program(
        "forever.scm",
        "(import (scheme base) (scheme write))\n\
         (define (spin n) (spin (+ n 1)))\n\
         (display \"started\") (newline)\n\
         (spin 0)\n",
    );
    for fault in ["none", "stall"] {
        let out = run(&["--jit=on", "--timeout", "1", "--jit-fault", fault], &file);
        assert_eq!(out.status.code(), Some(124), "{fault}: {}", stderr(&out));
        assert_eq!(String::from_utf8_lossy(&out.stdout), "started\n", "{fault}");
    }
    let _ = std::fs::remove_file(&file);
}

#[test]
fn the_repl_compiles_in_the_background_too() {
    let mut input = String::new();
    for i in 0..40 {
        input += &format!("(define (f{i} x) (if (= x 0) {i} (f{i} (- x 1)))) (f{i} 200)\n");
    }
    let out = repl(
        &["--jit=on", "--jit-threshold", "20", "--jit-stats"],
        &input,
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let text = String::from_utf8_lossy(&out.stdout);
    let values: Vec<&str> = text
        .lines()
        .filter(|l| l.chars().all(|c| c.is_ascii_digit()) && !l.is_empty())
        .collect();
    let expected: Vec<String> = (0..40).map(|i| i.to_string()).collect();
    assert_eq!(values, expected, "{text}");
    let (submitted, linked, failed, dropped) = background(&err);
    assert!(submitted >= 1, "{err}");
    assert_eq!(failed, 0, "{err}");
    assert_eq!(linked + dropped, submitted, "{err}");
}
