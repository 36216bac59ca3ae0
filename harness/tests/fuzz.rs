//! `kiln fuzz` through the real binary: the generator is deterministic and produces programs
//! that run to their end, the reader fuzz loop finds no crash, and the fixed seed set is
//! differential-clean in every mode (JIT off/on/eager, eager + GC stress, bundles).
//!
//! Cost on 2 cores: the differential run of 200 seeds is the big one (a few minutes: every
//! program runs in four modes and is bundled and compiled once); the reader loop takes 20 s.
//! `KILN_FUZZ_COUNT` overrides the number of seeds for local use.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("fuzz")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `kiln ARGS…`, sharing one module cache with the other tests of this binary.
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

#[test]
fn the_same_seed_prints_the_same_program() {
    let a = kiln(&["fuzz", "--print", "12345"]);
    let b = kiln(&["fuzz", "--print", "12345"]);
    let c = kiln(&["fuzz", "--print", "12346"]);
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    let program = text(&a.stdout);
    assert!(
        program.starts_with("; kiln fuzz --print 12345\n"),
        "{program}"
    );
    assert!(program.lines().count() > 20, "{program}");
}

#[test]
fn generated_programs_mostly_run_to_their_end() {
    let dir = scratch("complete");
    let seeds = 2000..2060;
    let mut ok = 0;
    for seed in seeds.clone() {
        let program = kiln(&["fuzz", "--print", &seed.to_string()]);
        let file = dir.join(format!("p{seed}.scm"));
        std::fs::write(&file, &program.stdout).unwrap();
        let run = kiln(&[
            "run",
            "--jit=off",
            "--timeout",
            "60",
            file.to_str().unwrap(),
        ]);
        let (code, err) = (run.status.code(), text(&run.stderr));
        // Deliberate errors (a few programs) end with an uncaught error; nothing else may.
        assert!(
            matches!(code, Some(0 | 70)) && !err.contains("kiln:"),
            "seed {seed}: status {code:?}, stderr:\n{err}"
        );
        ok += usize::from(code == Some(0));
    }
    let total = seeds.len();
    assert!(
        ok * 100 >= total * 75,
        "only {ok} of {total} generated programs ended with status 0"
    );
}

#[test]
fn a_program_that_behaves_the_same_everywhere_has_nothing_to_shrink() {
    let dir = scratch("clean");
    let file = dir.join("clean.scm");
    std::fs::write(
        &file,
        "(define (f n) (if (< n 2) n (+ (f (- n 1)) (f (- n 2)))))\n(write (f 15))\n",
    )
    .unwrap();
    let out = kiln(&[
        "fuzz",
        "--shrink",
        file.to_str().unwrap(),
        "--modes",
        "on,eager",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("behaves the same in every mode"));
    assert!(!dir.join("clean.min.scm").exists());
}

#[test]
fn unknown_modes_are_usage_errors() {
    let out = kiln(&["fuzz", "--modes", "fast", "--count", "1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("fast"), "{}", text(&out.stderr));
}

#[test]
fn the_reader_and_expander_survive_mutated_inputs() {
    let keep = scratch("reader");
    let root = repo();
    let out = kiln(&[
        "fuzz",
        "--reader",
        "--seconds",
        "20",
        "--keep",
        keep.to_str().unwrap(),
        "--corpus",
        root.join("tests/r7rs").to_str().unwrap(),
        "--corpus",
        root.join("examples").to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "findings:\n{stdout}\n{}",
        text(&out.stderr)
    );
    assert!(stdout.contains("mutated inputs"), "{stdout}");
}

#[test]
fn the_fixed_seeds_are_differential_clean() {
    let keep = scratch("seeds");
    let count = std::env::var("KILN_FUZZ_COUNT").unwrap_or_else(|_| "200".into());
    let out = kiln(&[
        "fuzz",
        "--seed",
        "1",
        "--count",
        &count,
        "--max-shrinks",
        "1",
        "--shrink-seconds",
        "60",
        "--keep",
        keep.to_str().unwrap(),
    ]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("kiln fuzz: {count} programs")),
        "{stdout}"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "modes differ:\n{stdout}\n{}",
        text(&out.stderr)
    );
}
