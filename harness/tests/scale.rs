//! Large generated programs through the real binary: reading, expansion and analysis must stay
//! linear (or n log n) in the size of the program. Each size here took from 10 s to minutes, or
//! gigabytes, when some step was quadratic; now each runs in well under a second, so the
//! `--timeout` and `--max-memory` limits only catch a regression.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The JIT modes every test runs in (see the house rules).
const MODES: &[&[&str]] = &[
    &["--jit=off"],
    &["--jit=on"],
    &["--jit=eager"],
    &["--jit=eager", "--gc-stress"],
];

/// Limits for one run: far above what the linear steps need, far below the quadratic ones.
const LIMITS: &[&str] = &["--timeout", "10"];

/// The memory limit of the wide programs (megabytes of source text and its trees).
const MEMORY: &[&str] = &["--max-memory", "256"];

/// Writes `source` to a fresh file named after the test.
fn program(name: &str, source: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scale");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.scm"));
    std::fs::write(&path, source).unwrap();
    path
}

/// `kiln run` of `path` in `mode` within `LIMITS` and `extra` flags (`--max-memory` among them).
fn run(mode: &[&str], extra: &[&str], path: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .env(
            "KILN_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
        )
        .arg("run")
        .args(mode)
        .args(LIMITS)
        .args(extra)
        .arg(path)
        .output()
        .unwrap()
}

/// Runs the program in every mode; each must exit with `code`, print `out` and write a stderr
/// containing `err`.
fn check(name: &str, source: &str, extra: &[&str], code: i32, out: &str, err: &str) {
    let path = program(name, source);
    for mode in MODES {
        let o = run(mode, extra, &path);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{name} {mode:?}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&o.stdout), out, "{name} {mode:?}");
        assert!(stderr.contains(err), "{name} {mode:?}: {stderr}");
    }
}

/// `n` space-separated items made by `f`.
fn items(n: usize, f: impl Fn(usize) -> String) -> String {
    (0..n).map(f).collect::<Vec<_>>().join(" ")
}

#[test]
fn a_let_with_200000_bindings() {
    // Was: a linear duplicate check per binding (quadratic), over 30 s.
    let src = format!(
        "(display (let ({}) (+ x7 x199999)))",
        items(200_000, |i| format!("(x{i} {i})"))
    );
    check("wide-let", &src, MEMORY, 0, "200006", "");
}

#[test]
fn a_lambda_with_100000_parameters_using_them_all() {
    // Was: the duplicate check per parameter, and a linear frame search per reference.
    let src = format!(
        "(define (f {}) (+ {})) (display (f {}))",
        items(100_000, |i| format!("a{i}")),
        items(100_000, |i| format!("a{i}")),
        items(100_000, |i| i.to_string())
    );
    check("wide-lambda", &src, MEMORY, 0, "4999950000", "");
}

#[test]
fn a_closure_over_150000_variables() {
    // Was: a linear search of the closure's free-variable list per reference, in the analyzer.
    let src = format!(
        "(define g (let ({}) (lambda () (vector {})))) (display (vector-length (g)))",
        items(150_000, |i| format!("(x{i} {i})")),
        items(150_000, |i| format!("x{i}"))
    );
    check("wide-closure", &src, MEMORY, 0, "150000", "");
}

#[test]
fn a_let_star_with_40000_dependent_bindings() {
    // Was: a frame per variable, so every lookup from the n-th init walked n frames.
    let src = format!(
        "(display (let* ((x0 0) {}) x40000))",
        items(40_000, |i| format!("(x{} (+ x{i} 1))", i + 1))
    );
    check("wide-let-star", &src, MEMORY, 0, "40000", "");
}

#[test]
fn deeply_nested_lets_take_little_memory() {
    // Was: each body copied everything inside it (290 MB at 1,500 levels, 1.4 GB at 4,000).
    // 128 MiB leaves room for the guest's stacks and, with --jit=eager, compiling `f`.
    let nest = |n: usize| {
        format!(
            "(define (f y) {}x{}) (display (f 1))",
            "(let ((x (+ y 1))) ".repeat(n),
            ")".repeat(n)
        )
    };
    check(
        "nested-lets",
        &nest(1_500),
        &["--max-memory", "128"],
        0,
        "2",
        "",
    );
    // Past the expander's nesting limit: a prompt syntax error, not gigabytes first.
    check(
        "too-nested-lets",
        &nest(4_000),
        &["--max-memory", "128"],
        65,
        "",
        "syntax error: expression or macro expansion nested too deeply",
    );
}
