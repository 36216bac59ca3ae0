//! `kiln bundle`: an offline pre-JIT. Writes one plain wasm32-wasip1 command module (exports
//! `_start`, imports only WASI) that starts with the program already read, expanded and analysed
//! — not run — and its hot lambdas compiled and linked statically:
//!
//! 1. `train`: optionally run the program once in a throwaway instance on a training input and
//!    collect the identities of the lambdas that got hot, whatever its exit status (else: every
//!    lambda, or none);
//! 2. `image`: Wizer-snapshot the guest after its `kiln_bundle_init` has prepared the program and
//!    compiled those lambdas into one aux module (not linked: Wizer refuses `table.grow`);
//! 3. `image`: merge the aux module into the snapshot (`kiln_linker::merge`), replacing the
//!    `kiln:jit` imports by stubs, and validate;
//! 4. write the result through a temporary file and a rename — never over an input.
//!
//! `--timeout` bounds each guest run (training, init) separately (`watchdog`).
//!
//! `--http` makes a `wasi:http/proxy` component instead (`http`): the init run also runs the
//! program's top level, the training input is a list of HTTP requests for its `handle`, and
//! the linked core module is componentized with the preview-1 proxy adapter.

mod http;
mod image;
mod train;
mod watchdog;

use crate::cli::{Backtrace, JitMode, Refusal};
use crate::guest::Guest;
use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `kiln bundle`.
#[derive(Args, Debug)]
pub struct BundleArgs {
    /// The program to bundle.
    pub file: PathBuf,
    /// Where to write the bundle [default: FILE with the extension .wasm].
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Run the program once with this file as stdin and compile only the lambdas that got hot.
    #[arg(long, value_name = "FILE")]
    pub train_input: Option<PathBuf>,
    /// Which lambdas to compile: eager (all; the default without --train-input), on (those hot
    /// in the training run; the default with --train-input) or off (none).
    #[arg(long, value_enum, value_name = "MODE")]
    pub jit: Option<JitMode>,
    /// Calls after which a lambda counts as hot in the training run.
    #[arg(long, value_name = "N")]
    pub jit_threshold: Option<u32>,
    /// Limit on nested non-tail calls in the bundle (beyond it, the Scheme error "stack overflow").
    #[arg(long, value_name = "N")]
    pub max_depth: Option<u32>,
    /// The native-stack budget of the bundle's host, in compiled frames: past it, calls continue
    /// in the stackless interpreter [default: what wasmtime's default 512 KiB stack holds].
    #[arg(long, value_name = "N")]
    pub native_depth: Option<u32>,
    /// Stop the training run, and the snapshot's init run, after SECS seconds each (exit status
    /// 124).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,
    /// Write a `wasi:http/proxy` component whose requests the program's `handle` answers
    /// (`wasmtime serve`); the training input is then a list of HTTP requests.
    #[arg(long)]
    pub http: bool,
    /// Library directories searched at bundle time (the bundle needs no library files to run).
    #[command(flatten)]
    pub libraries: crate::cli::LibraryOptions,
    /// What an uncaught error in the bundle prints besides its message: off, short or full.
    #[arg(long, value_enum, value_name = "MODE", default_value_t = Backtrace::Short)]
    pub backtrace: Backtrace,
    /// Print no progress messages.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Exit status for unreadable inputs (EX_NOINPUT).
const EXIT_NO_INPUT: i32 = 66;
/// Exit status for an output that cannot be written (EX_CANTCREAT).
const EXIT_CANT_CREATE: i32 = 73;
/// Exit status for inconsistent options (as clap's usage errors).
const EXIT_USAGE: i32 = 2;
/// Exit status when the training run fails.
const EXIT_TRAINING: i32 = 1;

/// A guest run of `kiln bundle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// The program running on the training input.
    Training,
    /// The snapshot's init run: the program read, expanded and analysed, its lambdas compiled.
    Init,
}

/// Why no bundle was written, when it is not an internal error.
#[derive(Debug)]
pub enum Stop {
    /// The program has errors (already printed by the guest); its exit status.
    Program(i32),
    /// The training run failed; why.
    Training(String),
    /// A run took longer than `--timeout`.
    Timeout(Run),
    /// Anything else: a bug, a corrupt snapshot…
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for Stop {
    fn from(e: anyhow::Error) -> Stop {
        Stop::Internal(e)
    }
}

/// Progress lines on stderr, each with the time since the start.
pub struct Progress {
    quiet: bool,
    start: Instant,
}

impl Progress {
    fn step(&self, msg: &str) {
        if !self.quiet {
            eprintln!(
                "kiln bundle: [{:6.2} s] {msg}",
                self.start.elapsed().as_secs_f64()
            );
        }
    }
}

/// The program being bundled: its name, its text and where its libraries are.
pub struct Input<'a> {
    pub name: &'a str,
    pub source: &'a [u8],
    pub dirs: &'a [crate::cli::LibraryDir],
}

/// Which lambdas the bundle compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    All,
    /// Identities (one per line), as the guest's profile gives them.
    Listed(String),
}

/// Runs `kiln bundle` and returns the process exit status.
pub fn bundle(args: &BundleArgs) -> Result<i32> {
    let name = args.file.to_string_lossy().into_owned();
    let Some(mode) = mode(args) else {
        return Ok(EXIT_USAGE);
    };
    let Some(source) = read_input(&args.file) else {
        return Ok(EXIT_NO_INPUT);
    };
    let train_input = match &args.train_input {
        Some(path) => match read_input(path) {
            Some(input) => Some(input),
            None => return Ok(EXIT_NO_INPUT),
        },
        None => None,
    };
    // An http app trains on requests for its handler; its own stdin is empty.
    let (train_input, requests) = match (args.http, train_input) {
        (true, Some(input)) => match http::training_requests(&input) {
            Ok(requests) => (None, requests),
            Err(e) => {
                let path = args.train_input.as_deref().unwrap_or(Path::new(""));
                eprintln!("kiln: {}: {e}; no bundle written", path.display());
                return Ok(kiln_jit::abi::exit::SYNTAX);
            }
        },
        (_, input) => (input, Vec::new()),
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.file.with_extension("wasm"));
    if let Err(refusal) = check_output(&output, &args.file, args.train_input.as_deref()) {
        return Ok(refusal.report());
    }
    // Every imported library is read, expanded and analysed at bundle time (the init run sees
    // these directories); the bundle itself needs none of them.
    let dirs = match args.libraries.dirs(Some(&args.file)) {
        Ok(dirs) => dirs,
        Err(refusal) => return Ok(refusal.report()),
    };
    let progress = Progress {
        quiet: args.quiet,
        start: Instant::now(),
    };
    let input = Input {
        name: &name,
        source: &source,
        dirs: &dirs,
    };
    let result = build(args, &progress, &input, train_input, &requests, mode);
    let wasm = match result {
        Ok(wasm) => wasm,
        Err(Stop::Program(status)) => {
            // Out of memory has been reported by the guest already; anything else is an error
            // in the program the guest printed.
            if status == kiln_jit::abi::exit::OUT_OF_MEMORY {
                eprintln!("kiln: no bundle written");
            } else {
                eprintln!("kiln: {name} has errors; no bundle written");
            }
            return Ok(status);
        }
        Err(Stop::Timeout(run)) => {
            let secs = args.timeout.unwrap_or_default();
            match run {
                Run::Training => eprintln!(
                    "kiln: timeout: the training run of {name} ran longer than {secs} s; \
                     no bundle written"
                ),
                Run::Init => eprintln!(
                    "kiln: timeout: loading and compiling {name} for the snapshot took longer \
                     than {secs} s; no bundle written"
                ),
            }
            return Ok(crate::halt::EXIT_TIMEOUT);
        }
        Err(Stop::Training(why)) => {
            eprintln!("kiln: the training run of {name} failed: {why}; no bundle written");
            return Ok(EXIT_TRAINING);
        }
        Err(Stop::Internal(e)) => {
            return Err(e.context(format!("bundling {name}; no bundle written")))
        }
    };
    if let Err(e) = write_atomically(&output, &wasm) {
        eprintln!("kiln: {e:#}");
        return Ok(EXIT_CANT_CREATE);
    }
    progress.step(&format!(
        "wrote {} ({} bytes)",
        output.display(),
        wasm.len()
    ));
    Ok(0)
}

/// The steps, up to the bundle's bytes.
fn build(
    args: &BundleArgs,
    progress: &Progress,
    input: &Input,
    train_input: Option<Vec<u8>>,
    requests: &[Vec<u8>],
    mode: JitMode,
) -> Result<Vec<u8>, Stop> {
    let target = if args.http {
        image::Target::Http
    } else {
        image::Target::Command
    };
    let (name, source) = (input.name, input.source);
    let libraries = crate::cli::library_settings(input.dirs);
    let guest = Guest::load(args.timeout.is_some())?;
    let chosen = match (mode, train_input) {
        (JitMode::Eager, _) => Chosen::All,
        (JitMode::Off, _) => Chosen::Listed(String::new()),
        (JitMode::On, training) => {
            if args.http {
                progress.step(&format!(
                    "training: running {name} on {} requests",
                    requests.len()
                ));
            } else {
                progress.step(&format!("training: running {name} once"));
            }
            let mut settings = train::settings(args.jit_threshold, args.max_depth);
            settings.extend(libraries.iter().cloned());
            let stdin = training.unwrap_or_default();
            let trained = train::profile(&guest, input, stdin, requests, &settings, args.timeout)?;
            if trained.status != 0 {
                // Not an error: the profile says what got hot, however the program ended.
                let detail = trained
                    .last_error
                    .map_or_else(String::new, |line| format!(" ({line})"));
                eprintln!(
                    "kiln: note: the training run of {name} exited with status {}{detail}; \
                     bundling what got hot",
                    trained.status
                );
            }
            progress.step(&format!(
                "training: {} hot lambdas",
                trained.hot.lines().count()
            ));
            Chosen::Listed(trained.hot)
        }
    };
    progress.step(&format!(
        "loading {name} and compiling {} (Wizer snapshot)",
        describe(&chosen)
    ));
    let settings: Vec<String> = args
        .max_depth
        .map(|n| format!("max-depth={n}"))
        .into_iter()
        .chain(args.native_depth.map(|n| format!("native-depth={n}")))
        .chain(args.backtrace.setting())
        .chain(libraries)
        .collect();
    let request = image::request(name, source, &settings, &chosen);
    let snapshot = image::snapshot(&guest, &request, input.dirs, args.timeout, target)?;
    progress.step(&format!(
        "linking {} bytes of compiled code statically",
        snapshot.aux.as_ref().map_or(0, Vec::len)
    ));
    let merged = image::link(&snapshot, target)?;
    progress.step(&format!(
        "linked {} functions, {} relocations",
        merged.functions, merged.relocations
    ));
    if target == image::Target::Http {
        progress.step("making the wasi:http/proxy component");
        return Ok(http::componentize(&merged.wasm)?);
    }
    Ok(merged.wasm)
}

fn describe(chosen: &Chosen) -> String {
    match chosen {
        Chosen::All => "every lambda".to_string(),
        Chosen::Listed(ids) => format!("{} lambdas", ids.lines().count()),
    }
}

/// The JIT mode the options ask for; `None` (after an error message) if they conflict.
fn mode(args: &BundleArgs) -> Option<JitMode> {
    let mode = args.jit.unwrap_or(if args.train_input.is_some() {
        JitMode::On
    } else {
        JitMode::Eager
    });
    let problem = match (mode, args.train_input.is_some()) {
        (JitMode::On, false) => Some("--jit=on needs --train-input FILE to find the hot lambdas"),
        (JitMode::Eager | JitMode::Off, true) => Some("--train-input only applies with --jit=on"),
        _ => None,
    };
    match problem {
        Some(p) => {
            eprintln!("kiln: {p}");
            None
        }
        None => Some(mode),
    }
}

/// Refuses an output that is one of the inputs (however spelled: `./p.scm`, a symlink…): the
/// bundle would replace the program's source, or its training input, with wasm.
fn check_output(output: &Path, source: &Path, train_input: Option<&Path>) -> Result<(), Refusal> {
    let inputs = std::iter::once((source, "its source"))
        .chain(train_input.map(|t| (t, "the training input")));
    for (input, what) in inputs {
        if same_file(output, input) {
            return Err(Refusal {
                message: format!(
                    "refusing to write the bundle {} over {what} {}; no bundle written",
                    output.display(),
                    input.display()
                ),
                status: EXIT_CANT_CREATE,
            });
        }
    }
    Ok(())
}

/// Whether both paths exist and resolve to the same file. A missing output cannot be an input;
/// a hard link to an input can be written: the rename replaces the link, not the input.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn read_input(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path)
        .map_err(|e| eprintln!("kiln: cannot read {}: {e}", path.display()))
        .ok()
}

/// Writes `bytes` to a temporary file next to `path`, then renames it: `path` is never
/// half-written, and an old file there stays intact until the new one is complete.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = path
        .file_name()
        .with_context(|| format!("{} names no file", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        file.to_string_lossy(),
        std::process::id()
    ));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> BundleArgs {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            args: BundleArgs,
        }
        Wrapper::parse_from(
            std::iter::once("bundle")
                .chain(extra.iter().copied())
                .chain(["p.scm"]),
        )
        .args
    }

    #[test]
    fn mode_defaults_follow_the_training_input() {
        assert_eq!(mode(&args(&[])), Some(JitMode::Eager));
        assert_eq!(mode(&args(&["--train-input", "in.txt"])), Some(JitMode::On));
        assert_eq!(mode(&args(&["--jit=off"])), Some(JitMode::Off));
        assert_eq!(mode(&args(&["--jit=on"])), None);
        assert_eq!(
            mode(&args(&["--jit=eager", "--train-input", "in.txt"])),
            None
        );
    }

    #[test]
    fn written_file_replaces_the_old_one_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("kiln-bundle-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.wasm");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let missing = dir.join("no-such-dir").join("out.wasm");
        assert!(write_atomically(&missing, b"x").is_err());
        assert!(!missing.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
