//! `kiln bench`: runs programs with the JIT off and on and — where installed — under Guile 3
//! (compiled) and Chez Scheme, side by side in one run. Each program times its own measured
//! section (`timing`: the `bench-us:` line), so start-up and set-up never count; every figure is
//! the median of `--runs` runs. Prints per-program times, the JIT speed-up, Kiln's time relative
//! to Guile and Chez, and the geometric means.

mod others;
mod table;
mod timing;

use anyhow::{Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use table::Row;
use timing::Run;

/// The default programs (`tests/bench/`), embedded so `kiln bench` works from anywhere.
const PROGRAMS: &[(&str, &str)] = &[
    ("fib", include_str!("../../../tests/bench/fib.scm")),
    ("tak", include_str!("../../../tests/bench/tak.scm")),
    (
        "ackermann",
        include_str!("../../../tests/bench/ackermann.scm"),
    ),
    ("nqueens", include_str!("../../../tests/bench/nqueens.scm")),
    ("primes", include_str!("../../../tests/bench/primes.scm")),
    ("deriv", include_str!("../../../tests/bench/deriv.scm")),
    (
        "mandelbrot",
        include_str!("../../../tests/bench/mandelbrot.scm"),
    ),
    ("sumread", include_str!("../../../tests/bench/sumread.scm")),
    ("utf8", include_str!("../../../tests/bench/utf8.scm")),
    (
        "pidigits",
        include_str!("../../../tests/bench/pidigits.scm"),
    ),
    ("gcbench", include_str!("../../../tests/bench/gcbench.scm")),
    ("symbols", include_str!("../../../tests/bench/symbols.scm")),
    (
        "bigprint",
        include_str!("../../../tests/bench/bigprint.scm"),
    ),
    // The classic suite of the optimizing-JIT issue (tests/bench/README.md).
    ("boyer", include_str!("../../../tests/bench/boyer.scm")),
    ("browse", include_str!("../../../tests/bench/browse.scm")),
    ("colour", include_str!("../../../tests/bench/colour.scm")),
    (
        "compiler",
        include_str!("../../../tests/bench/compiler.scm"),
    ),
    ("cpstak", include_str!("../../../tests/bench/cpstak.scm")),
    ("ctak", include_str!("../../../tests/bench/ctak.scm")),
    (
        "destruct",
        include_str!("../../../tests/bench/destruct.scm"),
    ),
    ("div", include_str!("../../../tests/bench/div.scm")),
    ("dynwind", include_str!("../../../tests/bench/dynwind.scm")),
    ("earley", include_str!("../../../tests/bench/earley.scm")),
    ("escape", include_str!("../../../tests/bench/escape.scm")),
    ("fft", include_str!("../../../tests/bench/fft.scm")),
    ("fibc", include_str!("../../../tests/bench/fibc.scm")),
    ("fibfp", include_str!("../../../tests/bench/fibfp.scm")),
    ("hanoi", include_str!("../../../tests/bench/hanoi.scm")),
    ("interp", include_str!("../../../tests/bench/interp.scm")),
    ("lattice", include_str!("../../../tests/bench/lattice.scm")),
    ("matrix", include_str!("../../../tests/bench/matrix.scm")),
    ("maze", include_str!("../../../tests/bench/maze.scm")),
    ("nbody", include_str!("../../../tests/bench/nbody.scm")),
    (
        "paraffins",
        include_str!("../../../tests/bench/paraffins.scm"),
    ),
    ("perms", include_str!("../../../tests/bench/perms.scm")),
    ("pnpoly", include_str!("../../../tests/bench/pnpoly.scm")),
    ("puzzle", include_str!("../../../tests/bench/puzzle.scm")),
    ("ray", include_str!("../../../tests/bench/ray.scm")),
    (
        "readsexp",
        include_str!("../../../tests/bench/readsexp.scm"),
    ),
    (
        "samefringe",
        include_str!("../../../tests/bench/samefringe.scm"),
    ),
    ("sort", include_str!("../../../tests/bench/sort.scm")),
    (
        "strbuild",
        include_str!("../../../tests/bench/strbuild.scm"),
    ),
    ("sumfp", include_str!("../../../tests/bench/sumfp.scm")),
    ("takl", include_str!("../../../tests/bench/takl.scm")),
    (
        "trialdiv",
        include_str!("../../../tests/bench/trialdiv.scm"),
    ),
    (
        "triangle",
        include_str!("../../../tests/bench/triangle.scm"),
    ),
    (
        "wordfreq",
        include_str!("../../../tests/bench/wordfreq.scm"),
    ),
];

/// Arguments of `kiln bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Runs per measurement (the median is kept).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,
    /// Skip Guile and Chez Scheme even if installed.
    #[arg(long)]
    pub kiln_only: bool,
    /// Seconds one run of one program may take before it is stopped (and reported).
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Programs to time (default: the built-in set from tests/bench).
    pub files: Vec<PathBuf>,
}

/// Runs the benchmark; returns the exit status: 1 if a Kiln run failed or the JIT and the
/// interpreter disagreed (another implementation that fails or differs is reported, not fatal).
pub fn bench(args: &BenchArgs) -> Result<i32> {
    let dir = std::env::temp_dir().join(format!("kiln-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = bench_in(args, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn bench_in(args: &BenchArgs, dir: &Path) -> Result<i32> {
    let programs = programs(args, dir)?;
    let kiln = std::env::current_exe().context("locating the kiln executable")?;
    let guile = (!args.kiln_only).then(|| others::which("guile")).flatten();
    let chez = (!args.kiln_only)
        .then(|| others::which("scheme").or_else(|| others::which("chezscheme")))
        .flatten();
    let timeout = Duration::from_secs(args.timeout);
    let mut rows = Vec::new();
    let mut failures = 0;
    for (name, path) in &programs {
        eprintln!("timing {name}…");
        let kiln_mode = |jit: &str| {
            let r = timing::median(args.runs, || {
                let mut c = Command::new(&kiln);
                c.arg("run").arg(format!("--jit={jit}")).arg(path);
                timing::run_once(&mut c, dir, timeout)
            });
            r.map_err(|e| eprintln!("kiln bench: {name}: --jit={jit}: {e:#}"))
                .ok()
        };
        let (off, on) = (kiln_mode("off"), kiln_mode("on"));
        let expected = match (&off, &on) {
            (Some(off), Some(on)) if off.stdout == on.stdout => off.stdout.clone(),
            (Some(_), Some(_)) => {
                eprintln!("kiln bench: {name}: output differs between --jit=off and --jit=on");
                failures += 1;
                continue;
            }
            _ => {
                failures += 1;
                continue;
            }
        };
        let guile_t = guile.as_ref().and_then(|g| {
            let mut c = Command::new(g);
            c.arg("-q").arg(path);
            other("guile", args.runs, c, dir, timeout, &expected)
        });
        let chez_t = chez.as_ref().and_then(|c| {
            let copy = dir.join(format!("chez-{name}.scm"));
            let src = std::fs::read_to_string(path).ok()?;
            std::fs::write(&copy, others::chez_source(&src)).ok()?;
            let mut cmd = Command::new(c);
            cmd.arg("--script").arg(&copy);
            other("chez", args.runs, cmd, dir, timeout, &expected)
        });
        rows.push(Row {
            name: name.clone(),
            off: off.map(|r| r.time),
            on: on.map(|r| r.time),
            guile: guile_t,
            chez: chez_t,
        });
    }
    table::print(&rows, guile.is_some(), chez.is_some());
    Ok(if failures > 0 { 1 } else { 0 })
}

/// The programs to time: the given files, or the embedded set written to `dir`.
fn programs(args: &BenchArgs, dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !args.files.is_empty() {
        return args
            .files
            .iter()
            .map(|f| {
                let name = f
                    .file_stem()
                    .map_or("?".into(), |s| s.to_string_lossy().into_owned());
                // Absolute, because every implementation runs in the scratch directory.
                let path = std::fs::canonicalize(f)
                    .with_context(|| format!("cannot read {}", f.display()))?;
                Ok((name, path))
            })
            .collect();
    }
    PROGRAMS
        .iter()
        .map(|(name, src)| {
            let path = dir.join(format!("{name}.scm"));
            std::fs::write(&path, src).with_context(|| format!("writing {}", path.display()))?;
            Ok((name.to_string(), path))
        })
        .collect()
}

/// The median time under another Scheme; `None` (reported) if it fails, runs past the timeout
/// or prints something other than Kiln did. A first run outside the timing lets Guile compile
/// and cache the program.
fn other(
    who: &str,
    runs: u32,
    mut cmd: Command,
    dir: &Path,
    timeout: Duration,
    expected: &[u8],
) -> Option<Duration> {
    let first = timing::run_once(&mut cmd, dir, timeout);
    let result = first.and_then(|r| {
        if r.stdout != expected {
            anyhow::bail!(
                "different output: {:?}",
                String::from_utf8_lossy(&r.stdout).trim()
            );
        }
        timing::median(runs, || timing::run_once(&mut cmd, dir, timeout)).map(|r: Run| r.time)
    });
    result.map_err(|e| eprintln!("  {who}: {e:#}")).ok()
}
