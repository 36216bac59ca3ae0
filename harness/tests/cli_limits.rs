//! `kiln run` / `kiln repl` options checked before the guest starts, through the real binary:
//! the `--max-memory` floor and the `--dump-jit` directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The four JIT modes every program must behave the same in.
const MODES: [&[&str]; 4] = [
    &["--jit=off"],
    &["--jit=on"],
    &["--jit=eager"],
    &["--jit=eager", "--gc-stress"],
];

fn kiln(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.args(args).env(
        "KILN_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
    );
    cmd
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-limits")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn program(dir: &Path, source: &str) -> String {
    let path = dir.join("p.scm");
    std::fs::write(&path, source).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(opts: &[&str], file: &str) -> Output {
    kiln(&[&["run"], opts, &[file]].concat()).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The guest's minimum as kiln states it when refusing `--max-memory 1`.
fn stated_minimum(dir: &Path) -> u64 {
    let o = run(&["--max-memory", "1"], &program(dir, "(display 1)"));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let rest = err
        .strip_prefix("kiln: --max-memory 1 is below the guest's minimum of ")
        .unwrap_or_else(|| panic!("unexpected refusal: {err}"));
    rest.strip_suffix(" MiB\n").unwrap().parse().unwrap()
}

const HOT: &str = "(define (double x) (* x 2))
(define (loop i acc) (if (= i 3000) acc (loop (+ i 1) (+ acc (double i)))))
(display (loop 0 0))
(newline)
";

#[test]
fn hello_world_runs_at_the_stated_minimum_memory_in_every_mode() {
    let dir = scratch("minimum");
    let minimum = stated_minimum(&dir);
    let hello = program(&dir, "(display \"hello\")\n(newline)\n");
    for mode in MODES {
        let at = minimum.to_string();
        let o = run(&[mode, &["--max-memory", &at]].concat(), &hello);
        assert_eq!(
            (o.status.code(), o.stdout.as_slice()),
            (Some(0), &b"hello\n"[..]),
            "{mode:?} at {minimum} MiB: {}",
            stderr(&o)
        );
    }
}

#[test]
fn max_memory_below_the_minimum_is_refused_for_run_and_repl() {
    let dir = scratch("below");
    let minimum = stated_minimum(&dir);
    let below = (minimum - 1).to_string();
    let expected =
        format!("kiln: --max-memory {below} is below the guest's minimum of {minimum} MiB\n");
    // Values just below the minimum used to start and die of out-of-memory (137); far below,
    // they failed to instantiate with an "internal error" (70).
    for value in [below.as_str(), "20", "1"] {
        let o = run(&["--max-memory", value], &program(&dir, "(display 1)"));
        assert_eq!(o.status.code(), Some(2), "{value}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
        assert_eq!(
            stderr(&o),
            expected.replace(&format!(" {below} "), &format!(" {value} "))
        );
    }
    let mut child = kiln(&["repl", "--max-memory", &below])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"(+ 1 2)\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(stderr(&o), expected);
}

#[test]
fn a_missing_dump_directory_is_created_and_filled() {
    let dir = scratch("dump");
    let file = program(&dir, HOT);
    for (i, mode) in MODES.iter().enumerate() {
        let plain = run(mode, &file);
        assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
        let dump = dir.join(format!("fresh-{i}")).join("nested").join("aux");
        let dump_arg = dump.to_str().unwrap();
        let dumped = run(
            &[*mode, &["--dump-jit", dump_arg, "--jit-stats"]].concat(),
            &file,
        );
        assert_eq!(
            (dumped.status.code(), &dumped.stdout),
            (Some(0), &plain.stdout),
            "{mode:?}: {}",
            stderr(&dumped)
        );
        assert!(
            !stderr(&dumped).contains("failed to link"),
            "{mode:?}: {}",
            stderr(&dumped)
        );
        let modules: Vec<_> = std::fs::read_dir(&dump)
            .unwrap_or_else(|e| panic!("{mode:?}: {} not created: {e}", dump.display()))
            .map(|e| e.unwrap().path())
            .collect();
        if mode == &["--jit=off"] {
            assert!(modules.is_empty(), "{modules:?}");
        } else {
            assert!(!modules.is_empty(), "{mode:?}: no aux module dumped");
            for m in modules {
                assert!(std::fs::read(&m).unwrap().starts_with(b"\0asm"), "{m:?}");
            }
        }
    }
}

#[test]
fn an_impossible_dump_directory_is_refused() {
    let dir = scratch("impossible");
    let file = program(&dir, HOT);
    let under_a_file = Path::new(&file).join("dump");
    let under = under_a_file.to_str().unwrap();
    for args in [
        &["run", "--dump-jit", under, &file][..],
        &["repl", "--dump-jit", under],
    ] {
        let o = kiln(args).stdin(Stdio::null()).output().unwrap();
        assert_eq!(o.status.code(), Some(73), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
        assert!(
            stderr(&o).starts_with(&format!(
                "kiln: cannot create the --dump-jit directory {under}: "
            )),
            "{}",
            stderr(&o)
        );
    }
}
