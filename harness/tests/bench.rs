//! A smoke test of `kiln bench` (not a timed one): it runs a tiny program in every
//! implementation and parses each one's `bench-us:` line; Guile and Chez Scheme are required
//! (tests/run.sh installs them), so a missing or unparsed column fails the test.

use std::path::Path;
use std::process::Command;

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

#[test]
fn bench_times_every_implementation_through_the_protocol() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-smoke");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("smoke.scm");
    std::fs::write(&file, PROGRAM).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(["bench", "--runs", "1", "--timeout", "60"])
        .arg(&file)
        .env(
            "KILN_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
        )
        .output()
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    let header = out
        .lines()
        .find(|l| l.starts_with("program"))
        .unwrap_or_else(|| panic!("no table in {out:?}"));
    for column in ["jit=off", "jit=on", "guile", "chez"] {
        assert!(header.contains(column), "no {column} column: {header:?}");
    }
    let row = out
        .lines()
        .find(|l| l.starts_with("smoke"))
        .unwrap_or_else(|| panic!("no row for the program in {out:?}\n{err}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    // smoke | off ms | on ms | speed-up | guile ms | on/guile | chez ms | on/chez
    ms(&cells, 1, "jit=off", row);
    ms(&cells, 3, "jit=on", row);
    ms(&cells, 6, "guile", row);
    ms(&cells, 9, "chez", row);
    assert!(
        !row.contains("n/a"),
        "an implementation was not timed: {row:?}\n{err}"
    );
}
