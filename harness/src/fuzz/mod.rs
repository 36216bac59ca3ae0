//! `kiln fuzz`: differential fuzzing of the runtime. Random terminating programs ([`gen`]) run
//! with the JIT off (the reference), on with threshold 2, eager, eager with `--gc-stress`, and
//! as eager bundles; any difference in stdout, stderr or exit status is a failure, reported with
//! its seed and a diff, and shrunk ([`shrink`]) into a small reproducer written to a file.
//! `--reader` fuzzes the reader and expander instead ([`reader`]). `KILN_FUZZ_DEBUG=1` in the
//! environment traces every shrink step on stderr.

mod compare;
mod gen;
mod reader;
mod rng;
mod runner;
mod sexp;
mod shrink;

use anyhow::{Context, Result};
use clap::Args;
use compare::Difference;
use runner::{Mode, Outcome, Runner};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Arguments of `kiln fuzz`.
#[derive(Args, Debug, Clone)]
pub struct FuzzArgs {
    /// First seed; program i of the run has seed SEED + i.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How many programs to run.
    #[arg(long, default_value_t = 100)]
    pub count: u64,
    /// Worker threads [default: the available cores].
    #[arg(long, value_name = "J")]
    pub jobs: Option<usize>,
    /// Modes compared with `off` (comma-separated): on, eager, eager-gc, bundle.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "on,eager,eager-gc,bundle"
    )]
    pub modes: Vec<Mode>,
    /// Run bundle mode on one program in N only (bundles cost far more than runs).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub bundle_every: u64,
    /// Where failing programs and their shrunk reproducers are written
    /// [default: $TMPDIR/kiln-fuzz].
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
    /// Time limit of one run, in seconds (a run past it is a timeout).
    #[arg(long, value_name = "SECS", default_value_t = 20)]
    pub timeout: u64,
    /// Report failures without shrinking them.
    #[arg(long)]
    pub no_shrink: bool,
    /// Most oracle calls (pairs of runs) one shrink may make.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    pub shrink_budget: usize,
    /// Shrink at most N failing programs of a run (the first found); report the others as
    /// they are. Shrinking takes up to --shrink-seconds each.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_shrinks: u64,
    /// Most time one shrink may take, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    pub shrink_seconds: u64,
    /// Print the program of seed SEED and exit.
    #[arg(long, value_name = "SEED")]
    pub print: Option<u64>,
    /// Shrink the failing program FILE (its first differing mode) and write FILE.min.scm.
    #[arg(long, value_name = "FILE")]
    pub shrink: Option<PathBuf>,
    /// Fuzz the reader and expander with mutated corpus files instead.
    #[arg(long)]
    pub reader: bool,
    /// With --reader: how long to run.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub seconds: u64,
    /// With --reader: corpus files or directories (searched for *.scm)
    /// [default: tests/r7rs and examples].
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
}

/// The name programs run under (each worker has its own scratch directory for bundles).
const PROGRAM: &str = "prog.scm";

/// Runs `kiln fuzz` and returns the process exit status: 0 when nothing differed, 1 when
/// something did (or, with --shrink, when the file does not fail).
pub fn fuzz(args: &FuzzArgs) -> Result<i32> {
    if let Some(seed) = args.print {
        print!("{}", gen::program(seed));
        return Ok(0);
    }
    let modes = parse_modes(&args.modes);
    let keep = args
        .keep
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("kiln-fuzz"));
    std::fs::create_dir_all(&keep).with_context(|| format!("creating {}", keep.display()))?;
    let runner = Arc::new(Runner::new()?);
    let scratch = Scratch::new()?;
    if args.reader {
        return reader::fuzz(args, &runner, &keep, &scratch.0);
    }
    if let Some(file) = &args.shrink {
        return shrink_file(args, &runner, &modes, file, &scratch.0);
    }
    campaign(args, runner, &modes, &keep, &scratch.0)
}

/// The modes to compare with `off`, each once.
fn parse_modes(names: &[Mode]) -> Vec<Mode> {
    let mut modes = Vec::new();
    for &m in names {
        if m != Mode::Off && !modes.contains(&m) {
            modes.push(m);
        }
    }
    modes
}

/// A temporary directory removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("kiln-fuzz-scratch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one program did across the modes.
struct Report {
    seed: u64,
    /// The reference run's status; `None` if it timed out (the program is skipped).
    reference: Option<i32>,
    failures: Vec<Difference>,
    /// The text printed for the failures (diffs, reproducer paths).
    text: String,
}

/// Runs the reference and the modes on `source`; the reference and each differing mode's
/// outcome.
fn differential(
    runner: &Runner,
    modes: &[Mode],
    source: &str,
    dir: &Path,
    timeout: Duration,
) -> Result<(Outcome, Vec<(Difference, Outcome)>)> {
    let reference = runner.run(Mode::Off, PROGRAM, source, dir, timeout)?;
    let mut diffs = Vec::new();
    if reference.status == crate::halt::EXIT_TIMEOUT {
        return Ok((reference, diffs));
    }
    for &m in modes {
        let got = runner.run(m, PROGRAM, source, dir, timeout)?;
        if let Some(d) = compare::compare(m, &reference, &got) {
            diffs.push((d, got));
        }
    }
    Ok((reference, diffs))
}

/// Whether `source` still differs from the reference exactly like `want`. Shrinking can
/// break a program's termination (a loop counter replaced by 0), so runs get a short `timeout`.
fn same_failure(
    runner: &Runner,
    want: Difference,
    source: &str,
    dir: &Path,
    timeout: Duration,
) -> bool {
    let Ok(reference) = runner.run(Mode::Off, PROGRAM, source, dir, timeout) else {
        return false;
    };
    if reference.status == crate::halt::EXIT_TIMEOUT {
        return false;
    }
    let Ok(got) = runner.run(want.mode, PROGRAM, source, dir, timeout) else {
        return false;
    };
    compare::compare(want.mode, &reference, &got) == Some(want)
}

/// Shrinks `source` for its difference `d`; writes the reproducer to `out` and describes it.
fn shrink_and_keep(
    args: &FuzzArgs,
    runner: &Runner,
    d: Difference,
    source: &str,
    out: &Path,
    dir: &Path,
) -> Result<String> {
    let forms = sexp::parse(source).context("parsing the program to shrink")?;
    let start = Instant::now();
    // Candidates get a few times the original's run time; a timeout in the failing mode is
    // only kept as such when the original timed out too.
    let t0 = Instant::now();
    let _ = runner.run(Mode::Off, PROGRAM, source, dir, timeout(args));
    let limit = (t0.elapsed() * 4).clamp(Duration::from_secs(1), timeout(args));
    let limit = if d.crash { timeout(args) } else { limit };
    let deadline = start + Duration::from_secs(args.shrink_seconds);
    let debug = std::env::var_os("KILN_FUZZ_DEBUG").is_some();
    let mut fails = |text: &str| {
        let t = Instant::now();
        let r = Instant::now() < deadline && same_failure(runner, d, text, dir, limit);
        if debug {
            eprintln!(
                "shrink: {} bytes -> {r} in {:.2} s",
                text.len(),
                t.elapsed().as_secs_f64()
            );
        }
        r
    };
    let small = shrink::shrink(forms, &mut fails, args.shrink_budget);
    let text = sexp::program_text(&small);
    let reference = runner.run(Mode::Off, PROGRAM, &text, dir, timeout(args))?;
    let got = runner.run(d.mode, PROGRAM, &text, dir, timeout(args))?;
    let header = format!(
        "; Shrunk reproducer: `{}` differs from `kiln run --jit=off` ({}).\n",
        d.mode.command(),
        d.parts()
    );
    std::fs::write(out, format!("{header}{text}"))
        .with_context(|| format!("writing {}", out.display()))?;
    let size = |forms: &[sexp::Sexp]| forms.iter().map(sexp::Sexp::size).sum::<usize>();
    Ok(format!(
        "  shrunk in {:.1} s from {} to {} nodes: {}\n{}{}",
        start.elapsed().as_secs_f64(),
        size(&sexp::parse(source).unwrap_or_default()),
        size(&small),
        out.display(),
        indent(&text),
        compare::describe(d.mode, &reference, &got)
    ))
}

fn timeout(args: &FuzzArgs) -> Duration {
    Duration::from_secs(args.timeout.max(1))
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    | {l}\n")).collect()
}

/// One program of a campaign.
#[allow(clippy::too_many_arguments)]
fn one(
    args: &FuzzArgs,
    runner: &Runner,
    modes: &[Mode],
    keep: &Path,
    seed: u64,
    index: u64,
    dir: &Path,
    shrinks: &AtomicU64,
) -> Result<Report> {
    let source = gen::program(seed);
    let modes: Vec<Mode> = modes
        .iter()
        .copied()
        .filter(|&m| m != Mode::Bundle || index.is_multiple_of(args.bundle_every.max(1)))
        .collect();
    let (reference, diffs) = differential(runner, &modes, &source, dir, timeout(args))?;
    let mut report = Report {
        seed,
        reference: (reference.status != crate::halt::EXIT_TIMEOUT).then_some(reference.status),
        failures: diffs.iter().map(|(d, _)| *d).collect(),
        text: String::new(),
    };
    if diffs.is_empty() {
        return Ok(report);
    }
    let original = keep.join(format!("seed-{seed}.scm"));
    std::fs::write(&original, &source)
        .with_context(|| format!("writing {}", original.display()))?;
    let mut text = format!("FAIL seed {seed}: {}\n", original.display());
    for (d, got) in &diffs {
        text.push_str(&format!("  {} differs: {}\n", d.mode.name(), d.parts()));
        text.push_str(&compare::describe(d.mode, &reference, got));
    }
    if !args.no_shrink && shrinks.fetch_add(1, Ordering::SeqCst) < args.max_shrinks {
        let (d, _) = diffs[0];
        let out = keep.join(format!("seed-{seed}-{}.min.scm", d.mode.name()));
        text.push_str(&shrink_and_keep(args, runner, d, &source, &out, dir)?);
    }
    text.push_str(&format!("  replay: kiln fuzz --seed {seed} --count 1\n"));
    report.text = text;
    Ok(report)
}

/// `kiln fuzz --seed S --count N`.
fn campaign(
    args: &FuzzArgs,
    runner: Arc<Runner>,
    modes: &[Mode],
    keep: &Path,
    scratch: &Path,
) -> Result<i32> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let start = Instant::now();
    let next = Arc::new(AtomicU64::new(0));
    let shrinks = Arc::new(AtomicU64::new(0));
    let reports = Arc::new(Mutex::new(Vec::new()));
    let mut workers = Vec::new();
    for j in 0..jobs {
        let dir = scratch.join(format!("job{j}"));
        std::fs::create_dir_all(&dir)?;
        let (args, runner, modes, keep) = (
            args.clone(),
            runner.clone(),
            modes.to_vec(),
            keep.to_path_buf(),
        );
        let (next, reports, shrinks) = (next.clone(), reports.clone(), shrinks.clone());
        let work = move || -> Result<()> {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= args.count {
                    return Ok(());
                }
                let seed = args.seed.wrapping_add(i);
                let report = one(&args, &runner, &modes, &keep, seed, i, &dir, &shrinks)
                    .with_context(|| format!("fuzzing seed {seed}"))?;
                if !report.text.is_empty() {
                    let mut out = std::io::stdout().lock();
                    let _ = out.write_all(report.text.as_bytes());
                    let _ = out.flush();
                }
                reports
                    .lock()
                    .map_err(|_| anyhow::anyhow!("poisoned"))?
                    .push(report);
            }
        };
        workers.push(
            std::thread::Builder::new()
                .name(format!("kiln-fuzz-{j}"))
                .stack_size(crate::guest::HOST_THREAD_STACK)
                .spawn(work)
                .context("starting a fuzz worker")?,
        );
    }
    for w in workers {
        w.join()
            .map_err(|_| anyhow::anyhow!("a fuzz worker panicked"))??;
    }
    let reports = std::mem::take(&mut *reports.lock().map_err(|_| anyhow::anyhow!("poisoned"))?);
    Ok(summary(
        args,
        &runner,
        modes,
        &reports,
        start.elapsed(),
        jobs,
        keep,
    ))
}

fn summary(
    args: &FuzzArgs,
    runner: &Runner,
    modes: &[Mode],
    reports: &[Report],
    elapsed: Duration,
    jobs: usize,
    keep: &Path,
) -> i32 {
    let mut statuses: BTreeMap<i32, u64> = BTreeMap::new();
    let mut skipped = 0;
    let mut per_mode: BTreeMap<Mode, u64> = modes.iter().map(|&m| (m, 0)).collect();
    let mut failing: Vec<u64> = Vec::new();
    for r in reports {
        match r.reference {
            Some(s) => *statuses.entry(s).or_default() += 1,
            None => skipped += 1,
        }
        for d in &r.failures {
            *per_mode.entry(d.mode).or_default() += 1;
        }
        if !r.failures.is_empty() {
            failing.push(r.seed);
        }
    }
    failing.sort_unstable();
    let secs = elapsed.as_secs_f64();
    println!(
        "kiln fuzz: {} programs (seeds {}..={}) in {secs:.1} s: {:.1} programs/s on {jobs} jobs",
        reports.len(),
        args.seed,
        args.seed.wrapping_add(args.count.saturating_sub(1)),
        reports.len() as f64 / secs.max(1e-9)
    );
    let statuses: Vec<String> = statuses
        .iter()
        .map(|(s, n)| format!("{n} × status {s}"))
        .collect();
    println!(
        "  reference (off): {}; {skipped} timed out (skipped)",
        statuses.join(", ")
    );
    let modes_text: Vec<String> = per_mode
        .iter()
        .map(|(m, n)| format!("{} {n}", m.name()))
        .collect();
    println!("  failures by mode: {}", modes_text.join(", "));
    let t = runner.timings();
    let runs: Vec<String> = t
        .runs
        .iter()
        .map(|(m, d)| format!("{} {:.1} s", m.name(), d.as_secs_f64()))
        .collect();
    println!(
        "  time: runs {}; kiln bundle {:.1} s, bundle compiles {:.1} s \
         ({} functions cached, {} compiled), bundle runs {:.1} s",
        runs.join(", "),
        t.bundling.as_secs_f64(),
        t.bundle_compile.as_secs_f64(),
        t.cache_hits,
        t.cache_misses,
        t.bundle_runs.as_secs_f64()
    );
    if failing.is_empty() {
        println!("  no differences");
        0
    } else {
        let seeds: Vec<String> = failing.iter().map(u64::to_string).collect();
        println!(
            "  {} failing programs (seeds {}); reproducers in {}",
            failing.len(),
            seeds.join(" "),
            keep.display()
        );
        1
    }
}

/// `kiln fuzz --shrink FILE`.
fn shrink_file(
    args: &FuzzArgs,
    runner: &Runner,
    modes: &[Mode],
    file: &Path,
    scratch: &Path,
) -> Result<i32> {
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kiln: cannot read {}: {e}", file.display());
            return Ok(crate::run::EXIT_NO_INPUT);
        }
    };
    let (reference, diffs) = differential(runner, modes, &source, scratch, timeout(args))?;
    let Some((d, got)) = diffs.first() else {
        println!(
            "kiln fuzz: {} behaves the same in every mode (off: status {}); nothing to shrink",
            file.display(),
            reference.status
        );
        return Ok(1);
    };
    println!(
        "{}: {} differs: {}",
        file.display(),
        d.mode.name(),
        d.parts()
    );
    print!("{}", compare::describe(d.mode, &reference, got));
    let out = file.with_extension("min.scm");
    print!(
        "{}",
        shrink_and_keep(args, runner, *d, &source, &out, scratch)?
    );
    Ok(0)
}
