//! End-to-end tests of `kiln bundle`, through the real binary. Bundles run on stock hosts only:
//! Node's `node:wasi` (`tests/node/run-bundle.mjs`) and plain wasmtime with nothing but WASI
//! linked (in this process). Expected outputs are the `.out`/`.code`/`.err` files that `kiln run`
//! is held to by `examples.rs` and `conformance.rs`, and for a subset `kiln run`'s actual output.
//!
//! Cost on 2 cores: every example and conformance program is bundled (≈0.3 s each) and run under
//! Node (≈0.5 s each; a few heavy runtime tests take seconds), on `KILN_TEST_JOBS` threads
//! (default 2). Compiling a bundle with Cranelift takes ≈1.5 s, so the in-process wasmtime test
//! runs a representative subset (`WASMTIME_SUBSET`), not everything.

#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// Programs bundled and run on in-process wasmtime: calls, bignums, floats, strings, deep
/// recursion, stdin, `exit` with a status and with a symbol, an uncaught error.
const WASMTIME_SUBSET: &[&str] = &[
    "fib.scm",
    "deriv.scm",
    "pi-digits.scm",
    "mandelbrot.scm",
    "strings.scm",
    "runtime/deep-recursion.scm",
    "r7rs/6.13-io/stdin-lines.scm",
    "r7rs/6.14-system/exit-code.scm",
    "r7rs/6.14-system/exit-symbol.scm",
    "r7rs/errors/car-non-pair.scm",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bundles")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A `kiln` command sharing one module cache with the other tests of this binary.
fn kiln(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.args(args).env(
        "KILN_CACHE_DIR",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
    );
    cmd
}

/// What a finished process (or bundle run) produced.
#[derive(Debug)]
struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    /// `None`: killed by a signal or by the timeout.
    code: Option<i32>,
}

impl Outcome {
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// Runs `cmd` with `input` on stdin; kills it after `timeout`.
fn run(cmd: &mut Command, input: &[u8], timeout: Duration) -> Outcome {
    let o = common::process::run_process(cmd, input, timeout).expect("starting a process");
    Outcome {
        stdout: o.stdout,
        stderr: o.stderr,
        code: o.code,
    }
}

const TIMEOUT: Duration = Duration::from_secs(120);

/// `kiln bundle SCM -o OUT EXTRA…`.
fn bundle(scm: &Path, out: &Path, extra: &[&str]) -> Outcome {
    let mut args = vec![
        "bundle",
        "-q",
        scm.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&mut kiln(&args), b"", TIMEOUT)
}

/// Bundles `scm` into `dir`; panics with kiln's stderr if that fails.
fn bundled(scm: &Path, dir: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join(scm.file_stem().unwrap()).with_extension("wasm");
    let o = bundle(scm, &out, extra);
    assert_eq!(
        o.code,
        Some(0),
        "bundling {} failed: {}",
        scm.display(),
        o.stderr()
    );
    out
}

/// Runs a bundle under Node's WASI. Node 20's V8 occasionally crashes with a signal on a loaded
/// machine (the same bundle then passes on the next run); such a host crash — reported by the
/// runner as status 125 — is retried twice before it counts as a failure.
fn node(wasm: &Path, input: &[u8], env: &[(&str, &str)]) -> Outcome {
    node_in(None, wasm, input, env)
}

/// [`node`], in directory `cwd` if given (else this process's).
fn node_in(cwd: Option<&Path>, wasm: &Path, input: &[u8], env: &[(&str, &str)]) -> Outcome {
    let runner = repo().join("harness/tests/node/run-bundle.mjs");
    let attempt = || {
        let mut cmd = Command::new("node");
        cmd.arg("--no-warnings")
            .arg(&runner)
            .arg(wasm)
            .envs(env.iter().copied());
        if let Some(dir) = cwd {
            cmd.current_dir(dir);
        }
        run(&mut cmd, input, TIMEOUT)
    };
    let mut outcome = attempt();
    for _ in 0..2 {
        if outcome.code != Some(125) || !outcome.stderr().contains("run-bundle: node died") {
            break;
        }
        eprintln!("note: node crashed running {}; retrying", wasm.display());
        outcome = attempt();
    }
    outcome
}

/// Compares an outcome with a case's expectations; `Err` describes the differences.
fn check(case: &common::Case, o: &Outcome) -> Result<(), String> {
    let mut problems = Vec::new();
    if o.code != Some(case.code) {
        problems.push(format!("exit status {:?}, expected {}", o.code, case.code));
    }
    problems.extend(common::first_diff(&case.expected_out, &o.stdout));
    let stderr = o.stderr();
    for line in case
        .err_lines
        .iter()
        .filter(|l| !stderr.contains(l.as_str()))
    {
        problems.push(format!("stderr lacks {line:?} (stderr: {stderr:?})"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n    "))
    }
}

/// The `kiln bundle` options that give a bundle what a case's `kiln run` flags give the run.
fn bundle_flags<'a>(flags: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for pair in flags.windows(2) {
        if pair[0] == "--max-depth" {
            out.extend(pair);
        }
    }
    out.extend(flags.iter().filter(|f| f.starts_with("--backtrace=")));
    out
}

/// Whether a case depends on a limit only `kiln run` enforces (`--timeout`, or a `--max-memory`
/// it is expected to exceed): stock hosts have no such option, so such cases are not run as
/// bundles; `a_bundle_*` tests cover what a bundle does when its platform stops it.
fn needs_kiln_limits(case: &common::Case) -> bool {
    let flag = |f: &str| case.flags.iter().any(|x| x == f);
    flag("--timeout") || (flag("--max-memory") && case.code == 137)
}

/// Every example and conformance program (only those matching `KILN_TEST_FILTER` if `filtered`).
fn all_cases(filtered: bool) -> Vec<common::Case> {
    let root = repo();
    let mut cases: Vec<common::Case> = common::discover(&root.join("examples"), &["."])
        .into_iter()
        .chain(common::discover(&root.join("tests"), &["r7rs", "runtime"]))
        .map(|c| c.unwrap())
        .collect();
    let filter = std::env::var("KILN_TEST_FILTER")
        .ok()
        .filter(|_| filtered)
        .unwrap_or_default();
    cases.retain(|c| c.name.contains(&filter) && !needs_kiln_limits(c));
    cases
}

/// Bundles and runs one case under Node. A program that `kiln run` rejects as unreadable or
/// ill-formed (status 65) must instead fail to bundle, with the same diagnostic.
fn node_case(case: &common::Case, dir: &Path) -> Result<(), String> {
    node_case_in(case, dir, None)
}

/// [`node_case`], running the bundle in directory `cwd` if given.
fn node_case_in(case: &common::Case, dir: &Path, cwd: Option<&Path>) -> Result<(), String> {
    let out = dir.join(case.name.replace('/', "_")).with_extension("wasm");
    let flags: Vec<&str> = case.flags.iter().map(String::as_str).collect();
    let b = bundle(&case.scm, &out, &bundle_flags(&flags));
    if case.code == 65 {
        // What `kiln run` printed before reaching the bad form is not compared: nothing runs.
        let stderr = b.stderr();
        let missing: Vec<&String> = case
            .err_lines
            .iter()
            .filter(|l| !stderr.contains(l.as_str()))
            .collect();
        return match (b.code, missing.is_empty(), out.exists()) {
            (Some(65), true, false) => Ok(()),
            _ => Err(format!(
                "bundling should fail with status 65 and {missing:?}, got {:?}: {stderr}",
                b.code
            )),
        };
    }
    if b.code != Some(0) {
        return Err(format!("kiln bundle failed: {}", b.stderr()));
    }
    check(case, &node_in(cwd, &out, &case.stdin, &[]))
}

/// The programs made of libraries in their own directory trees (`tests/libraries`, among them
/// `shop.scm`: three libraries in two directories using SRFI 1, 69, 125 and 133) and the
/// backtrace tests (errors in library code) as bundles: every imported library is read and
/// expanded at bundle time, so each bundle runs under Node in a directory that holds no library
/// file and prints what `kiln run` prints.
#[test]
fn library_programs_bundled_run_under_node_without_their_files() {
    let cases: Vec<common::Case> =
        common::discover(&repo().join("tests"), &["libraries", "backtrace"])
            .into_iter()
            .map(|c| c.unwrap())
            .collect();
    assert!(
        cases.iter().any(|c| c.name == "libraries/shop.scm"),
        "{cases:?}"
    );
    let dir = scratch("libraries");
    let empty = dir.join("run");
    std::fs::create_dir_all(&empty).unwrap();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            node_case_in(case, &dir, Some(&empty))
                .err()
                .map(|why| format!("FAIL {}: {why}", case.name))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let left: Vec<_> = std::fs::read_dir(&empty).unwrap().flatten().collect();
    assert!(left.is_empty(), "the bundles wrote {left:?}");
}

#[test]
fn every_program_bundled_runs_under_node_like_kiln_run() {
    let cases = all_cases(true);
    assert!(
        cases.len() > 100 || std::env::var("KILN_TEST_FILTER").is_ok(),
        "only {} programs found",
        cases.len()
    );
    let dir = scratch("node");
    let jobs: usize = std::env::var("KILN_TEST_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .unwrap_or(2);
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1) {
            s.spawn(|| {
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(why) = node_case(case, &dir) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("FAIL {}: {why}", case.name));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} bundles differ from kiln run:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Runs a bundle's `_start` on wasmtime with only WASI linked (no Kiln host function), on a
/// thread with `kiln`'s deep stack; stdio in memory, the current directory preopened.
fn wasmtime_run(wasm: &Path, input: &[u8], env: &[(&str, &str)]) -> Outcome {
    wasmtime_run_limited(wasm, input, env, HostLimits::default()).0
}

/// Limits a platform may put on a bundle: a run time (an epoch deadline) and a memory cap.
#[derive(Clone, Copy, Default)]
struct HostLimits {
    timeout: Option<Duration>,
    max_memory: Option<usize>,
    /// Keep wasmtime's default Wasm stack (512 KiB, as `wasmtime run` has it) instead of kiln's.
    default_stack: bool,
}

/// As [`wasmtime_run`], under `limits`; also returns the trap, if the bundle trapped.
fn wasmtime_run_limited(
    wasm: &Path,
    input: &[u8],
    env: &[(&str, &str)],
    limits: HostLimits,
) -> (Outcome, Option<String>) {
    let (wasm, input) = (wasm.to_path_buf(), input.to_vec());
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    std::thread::Builder::new()
        .stack_size(600 << 20)
        .spawn(move || wasmtime_start(&wasm, input, &env, limits))
        .unwrap()
        .join()
        .unwrap()
}

/// The store data of a bundle run on plain wasmtime.
struct BundleHost {
    wasi: wasi_common::WasiCtx,
    limits: wasmtime::StoreLimits,
}

fn wasmtime_start(
    wasm: &Path,
    input: Vec<u8>,
    env: &[(String, String)],
    limits: HostLimits,
) -> (Outcome, Option<String>) {
    use wasi_common::pipe::{ReadPipe, WritePipe};
    let mut config = wasmtime::Config::new();
    if !limits.default_stack {
        config.max_wasm_stack(512 << 20).async_stack_size(513 << 20);
    }
    config.epoch_interruption(limits.timeout.is_some());
    let engine = wasmtime::Engine::new(&config).unwrap();
    let module = wasmtime::Module::from_file(&engine, wasm).unwrap();
    let mut linker = wasmtime::Linker::new(&engine);
    wasi_common::sync::add_to_linker(&mut linker, |h: &mut BundleHost| &mut h.wasi).unwrap();
    let (stdout, stderr) = (
        Arc::new(RwLock::new(Vec::new())),
        Arc::new(RwLock::new(Vec::new())),
    );
    let cwd = wasi_common::sync::Dir::open_ambient_dir(".", wasi_common::sync::ambient_authority())
        .unwrap();
    let wasi = wasi_common::sync::WasiCtxBuilder::new()
        .stdin(Box::new(ReadPipe::from(input)))
        .stdout(Box::new(WritePipe::from_shared(stdout.clone())))
        .stderr(Box::new(WritePipe::from_shared(stderr.clone())))
        .args(&[wasm.display().to_string()])
        .unwrap()
        .envs(env)
        .unwrap()
        .preopened_dir(cwd, ".")
        .unwrap()
        .build();
    let mut store_limits = wasmtime::StoreLimitsBuilder::new();
    if let Some(bytes) = limits.max_memory {
        store_limits = store_limits.memory_size(bytes);
    }
    let host = BundleHost {
        wasi,
        limits: store_limits.build(),
    };
    let mut store = wasmtime::Store::new(&engine, host);
    store.limiter(|h| &mut h.limits);
    if let Some(timeout) = limits.timeout {
        store.set_epoch_deadline(1);
        let engine = engine.clone();
        std::thread::spawn(move || {
            std::thread::sleep(timeout);
            engine.increment_epoch();
        });
    }
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap();
    let (code, trap) = match start.call(&mut store, ()) {
        Ok(()) => (Some(0), None),
        Err(e) => match e.downcast_ref::<wasi_common::I32Exit>() {
            Some(exit) => (Some(exit.0), None),
            None if limits.timeout.is_some()
                || limits.max_memory.is_some()
                || limits.default_stack =>
            {
                (None, Some(format!("{e:?}")))
            }
            None => panic!("{} trapped: {e:?}", wasm.display()),
        },
    };
    let take = |b: Arc<RwLock<Vec<u8>>>| b.read().unwrap().clone();
    let outcome = Outcome {
        stdout: take(stdout),
        stderr: take(stderr),
        code,
    };
    (outcome, trap)
}

/// A bundle's host knows nothing of the guest's output buffer, so the bundle writes out each
/// line as it is completed: when the platform stops it (here: an epoch deadline), what it printed
/// is out already.
#[test]
fn a_bundle_stopped_by_its_host_has_written_its_lines() {
    let dir = scratch("host-limits");
    let wasm = dir.join("stopped.wasm");
    let scm = repo().join("tests/runtime/output-kept-on-timeout.scm");
    assert_eq!(bundle(&scm, &wasm, &[]).code, Some(0));
    let limits = HostLimits {
        timeout: Some(Duration::from_secs(1)),
        ..HostLimits::default()
    };
    let (o, trap) = wasmtime_run_limited(&wasm, b"", &[], limits);
    assert!(trap.is_some_and(|t| t.contains("interrupt")), "{o:?}");
    // The unfinished last line is the one thing a stock host's deadline can cut off.
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "printed before the loop\n"
    );
}

/// Out of memory under a platform's memory cap: the bundle writes out what it printed, says
/// why it stops, and traps (WASI cannot carry status 137).
#[test]
fn a_bundle_out_of_memory_says_so_and_keeps_its_output() {
    let dir = scratch("host-limits");
    let wasm = dir.join("oom.wasm");
    let scm = repo().join("tests/runtime/out-of-memory.scm");
    assert_eq!(bundle(&scm, &wasm, &[]).code, Some(0));
    let limits = HostLimits {
        max_memory: Some(100 << 20),
        ..HostLimits::default()
    };
    let (o, trap) = wasmtime_run_limited(&wasm, b"", &[], limits);
    assert!(trap.is_some(), "{o:?}");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "start\n(caught out of memory)\nafter the first\n"
    );
    let stderr = o.stderr();
    assert!(stderr.contains("kiln: out of memory: "), "{stderr}");
    assert!(!stderr.contains("memory allocation of"), "{stderr}");
}

#[test]
fn bundles_run_on_plain_wasmtime_like_kiln_run() {
    let dir = scratch("wasmtime");
    let cases: Vec<common::Case> = all_cases(false)
        .into_iter()
        .filter(|c| WASMTIME_SUBSET.contains(&c.name.as_str()))
        .collect();
    assert_eq!(
        cases.len(),
        WASMTIME_SUBSET.len(),
        "some names in WASMTIME_SUBSET name no program"
    );
    for case in &cases {
        let wasm = bundled(&case.scm, &dir, &[]);
        let imports = bundle_imports(&wasm);
        assert!(
            imports.iter().all(|m| m == "wasi_snapshot_preview1"),
            "{}: imports {imports:?}",
            case.name
        );
        let got = wasmtime_run(&wasm, &case.stdin, &[]);
        let live = run(
            &mut kiln(&["run", case.scm.to_str().unwrap()]),
            &case.stdin,
            TIMEOUT,
        );
        assert_eq!(
            (got.code, &got.stdout),
            (live.code, &live.stdout),
            "{}: bundle vs kiln run",
            case.name
        );
        assert_eq!(got.stderr(), live.stderr(), "{}: stderr", case.name);
        check(case, &got).unwrap_or_else(|why| panic!("{}: {why}", case.name));
    }
}

/// The module names a bundle imports from; checks it is a WASI command module.
fn bundle_imports(wasm: &Path) -> Vec<String> {
    let engine = wasmtime::Engine::default();
    let module = wasmtime::Module::from_file(&engine, wasm).unwrap();
    let exports: Vec<String> = module.exports().map(|e| e.name().to_string()).collect();
    assert!(
        exports.iter().any(|e| e == "_start") && exports.iter().any(|e| e == "memory"),
        "{exports:?}"
    );
    assert!(
        !exports.iter().any(|e| e == "_initialize"),
        "a command module must not export _initialize"
    );
    module.imports().map(|i| i.module().to_string()).collect()
}

/// A program with one lambda that gets hot on a big input, and one that never does.
const HOT_AND_COLD: &str = r#"(import (scheme base) (scheme write))
(define (count n) (if (= n 0) 0 (+ 1 (count (- n 1)))))
(define (twice x) (* 2 x))
(define n (string->number (read-line)))
(write (list (count n) (twice n)))
(newline)
"#;

fn stats_line(o: &Outcome) -> String {
    o.stderr()
        .lines()
        .find(|l| l.starts_with("jit: "))
        .unwrap_or_else(|| panic!("no stats line: {}", o.stderr()))
        .to_string()
}

/// The number before `what` in a stats line, e.g. `compiled` in "…, 2 compiled, …".
fn stat(line: &str, what: &str) -> u64 {
    let at = line
        .find(what)
        .unwrap_or_else(|| panic!("{what:?} not in {line:?}"));
    line[..at]
        .split([' ', ',', ';'])
        .rfind(|w| !w.is_empty())
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn compiled_code_is_called_in_bundles() {
    let dir = scratch("stats");
    let scm = dir.join("hot.scm");
    std::fs::write(&scm, HOT_AND_COLD).unwrap();
    let wasm = bundled(&scm, &dir, &[]);
    let stats = [("KILN_JIT_STATS", "1")];
    for o in [
        wasmtime_run(&wasm, b"5000\n", &stats),
        node(&wasm, b"5000\n", &stats),
    ] {
        assert_eq!(
            (o.code, String::from_utf8_lossy(&o.stdout).as_ref()),
            (Some(0), "(5000 10000)\n")
        );
        let line = stats_line(&o);
        assert_eq!(stat(&line, "compiled"), 2, "{line}");
        assert!(stat(&line, "calls into compiled code") > 0, "{line}");
    }
    let quiet = wasmtime_run(&wasm, b"1\n", &[]);
    assert!(
        !quiet.stderr().contains("jit:"),
        "stats only when asked: {}",
        quiet.stderr()
    );
}

#[test]
fn training_compiles_only_what_got_hot() {
    let dir = scratch("train");
    let scm = dir.join("hot.scm");
    std::fs::write(&scm, HOT_AND_COLD).unwrap();
    let (big, small) = (dir.join("big.txt"), dir.join("small.txt"));
    std::fs::write(&big, "5000\n").unwrap();
    std::fs::write(&small, "3\n").unwrap();
    let stats = [("KILN_JIT_STATS", "1")];
    for (input, compiled) in [(&big, 1), (&small, 0)] {
        let out = dir.join(format!("hot-{compiled}.wasm"));
        let b = bundle(&scm, &out, &["--train-input", input.to_str().unwrap()]);
        assert_eq!(b.code, Some(0), "{}", b.stderr());
        let o = node(&out, b"5000\n", &stats);
        assert_eq!(String::from_utf8_lossy(&o.stdout), "(5000 10000)\n");
        assert_eq!(
            stat(&stats_line(&o), "compiled"),
            compiled,
            "trained on {}",
            input.display()
        );
    }
}

#[test]
fn bundles_are_byte_for_byte_reproducible() {
    let dir = scratch("determinism");
    let scm = repo().join("examples/deriv.scm");
    let train = dir.join("empty.txt");
    std::fs::write(&train, "").unwrap();
    for extra in [&[][..], &["--train-input", train.to_str().unwrap()][..]] {
        let (a, b) = (dir.join("a.wasm"), dir.join("b.wasm"));
        assert_eq!(bundle(&scm, &a, extra).code, Some(0));
        assert_eq!(bundle(&scm, &b, extra).code, Some(0));
        assert!(
            std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
            "bundles differ with {extra:?}"
        );
    }
}

#[test]
fn failures_leave_no_output_and_say_why() {
    let dir = scratch("errors");
    let out = dir.join("out.wasm");
    std::fs::write(&out, b"previous").unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let syntax = write("syntax.scm", "(display 1)\n(if)\n");
    let o = bundle(&syntax, &out, &[]);
    assert_eq!(o.code, Some(65));
    assert!(
        o.stderr().contains("syntax.scm:2:1: syntax error")
            && o.stderr().contains("no bundle written"),
        "{}",
        o.stderr()
    );
    let o = bundle(&dir.join("missing.scm"), &out, &[]);
    assert_eq!(o.code, Some(66));
    assert!(o.stderr().contains("cannot read"), "{}", o.stderr());
    // A training run that exits non-zero still yields a bundle (tests/bundle_cli.rs); one that
    // runs past --timeout does not.
    let failing = write("failing.scm", "(display \"hi\")\n(let loop () (loop))\n");
    let input = write("input.txt", "");
    let train = ["--train-input", input.to_str().unwrap(), "--timeout", "1"];
    let o = bundle(&failing, &out, &train);
    assert_eq!(o.code, Some(124));
    assert!(
        o.stderr().contains("timeout: the training run"),
        "{}",
        o.stderr()
    );
    let o = bundle(&failing, &out, &["--jit=on"]);
    assert_eq!(o.code, Some(2), "{}", o.stderr());
    assert_eq!(
        std::fs::read(&out).unwrap(),
        b"previous",
        "a failed bundle must not touch the output"
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains(".tmp-")),
        "temporary files left: {names:?}"
    );
}

/// Deep recursion in a bundle on hosts' default stacks: interpreted recursion uses no native
/// stack and compiled recursion continues in the interpreter past the native budget, so a
/// 100,000-deep recursion is right on stock wasmtime (512 KiB Wasm stack) and on Node 20 with
/// default flags — also through procedure-calling primitives (`map`, `dynamic-wind`), which
/// call procedures from the interpreter's continuation frames. Recursion that must nest
/// natively (a `make-parameter` converter calling `make-parameter`) raises "stack overflow"
/// there instead of trapping.
#[test]
fn deep_recursion_runs_on_default_host_stacks() {
    let dir = scratch("default-stacks");
    let scm = dir.join("deep.scm");
    std::fs::write(
        &scm,
        "(import (scheme base) (scheme write))
(define (build n) (if (= n 0) '() (cons n (build (- n 1)))))
(define (sum l) (if (null? l) 0 (+ (car l) (sum (cdr l)))))
(display (sum (build 100000))) (newline)
(define (g n) (if (= n 0) 0 (car (map (lambda (x) (+ 1 (g (- n 1)))) '(1)))))
(display (g 100000)) (newline)
(define (w n) (if (= n 0) 0 (+ 1 (dynamic-wind (lambda () #f) (lambda () (w (- n 1))) (lambda () #f)))))
(display (w 100000)) (newline)
(define (c n) (if (= n 0) 0 ((make-parameter n (lambda (x) (+ 1 (c (- n 1))))))))
(display (guard (e ((error-object? e) (error-object-message e))) (c 100000))) (newline)
",
    )
    .unwrap();
    let expected = "5000050000\n100000\n100000\nstack overflow\n";
    for jit in ["off", "eager"] {
        let out = dir.join(format!("deep-{jit}.wasm"));
        let o = bundle(&scm, &out, &["--jit", jit]);
        assert_eq!(o.code, Some(0), "bundling: {}", o.stderr());
        let limits = HostLimits {
            default_stack: true,
            ..HostLimits::default()
        };
        let (o, trap) = wasmtime_run_limited(&out, b"", &[], limits);
        assert_eq!(trap, None, "--jit={jit} on wasmtime's default stack");
        assert_eq!(
            (o.code, String::from_utf8_lossy(&o.stdout).as_ref()),
            (Some(0), expected),
            "--jit={jit} on wasmtime's default stack: {}",
            o.stderr()
        );
        let o = node(&out, b"", &[("KILN_NODE_DEFAULT_STACK", "1")]);
        assert_eq!(
            (o.code, String::from_utf8_lossy(&o.stdout).as_ref()),
            (Some(0), expected),
            "--jit={jit} on node with default flags: {}",
            o.stderr()
        );
    }
}
