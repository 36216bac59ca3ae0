//! The JIT through the real binary: compiled code is used, every dumped aux module validates and
//! imports only what the policy allows, and a corrupt or refused module leaves the program running
//! interpreted with the same output and a warning in the stats.

#[path = "common/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Background compilation (`--jit-compile background`).
#[path = "jit/background.rs"]
mod background;

/// Each lambda's body is compiled once (contified loops).
#[path = "jit/compile_once.rs"]
mod compile_once;

fn kiln() -> &'static str {
    env!("CARGO_BIN_EXE_kiln")
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

fn run(args: &[&str], file: &Path) -> Output {
    let out = Command::new(kiln())
        .arg("run")
        .args(args)
        .arg(file)
        .output()
        .expect("running kiln");
    assert!(
        out.status.success(),
        "kiln {args:?} {} failed: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `kiln repl ARGS` fed `input` on stdin, whatever its status (a hang past 120 s is a failure).
fn repl(args: &[&str], input: &str) -> Output {
    let mut cmd = Command::new(kiln());
    cmd.arg("repl").args(args);
    process::run_process(
        &mut cmd,
        input.as_bytes(),
        std::time::Duration::from_secs(120),
    )
    .expect("starting kiln repl")
    .finished()
    .expect("kiln repl did not finish within 120 s")
}

/// The number before `label` in the stats line, e.g. `stat(&err, "compiled")`.
fn stat(stderr: &str, label: &str) -> u64 {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("jit: "))
        .expect("a jit stats line");
    count(line, label)
}

/// The number before `label` in `line`, e.g. `count("…, 2 compiled, …", "compiled")`.
fn count(line: &str, label: &str) -> u64 {
    let words: Vec<&str> = line
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let i = words
        .iter()
        .position(|w| *w == label)
        .unwrap_or_else(|| panic!("no {label:?} in {line}"));
    words[i - 1]
        .parse()
        .unwrap_or_else(|_| panic!("no count before {label:?} in {line}"))
}

#[test]
fn hot_closures_are_compiled_and_called() {
    let fib = example("fib.scm");
    let off = run(&["--jit=off"], &fib);
    let on = run(&["--jit=on", "--jit-stats"], &fib);
    assert_eq!(off.stdout, on.stdout);
    let err = String::from_utf8_lossy(&on.stderr);
    assert!(stat(&err, "compiled") >= 1, "{err}");
    assert!(stat(&err, "calls") >= 1, "{err}");
    assert_eq!(stat(&err, "declined"), 0, "{err}");
}

#[test]
fn dumped_aux_modules_validate_and_import_only_the_allowed_list() {
    let dir = std::env::temp_dir().join(format!("kiln-dump-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["nqueens.scm", "mandelbrot.scm", "deriv.scm"] {
        run(
            &["--jit=eager", "--dump-jit", dir.to_str().unwrap()],
            &example(name),
        );
    }
    let allowed: Vec<&str> = kiln_jit::runtime::RUNTIME.iter().map(|f| f.name).collect();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
            .validate_all(&bytes)
            .expect("a valid aux module");
        for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
            if let wasmparser::Payload::ImportSection(imports) = payload.unwrap() {
                for import in imports.into_imports() {
                    let import = import.unwrap();
                    assert_eq!(import.module, "env");
                    let ok = ["memory", "__indirect_function_table"].contains(&import.name)
                        || allowed.contains(&import.name);
                    assert!(ok, "unexpected import {}", import.name);
                }
            }
        }
        count += 1;
    }
    assert!(count >= 3, "expected aux modules in {}", dir.display());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corrupt_or_refused_modules_fall_back_to_the_interpreter() {
    for fault in ["corrupt", "refuse"] {
        for name in ["fib.scm", "nqueens.scm"] {
            let file = example(name);
            let expected = std::fs::read(file.with_extension("out")).unwrap();
            let out = run(&["--jit=eager", "--jit-stats", "--jit-fault", fault], &file);
            assert_eq!(out.stdout, expected, "{fault} {name}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("failed to link"), "{fault} {name}: {err}");
            assert_eq!(stat(&err, "compiled"), 0, "{err}");
        }
    }
}

#[test]
fn a_long_repl_session_keeps_flushing() {
    // Every input defines and calls a new lambda, so eager mode flushes one module per input.
    let mut input = String::new();
    for i in 0..300 {
        input += &format!("(define (f{i} x) (+ x {i})) (f{i} 1)\n");
    }
    let out = repl(&["--jit=eager"], &input);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().last(), Some("300"));
}
