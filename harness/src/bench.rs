//! `kiln bench`: times programs with the JIT off and on, side by side in one run, and — where they
//! are installed — under Guile (compiled) and Chez Scheme. Prints per-program times, the JIT
//! speed-up and its geometric mean. Every time is the best of `--runs` whole-process runs (start-up
//! included for every system; `kiln`'s own start-up is printed for reference).

use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The default programs (`tests/bench/`), embedded so `kiln bench` works from anywhere.
const PROGRAMS: &[(&str, &str)] = &[
    ("fib", include_str!("../../tests/bench/fib.scm")),
    ("tak", include_str!("../../tests/bench/tak.scm")),
    ("ackermann", include_str!("../../tests/bench/ackermann.scm")),
    ("nqueens", include_str!("../../tests/bench/nqueens.scm")),
    ("primes", include_str!("../../tests/bench/primes.scm")),
    ("deriv", include_str!("../../tests/bench/deriv.scm")),
    (
        "mandelbrot",
        include_str!("../../tests/bench/mandelbrot.scm"),
    ),
];

/// Arguments of `kiln bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Runs per measurement (the best is kept).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,
    /// Skip Guile and Chez Scheme even if installed.
    #[arg(long)]
    pub kiln_only: bool,
    /// Programs to time (default: the built-in set from tests/bench).
    pub files: Vec<PathBuf>,
}

/// One program's measurements.
struct Row {
    name: String,
    off: Duration,
    on: Duration,
    guile: Option<Duration>,
    chez: Option<Duration>,
}

/// Runs the benchmark; returns the exit status (1 if JIT and interpreter disagreed).
pub fn bench(args: &BenchArgs) -> Result<i32> {
    let dir = std::env::temp_dir().join(format!("kiln-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let programs = programs(args, &dir)?;
    let kiln = std::env::current_exe().context("locating the kiln executable")?;
    let guile = (!args.kiln_only).then(|| which("guile")).flatten();
    let chez = (!args.kiln_only)
        .then(|| which("scheme").or_else(|| which("chezscheme")))
        .flatten();
    let empty = dir.join("empty.scm");
    std::fs::write(&empty, "")?;
    let startup = best(args.runs, || {
        Command::new(&kiln).arg("run").arg(&empty).output_checked()
    })?
    .0;
    eprintln!("kiln start-up (empty program): {}", ms(startup));
    let mut rows = Vec::new();
    let mut mismatches = 0;
    for (name, path) in &programs {
        eprintln!("timing {name}…");
        let (off, out_off) = best(args.runs, || kiln_run(&kiln, "off", path))?;
        let (on, out_on) = best(args.runs, || kiln_run(&kiln, "on", path))?;
        if out_off != out_on {
            eprintln!("kiln bench: {name}: output differs between --jit=off and --jit=on");
            mismatches += 1;
        }
        let guile_t = guile
            .as_ref()
            .and_then(|g| other(args.runs, g, &["-q"], path, &out_off));
        let chez_t = chez
            .as_ref()
            .and_then(|c| chez_time(args.runs, c, path, &dir, &out_off));
        rows.push(Row {
            name: name.clone(),
            off,
            on,
            guile: guile_t,
            chez: chez_t,
        });
    }
    print_table(&rows, guile.is_some(), chez.is_some());
    let _ = std::fs::remove_dir_all(&dir);
    Ok(if mismatches > 0 { 1 } else { 0 })
}

/// The programs to time: the given files, or the embedded set written to `dir`.
fn programs(args: &BenchArgs, dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !args.files.is_empty() {
        return Ok(args
            .files
            .iter()
            .map(|f| {
                (
                    f.file_stem()
                        .map_or("?".into(), |s| s.to_string_lossy().into_owned()),
                    f.clone(),
                )
            })
            .collect());
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

trait OutputChecked {
    fn output_checked(&mut self) -> Result<Vec<u8>>;
}

impl OutputChecked for Command {
    /// Runs to completion; the stdout, or an error naming the command if it failed.
    fn output_checked(&mut self) -> Result<Vec<u8>> {
        let out = self
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("running {self:?}"))?;
        if !out.status.success() {
            bail!(
                "{self:?} failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(out.stdout)
    }
}

fn kiln_run(kiln: &Path, jit: &str, file: &Path) -> Result<Vec<u8>> {
    Command::new(kiln)
        .arg("run")
        .arg(format!("--jit={jit}"))
        .arg(file)
        .output_checked()
}

/// The best time of `runs` runs of `f`, with the output of the last.
fn best(runs: u32, mut f: impl FnMut() -> Result<Vec<u8>>) -> Result<(Duration, Vec<u8>)> {
    let mut best = Duration::MAX;
    let mut out = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        out = f()?;
        best = best.min(start.elapsed());
    }
    Ok((best, out))
}

/// Time under another Scheme; `None` if it fails or prints something else (reported).
fn other(runs: u32, exe: &Path, flags: &[&str], file: &Path, expected: &[u8]) -> Option<Duration> {
    let run = || Command::new(exe).args(flags).arg(file).output_checked();
    // A first run outside the timing lets Guile compile and cache the program.
    match run() {
        Ok(out) if out == expected => best(runs, run).ok().map(|(t, _)| t),
        Ok(_) => {
            eprintln!("  {}: different output, not timed", exe.display());
            None
        }
        Err(e) => {
            eprintln!("  {}: {e:#}", exe.display());
            None
        }
    }
}

/// Chez 9.5 has no R7RS `import`: time a copy without the leading `(import …)` form.
fn chez_time(runs: u32, chez: &Path, file: &Path, dir: &Path, expected: &[u8]) -> Option<Duration> {
    let src = std::fs::read_to_string(file).ok()?;
    let copy = dir.join(format!("chez-{}", file.file_name()?.to_string_lossy()));
    std::fs::write(&copy, strip_import(&src)).ok()?;
    other(runs, chez, &["--script"], &copy, expected)
}

/// The source without its first top-level `(import …)` form.
fn strip_import(src: &str) -> String {
    let Some(start) = src.find("(import") else {
        return src.to_string();
    };
    let mut depth = 0;
    for (i, c) in src[start..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return format!("{}{}", &src[..start], &src[start + i + 1..]);
                }
            }
            _ => {}
        }
    }
    src.to_string()
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1e3)
}

fn print_table(rows: &[Row], guile: bool, chez: bool) {
    let mut header = format!(
        "{:<12} {:>12} {:>12} {:>9}",
        "program", "jit=off", "jit=on", "speed-up"
    );
    if guile {
        header += &format!(" {:>12}", "guile");
    }
    if chez {
        header += &format!(" {:>12}", "chez");
    }
    println!("{header}");
    let mut log_sum = 0.0;
    for r in rows {
        let ratio = r.off.as_secs_f64() / r.on.as_secs_f64();
        log_sum += ratio.ln();
        let mut line = format!(
            "{:<12} {:>12} {:>12} {:>8.1}x",
            r.name,
            ms(r.off),
            ms(r.on),
            ratio
        );
        if guile {
            line += &format!(" {:>12}", r.guile.map_or("n/a".into(), ms));
        }
        if chez {
            line += &format!(" {:>12}", r.chez.map_or("n/a".into(), ms));
        }
        println!("{line}");
    }
    if !rows.is_empty() {
        println!(
            "geometric mean speed-up (jit=on vs jit=off): {:.1}x",
            (log_sum / rows.len() as f64).exp()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_the_import_form() {
        let src = "(import (scheme base)\n (scheme write))\n(display (+ 1 2))";
        assert_eq!(strip_import(src), "\n(display (+ 1 2))");
        assert_eq!(strip_import("(display 1)"), "(display 1)");
    }
}
