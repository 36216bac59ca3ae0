//! `kiln bundle`'s command line, through the real binary: it never writes over its inputs,
//! `--timeout` bounds its guest runs, and a training run that exits non-zero still yields a
//! bundle of what got hot. Bundles are run on in-process wasmtime with nothing but WASI.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

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
        .join("bundle-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `kiln bundle -q ARGS…` run in `dir`.
fn bundle(dir: &Path, args: &[&str]) -> Output {
    kiln(&[&["bundle", "-q"], args].concat())
        .current_dir(dir)
        .output()
        .unwrap()
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const PROGRAM: &str = "(display \"hello\")\n(newline)\n";

#[test]
fn the_bundle_is_never_written_over_its_source() {
    let dir = scratch("clobber");
    let src = write(&dir, "app.scm", PROGRAM);
    let input = write(&dir, "input.txt", "training input\n");
    std::os::unix::fs::symlink("app.scm", dir.join("link.wasm")).unwrap();
    let absolute = src.to_str().unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["app.scm", "-o", "app.scm"],
            "app.scm",
            "its source app.scm",
        ),
        (
            &["app.scm", "-o", "./app.scm"],
            "./app.scm",
            "its source app.scm",
        ),
        (
            &["./app.scm", "-o", absolute],
            absolute,
            "its source ./app.scm",
        ),
        (
            &["app.scm", "-o", "link.wasm"],
            "link.wasm",
            "its source app.scm",
        ),
        (
            &["--jit=off", "app.scm", "-o", "app.scm"],
            "app.scm",
            "its source app.scm",
        ),
        (
            &["--train-input", "input.txt", "app.scm", "-o", "./input.txt"],
            "./input.txt",
            "the training input input.txt",
        ),
        (
            &["--train-input", "app.scm", "app.scm", "-o", "app.scm"],
            "app.scm",
            "its source app.scm",
        ),
    ];
    for (args, output, what) in cases {
        let o = bundle(&dir, args);
        assert_eq!(o.status.code(), Some(73), "{args:?}: {}", stderr(&o));
        assert_eq!(
            stderr(&o),
            format!("kiln: refusing to write the bundle {output} over {what}; no bundle written\n"),
            "{args:?}"
        );
        assert_eq!(std::fs::read(&src).unwrap(), PROGRAM.as_bytes(), "{args:?}");
        assert_eq!(
            std::fs::read(&input).unwrap(),
            b"training input\n",
            "{args:?}"
        );
    }
    // The default output is FILE with the extension .wasm: the source itself for `X.wasm`.
    let wasm_named = write(&dir, "prog.wasm", PROGRAM);
    let o = bundle(&dir, &["prog.wasm"]);
    assert_eq!(o.status.code(), Some(73), "{}", stderr(&o));
    assert_eq!(std::fs::read(&wasm_named).unwrap(), PROGRAM.as_bytes());
    assert_eq!(
        file_names(&dir),
        ["app.scm", "input.txt", "link.wasm", "prog.wasm"]
    );
    assert!(std::fs::symlink_metadata(dir.join("link.wasm"))
        .unwrap()
        .file_type()
        .is_symlink());
    // A different output next to the source is fine.
    let o = bundle(&dir, &["app.scm", "-o", "app.wasm"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read(dir.join("app.wasm"))
        .unwrap()
        .starts_with(b"\0asm"));
}

/// Runs `kiln bundle ARGS…` expecting a timeout, and checks it came within `limit`.
fn assert_times_out(dir: &Path, args: &[&str], message: &str, limit: Duration) {
    let started = Instant::now();
    let o = bundle(dir, args);
    assert_eq!(o.status.code(), Some(124), "{args:?}: {}", stderr(&o));
    assert_eq!(stderr(&o), message, "{args:?}");
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
    assert!(!dir.join("out.wasm").exists(), "{:?}", file_names(dir));
}

#[test]
fn timeout_bounds_a_training_run_that_never_ends() {
    let dir = scratch("timeout-training");
    write(
        &dir,
        "spin.scm",
        "(define (spin n) (spin (+ n 1)))\n(spin 0)\n",
    );
    write(&dir, "input.txt", "");
    assert_times_out(
        &dir,
        &[
            "spin.scm",
            "--train-input",
            "input.txt",
            "--timeout",
            "1",
            "-o",
            "out.wasm",
        ],
        "kiln: timeout: the training run of spin.scm ran longer than 1 s; no bundle written\n",
        // Compiling the interruptible guest on a cold cache takes seconds; the run itself 1 s.
        Duration::from_secs(60),
    );
}

#[test]
fn timeout_bounds_the_snapshots_init_run() {
    let dir = scratch("timeout-init");
    // Expansion doubles with every argument: 2^18 leaves take seconds (and memory) to expand.
    let args = vec!["a"; 18].join(" ");
    let source = format!(
        "(define-syntax m (syntax-rules () ((_) 0) ((_ x y ...) (if (m y ...) (m y ...) 0))))\n\
         (m {args})\n"
    );
    write(&dir, "expand.scm", &source);
    assert_times_out(
        &dir,
        &[
            "expand.scm",
            "--jit=off",
            "--timeout",
            "1",
            "-o",
            "out.wasm",
        ],
        "kiln: timeout: loading and compiling expand.scm for the snapshot took longer than 1 s; \
         no bundle written\n",
        Duration::from_secs(60),
    );
}

#[test]
fn a_timeout_that_is_not_reached_changes_nothing() {
    let dir = scratch("timeout-unreached");
    write(&dir, "hot.scm", HOT);
    write(&dir, "input.txt", "");
    let plain = bundle(
        &dir,
        &["hot.scm", "--train-input", "input.txt", "-o", "a.wasm"],
    );
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    let timed = bundle(
        &dir,
        &[
            "hot.scm",
            "--train-input",
            "input.txt",
            "--timeout",
            "100",
            "-o",
            "b.wasm",
        ],
    );
    assert_eq!(timed.status.code(), Some(0), "{}", stderr(&timed));
    assert!(
        std::fs::read(dir.join("a.wasm")).unwrap() == std::fs::read(dir.join("b.wasm")).unwrap(),
        "--timeout changed the bundle"
    );
}

/// Two lambdas (`double`, `loop`) called 3000 times each: hot at the default threshold.
const HOT: &str = "(define (double x) (* x 2))
(define (loop i acc) (if (= i 3000) acc (loop (+ i 1) (+ acc (double i)))))
(display (loop 0 0))
(newline)
";

/// What a bundle did on wasmtime.
struct Ran {
    stdout: String,
    stderr: String,
    code: i32,
}

/// Runs a bundle's `_start` on wasmtime with only WASI linked, `KILN_JIT_STATS=1`, on a thread
/// with a deep stack as `kiln` gives guests.
fn run_bundle(wasm: &Path) -> Ran {
    let wasm = wasm.to_path_buf();
    std::thread::Builder::new()
        .stack_size(600 << 20)
        .spawn(move || start(&wasm))
        .unwrap()
        .join()
        .unwrap()
}

fn start(wasm: &Path) -> Ran {
    use wasi_common::pipe::{ReadPipe, WritePipe};
    let mut config = wasmtime::Config::new();
    config.max_wasm_stack(512 << 20).async_stack_size(513 << 20);
    let engine = wasmtime::Engine::new(&config).unwrap();
    let module = wasmtime::Module::from_file(&engine, wasm).unwrap();
    let mut linker = wasmtime::Linker::new(&engine);
    wasi_common::sync::add_to_linker(&mut linker, |c: &mut wasi_common::WasiCtx| c).unwrap();
    let (stdout, stderr) = (
        Arc::new(RwLock::new(Vec::new())),
        Arc::new(RwLock::new(Vec::new())),
    );
    let wasi = wasi_common::sync::WasiCtxBuilder::new()
        .stdin(Box::new(ReadPipe::from(Vec::new())))
        .stdout(Box::new(WritePipe::from_shared(stdout.clone())))
        .stderr(Box::new(WritePipe::from_shared(stderr.clone())))
        .envs(&[("KILN_JIT_STATS".to_string(), "1".to_string())])
        .unwrap()
        .build();
    let mut store = wasmtime::Store::new(&engine, wasi);
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap();
    let code = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<wasi_common::I32Exit>() {
            Some(exit) => exit.0,
            None => panic!("{} trapped: {e:?}", wasm.display()),
        },
    };
    let text = |b: Arc<RwLock<Vec<u8>>>| String::from_utf8_lossy(&b.read().unwrap()).into_owned();
    Ran {
        stdout: text(stdout),
        stderr: text(stderr),
        code,
    }
}

/// The number of lambdas a bundle's JIT statistics say were compiled in.
fn compiled(ran: &Ran) -> u64 {
    let line = ran
        .stderr
        .lines()
        .find(|l| l.starts_with("jit: "))
        .unwrap_or_else(|| panic!("no stats line: {}", ran.stderr));
    let before = &line[..line.find(" compiled").unwrap()];
    before.rsplit(' ').next().unwrap().parse().unwrap()
}

#[test]
fn a_training_run_that_exits_non_zero_still_yields_its_bundle() {
    let dir = scratch("training-status");
    write(&dir, "input.txt", "");
    // (ending, status, what the note quotes from the program's stderr, whether the bundle
    // prints JIT statistics: `emergency-exit` skips them, as under `kiln run --jit-stats`)
    let endings = [
        ("(exit 3)", 3, "", true),
        ("(emergency-exit 4)", 4, "", false),
        ("(car 1)", 70, " (error: car: expected a pair 1)", true),
    ];
    for (ending, status, detail, stats) in endings {
        let scm = format!("end-{status}.scm");
        write(&dir, &scm, &format!("{HOT}{ending}\n"));
        let out = format!("end-{status}.wasm");
        // Not quiet: the progress lines count the hot lambdas.
        let o = kiln(&["bundle", &scm, "--train-input", "input.txt", "-o", &out])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{ending}: {}", stderr(&o));
        let note = format!(
            "kiln: note: the training run of {scm} exited with status {status}{detail}; \
             bundling what got hot"
        );
        let err = stderr(&o);
        assert_eq!(
            err.lines()
                .filter(|l| l.starts_with("kiln: "))
                .collect::<Vec<_>>(),
            [note]
        );
        assert!(
            err.contains("] training: 2 hot lambdas\n"),
            "{ending}: {err}"
        );
        // The two hot lambdas are installed: one relocation (code slot) each. (The function
        // count also holds the aux modules' shared helpers.)
        assert!(
            err.contains(" functions, 2 relocations\n"),
            "{ending}: {err}"
        );
        let ran = run_bundle(&dir.join(&out));
        assert_eq!(
            (ran.stdout.as_str(), ran.code),
            ("8997000\n", status),
            "{ending}: {}",
            ran.stderr
        );
        if stats {
            assert_eq!(compiled(&ran), 2, "{ending}: {}", ran.stderr);
        }
    }
}

#[test]
fn a_program_with_a_syntax_error_still_yields_no_bundle() {
    let dir = scratch("training-syntax");
    write(&dir, "input.txt", "");
    write(&dir, "bad.scm", &format!("{HOT}(if)\n"));
    let o = bundle(
        &dir,
        &["bad.scm", "--train-input", "input.txt", "-o", "out.wasm"],
    );
    assert_eq!(o.status.code(), Some(65), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bad.scm:5:1: syntax error")
            && stderr(&o).ends_with("kiln: bad.scm has errors; no bundle written\n"),
        "{}",
        stderr(&o)
    );
    assert_eq!(file_names(&dir), ["bad.scm", "input.txt"]);
}
