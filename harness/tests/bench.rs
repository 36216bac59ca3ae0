//! `kiln bench` through the binary, never timed (no assertion is about speed): a tiny program in
//! every implementation, whose `bench-us:` lines must all parse (Guile and Chez Scheme are
//! required, tests/run.sh installs them, so a missing column fails); the JSON report, the chart
//! and their errors; and the Rust kernels, which must print what their Scheme programs print.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A program that follows the timing protocol and does almost nothing.
const PROGRAM: &str = r#"(import (scheme base) (scheme write) (scheme time))
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
(define (count n) (let loop ((i 0) (s 0)) (if (= i n) s (loop (+ i 1) (+ s i)))))
(display (bench-run (lambda () (count 1000))))
(newline)
"#;

/// The milliseconds in a table cell such as `12.3 ms`, or a panic naming the column.
fn ms(cells: &[&str], at: usize, column: &str, row: &str) -> f64 {
    let cell = cells.get(at).copied().unwrap_or("");
    assert_eq!(
        cells.get(at + 1).copied(),
        Some("ms"),
        "{column} in {row:?}"
    );
    cell.parse()
        .unwrap_or_else(|_| panic!("{column} is not a time in {row:?}"))
}

/// A scratch directory of this test binary's, holding `src` as `NAME.scm`; returns the file.
fn program_file(dir: &str, name: &str, src: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.scm"));
    std::fs::write(&file, src).unwrap();
    file
}

/// `kiln ARGS…` with the test cache.
fn kiln(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .env(
            "KILN_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
        )
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `kiln bench --kiln-only --runs 1 --json - EXTRA… FILE`: the exit status, the JSON report
/// (or a panic showing the output) and stderr.
fn bench_json(extra: &[&str], file: &Path) -> (Option<i32>, Value, String) {
    let mut args = vec!["bench", "--kiln-only", "--runs", "1", "--json", "-"];
    args.extend(extra);
    args.push(file.to_str().unwrap());
    let o = kiln(&args);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (o.status.code(), v, err)
}

#[test]
fn bench_times_every_implementation_through_the_protocol() {
    let file = program_file("bench-smoke", "smoke", PROGRAM);
    let o = kiln(&[
        "bench",
        "--runs",
        "1",
        "--timeout",
        "60",
        file.to_str().unwrap(),
    ]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    let header = out
        .lines()
        .find(|l| l.starts_with("program"))
        .unwrap_or_else(|| panic!("no table in {out:?}"));
    for column in ["jit=off", "tier1", "full", "speed-up", "guile", "chez"] {
        assert!(header.contains(column), "no {column} column: {header:?}");
    }
    assert!(
        !header.contains("rust"),
        "a program without a kernel has no rust column: {header:?}"
    );
    let row = out
        .lines()
        .find(|l| l.starts_with("smoke"))
        .unwrap_or_else(|| panic!("no row for the program in {out:?}\n{err}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    // smoke | off ms | tier1 ms | full ms | speed-up | guile ms | full/guile | chez ms | full/chez
    ms(&cells, 1, "jit=off", row);
    ms(&cells, 3, "tier1", row);
    ms(&cells, 5, "full", row);
    ms(&cells, 8, "guile", row);
    ms(&cells, 11, "chez", row);
    assert!(
        !row.contains("n/a"),
        "an implementation was not timed: {row:?}\n{err}"
    );
}

#[test]
fn json_to_stdout_has_every_field_and_the_table_goes_to_stderr() {
    let file = program_file("bench-json", "tiny", PROGRAM);
    let svg = file.with_extension("svg");
    let (status, v, err) = bench_json(&["--svg", svg.to_str().unwrap()], &file);
    assert_eq!(status, Some(0), "{v}\n{err}");
    assert_eq!(v["format"], 1);
    assert_eq!(v["runs"], 1);
    assert_eq!(
        v["implementations"],
        serde_json::json!(["off", "tier1", "full"])
    );
    let programs = v["programs"].as_array().unwrap();
    assert_eq!(programs.len(), 1, "{v}");
    let tiny = &programs[0];
    assert_eq!(tiny["name"], "tiny");
    assert_eq!(tiny["error"], Value::Null);
    for who in ["off", "tier1", "full"] {
        let t = &tiny["times"][who];
        let runs = t["runs_us"]
            .as_array()
            .unwrap_or_else(|| panic!("{who}: {t}"));
        assert_eq!(runs.len(), 1, "{who}");
        assert_eq!(t["median_us"], runs[0], "{who}");
        assert!(t["median_us"].as_f64().unwrap() >= 0.0, "{who}");
    }
    for who in ["guile", "chez", "rust"] {
        assert_eq!(tiny["times"][who], Value::Null, "{who} did not run");
    }
    let keys: Vec<&String> = v["means"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["speed-up"], "only the ratio of Kiln to itself");
    assert!(tiny["ratios"].as_object().unwrap().contains_key("speed-up"));
    assert!(
        err.lines().any(|l| l.starts_with("program ")) && err.contains("tiny "),
        "the table is on stderr: {err}"
    );
    let chart = std::fs::read_to_string(&svg).unwrap();
    assert!(chart.starts_with("<svg ") && chart.trim_end().ends_with("</svg>"));
    assert!(chart.contains(">tiny</text>"), "{chart}");
}

#[test]
fn report_files_are_checked_before_anything_runs() {
    let file = program_file("bench-bad-output", "tiny", PROGRAM);
    let file = file.to_str().unwrap();
    let o = kiln(&["bench", "--kiln-only", "--svg", "-", file]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("kiln: --svg needs a file name"));
    let o = kiln(&[
        "bench",
        "--kiln-only",
        "--json",
        "/nonexistent/dir/r.json",
        file,
    ]);
    assert_eq!(o.status.code(), Some(73), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.contains("kiln: cannot create the --json file /nonexistent/dir/r.json"));
    assert!(!err.contains("timing"), "nothing was timed: {err}");
}

#[test]
fn the_kernel_runner_is_hidden_and_names_its_kernels() {
    let help = text(&kiln(&["bench", "--help"]).stdout);
    assert!(help.contains("--json") && help.contains("--svg"), "{help}");
    assert!(!help.contains("run-kernel"), "{help}");
    let o = kiln(&["bench", "--run-kernel", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("no kernel \"nope\" (there are fib, tak, nqueens, mandelbrot)")
    );
}

/// Each Rust kernel does its Scheme program's work: the same stdout, and a timing line.
#[test]
fn each_rust_kernel_prints_what_its_scheme_program_prints() {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bench");
    for name in ["fib", "tak", "nqueens", "mandelbrot"] {
        let scheme = kiln(&[
            "run",
            "--jit=off",
            bench.join(format!("{name}.scm")).to_str().unwrap(),
        ]);
        assert_eq!(
            scheme.status.code(),
            Some(0),
            "{name}: {}",
            text(&scheme.stderr)
        );
        let rust = kiln(&["bench", "--run-kernel", name]);
        assert_eq!(
            rust.status.code(),
            Some(0),
            "{name}: {}",
            text(&rust.stderr)
        );
        assert_eq!(text(&rust.stdout), text(&scheme.stdout), "{name}");
        for (who, o) in [("scheme", &scheme), ("rust", &rust)] {
            let err = text(&o.stderr);
            let us = err.lines().find_map(|l| l.strip_prefix("bench-us: "));
            assert!(
                us.is_some_and(|us| us.parse::<u64>().is_ok()),
                "{name} ({who}): no timing line in {err:?}"
            );
        }
    }
}

/// The bench runs the kernel of a tests/bench program and puts it in the rust column.
#[test]
fn a_kernel_program_gets_the_rust_column() {
    let tak = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bench/tak.scm");
    let (status, v, err) = bench_json(&[], &tak);
    assert_eq!(status, Some(0), "{v}\n{err}");
    assert_eq!(
        v["implementations"],
        serde_json::json!(["off", "tier1", "full", "rust"])
    );
    let row = &v["programs"][0];
    assert!(row["times"]["rust"]["median_us"].is_number(), "{v}");
    assert!(row["ratios"]["full/rust"].is_number(), "{v}");
    assert!(v["means"]["full/rust"]["programs"] == 1, "{v}");
}

/// A program that prints how many times it has run (it counts in a file of the bench's scratch
/// directory) prints 0 interpreted and 1 with tier 1: a failure, with the reason in the JSON
/// and no times.
#[test]
fn kiln_outputs_that_differ_fail_the_program() {
    let src = PROGRAM
        .replace("(scheme time)", "(scheme time) (scheme file) (scheme read)")
        .replace(
            "(display (bench-run (lambda () (count 1000))))",
            r#"(define (runs-so-far)
  (let ((n (if (file-exists? "runs") (call-with-input-file "runs" read) 0)))
    (if (file-exists? "runs") (delete-file "runs"))
    (call-with-output-file "runs" (lambda (port) (write (+ n 1) port)))
    n))
(display (bench-run runs-so-far))"#,
        );
    let file = program_file("bench-differ", "counter", &src);
    let (status, v, err) = bench_json(&[], &file);
    assert_eq!(status, Some(1), "{v}\n{err}");
    let row = &v["programs"][0];
    assert_eq!(
        row["error"],
        "output differs between --jit=off and --jit-tier 1"
    );
    assert_eq!(row["times"]["off"], Value::Null);
    assert!(err.contains("counter      failed: output differs"), "{err}");
}
