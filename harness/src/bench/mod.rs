//! `kiln bench`: runs programs on Kiln with the JIT off, with tier 1 only and with both tiers
//! (full), and — where installed — under Guile 3 (compiled) and Chez Scheme, side by side in one
//! run; four of them also as plain Rust compiled to wasm32 (`kernels`), the physical limit.
//! Each program times its own measured section (`timing`: the `bench-us:` line), so start-up and
//! set-up never count; every figure is the median of `--runs` runs. Prints per-program times,
//! the JIT speed-up, the full JIT's time relative to Guile, Chez and Rust, and the geometric
//! means (`table`); `--json` and `--svg` write the same report (`report`) as JSON and a chart.

mod json;
mod kernels;
mod others;
mod output;
mod programs;
mod report;
mod svg;
mod table;
mod timing;

use anyhow::{Context, Result};
use clap::Args;
use report::{Impl, Report, Row};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use timing::Measured;

/// Arguments of `kiln bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Runs per measurement (the median is kept).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,
    /// Skip Guile and Chez Scheme even if installed (the embedded Rust kernels still run).
    #[arg(long)]
    pub kiln_only: bool,
    /// Seconds one run of one program may take before it is stopped (and reported).
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Also write the report as JSON (format 1, tests/bench/README.md) to FILE; `-` writes it
    /// to stdout and the table to stderr.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Also write a chart of the times (SVG, log scale) to FILE.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Run the embedded Rust kernel NAME and exit: what the bench's rust column times, in a
    /// process of its own like every other run.
    #[arg(long, value_name = "NAME", hide = true)]
    pub run_kernel: Option<String>,
    /// Programs to time (default: the built-in set from tests/bench).
    pub files: Vec<PathBuf>,
}

/// Runs the benchmark; returns the exit status: 1 if a Kiln run failed or the three Kiln
/// outputs differ (another implementation that fails or differs is reported, not fatal), 73 if
/// a report file cannot be written.
pub fn bench(args: &BenchArgs) -> Result<i32> {
    if let Some(name) = &args.run_kernel {
        return kernels::run(name);
    }
    let outputs = match output::Outputs::open(args.json.as_deref(), args.svg.as_deref()) {
        Ok(outputs) => outputs,
        Err(refusal) => return Ok(refusal.report()),
    };
    let dir = std::env::temp_dir().join(format!("kiln-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let report = bench_in(args, &dir);
    let _ = std::fs::remove_dir_all(&dir);
    let report = report?;
    if let Some(status) = outputs.write(&report) {
        return Ok(status);
    }
    let failed = report.rows.iter().any(|r| r.error.is_some());
    Ok(if failed { 1 } else { 0 })
}

/// One program to time.
struct Program {
    name: String,
    path: PathBuf,
    /// Whether the Rust kernel of the same name does the same work: the source is the
    /// embedded tests/bench program of that name.
    kernel: bool,
}

/// How to run each implementation.
struct Bench<'a> {
    args: &'a BenchArgs,
    dir: &'a Path,
    timeout: Duration,
    kiln: PathBuf,
    guile: Option<PathBuf>,
    chez: Option<PathBuf>,
}

fn bench_in(args: &BenchArgs, dir: &Path) -> Result<Report> {
    let programs = programs(args, dir)?;
    let found = |names: &[&str]| {
        (!args.kiln_only)
            .then(|| names.iter().find_map(|n| others::which(n)))
            .flatten()
    };
    let bench = Bench {
        args,
        dir,
        timeout: Duration::from_secs(args.timeout),
        kiln: std::env::current_exe().context("locating the kiln executable")?,
        guile: found(&["guile"]),
        chez: found(&["scheme", "chezscheme"]),
    };
    let mut present = vec![Impl::Off, Impl::Tier1, Impl::Full];
    if bench.guile.is_some() {
        present.push(Impl::Guile);
    }
    if bench.chez.is_some() {
        present.push(Impl::Chez);
    }
    if programs.iter().any(|p| p.kernel) {
        present.push(Impl::Rust);
    }
    let rows = programs
        .iter()
        .map(|p| {
            eprintln!("timing {}…", p.name);
            bench.program(p)
        })
        .collect();
    Ok(Report {
        runs: args.runs,
        present,
        rows,
    })
}

/// The Kiln configurations: the implementation, its `kiln run` flags, and how messages name it.
const KILN: [(Impl, &[&str], &str); 3] = [
    (Impl::Off, &["--jit=off"], "--jit=off"),
    (
        Impl::Tier1,
        &["--jit=on", "--jit-tier", "1"],
        "--jit-tier 1",
    ),
    (Impl::Full, &["--jit=on"], "--jit=on"),
];

impl Bench<'_> {
    /// Times `p` everywhere. A Kiln configuration that fails, or whose output differs from the
    /// interpreter's, makes the program a failure; another implementation that fails or differs
    /// is reported and has no figure.
    fn program(&self, p: &Program) -> Row {
        let mut kiln = Vec::new();
        for (who, flags, what) in KILN {
            let m = timing::measure(self.args.runs, || {
                let mut c = Command::new(&self.kiln);
                c.arg("run").args(flags).arg(&p.path);
                timing::run_once(&mut c, self.dir, self.timeout)
            });
            match m {
                Ok(m) => kiln.push((who, what, m)),
                Err(e) => {
                    eprintln!("kiln bench: {}: {what}: {e:#}", p.name);
                    return Row::failed(&p.name, format!("{what} failed"));
                }
            }
        }
        let expected = kiln[0].2.stdout.clone();
        let mut row = Row::new(&p.name);
        for (who, what, m) in kiln {
            if m.stdout != expected {
                let e = format!("output differs between --jit=off and {what}");
                eprintln!("kiln bench: {}: {e}", p.name);
                return Row::failed(&p.name, e);
            }
            row.set(who, Some(m.times));
        }
        if let Some(guile) = &self.guile {
            let mut c = Command::new(guile);
            c.arg("-q").arg(&p.path);
            row.set(Impl::Guile, self.other("guile", c, &expected));
        }
        if let Some(chez) = &self.chez {
            row.set(Impl::Chez, self.chez(chez, p, &expected));
        }
        if p.kernel {
            let mut c = Command::new(&self.kiln);
            c.args(["bench", "--run-kernel", &p.name]);
            row.set(Impl::Rust, self.other("rust", c, &expected));
        }
        row
    }

    /// Chez runs a copy of the source without its `import` form, with a prelude.
    fn chez(&self, chez: &Path, p: &Program, expected: &[u8]) -> Option<Vec<Duration>> {
        let copy = self.dir.join(format!("chez-{}.scm", p.name));
        let src = std::fs::read_to_string(&p.path).ok()?;
        std::fs::write(&copy, others::chez_source(&src)).ok()?;
        let mut cmd = Command::new(chez);
        cmd.arg("--script").arg(&copy);
        self.other("chez", cmd, expected)
    }

    /// The run times under another implementation; `None` (reported) if it fails, runs past
    /// the timeout or prints something other than Kiln did. A first run outside the timing
    /// lets Guile compile and cache the program.
    fn other(&self, who: &str, mut cmd: Command, expected: &[u8]) -> Option<Vec<Duration>> {
        let first = timing::run_once(&mut cmd, self.dir, self.timeout);
        let result = first.and_then(|r| {
            if r.stdout != expected {
                anyhow::bail!(
                    "different output: {:?}",
                    String::from_utf8_lossy(&r.stdout).trim()
                );
            }
            timing::measure(self.args.runs, || {
                timing::run_once(&mut cmd, self.dir, self.timeout)
            })
            .map(|m: Measured| m.times)
        });
        result.map_err(|e| eprintln!("  {who}: {e:#}")).ok()
    }
}

/// The programs to time: the given files, or the embedded set written to `dir`.
fn programs(args: &BenchArgs, dir: &Path) -> Result<Vec<Program>> {
    let has_kernel = |name: &str, src: &str| {
        kernels::NAMES.contains(&name) && programs::source(name) == Some(src)
    };
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
                let src = std::fs::read_to_string(&path).unwrap_or_default();
                Ok(Program {
                    kernel: has_kernel(&name, &src),
                    name,
                    path,
                })
            })
            .collect();
    }
    programs::PROGRAMS
        .iter()
        .map(|(name, src)| {
            let path = dir.join(format!("{name}.scm"));
            std::fs::write(&path, src).with_context(|| format!("writing {}", path.display()))?;
            Ok(Program {
                name: name.to_string(),
                path,
                kernel: has_kernel(name, src),
            })
        })
        .collect()
}
