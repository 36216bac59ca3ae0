//! The reader and expander fuzz loop: corpus files, mutated (byte flips, deletions, insertions
//! of delimiters and prefixes, splices of other files' pieces), run for a bounded time. Whatever
//! the input, `kiln` must end with 0, 65 (read or syntax error), 70 (uncaught error) or the
//! program's own `(exit n)` — never a trap, an internal error or a crash. A run past the time
//! or memory limit (a mutation can make an endless loop) is reported as a finding to look at,
//! but does not fail the run. Findings are written to the keep directory.

use super::rng::Rng;
use super::runner::{Mode, Runner};
use super::FuzzArgs;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Bytes inserted by mutations: delimiters, prefixes, comment and string openers.
const INSERTS: [&str; 16] = [
    "(", ")", "[", "]", "\"", "#", "'", "`", ",", ",@", ";", "#|", "|#", "#;", "\\", "#(",
];

/// Time limit of one run: mutated corpus programs are small.
const READER_TIMEOUT: Duration = Duration::from_secs(5);

/// Runs the loop; returns 1 when an input crashed `kiln`, else 0.
pub fn fuzz(args: &FuzzArgs, runner: &Runner, keep: &Path, scratch: &Path) -> Result<i32> {
    let roots = if args.corpus.is_empty() {
        vec![PathBuf::from("tests/r7rs"), PathBuf::from("examples")]
    } else {
        args.corpus.clone()
    };
    let mut corpus = Vec::new();
    for r in &roots {
        collect(r, &mut corpus)?;
    }
    if corpus.is_empty() {
        bail!("no .scm files in the corpus ({})", show(&roots));
    }
    corpus.sort();
    let texts: Vec<Vec<u8>> = corpus
        .iter()
        .map(|p| std::fs::read(p).with_context(|| format!("reading {}", p.display())))
        .collect::<Result<_>>()?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let start = Instant::now();
    let results: Vec<Result<(u64, Vec<Finding>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..jobs)
            .map(|j| {
                let texts = &texts;
                std::thread::Builder::new()
                    .stack_size(crate::guest::HOST_THREAD_STACK)
                    .spawn_scoped(s, move || {
                        worker(
                            args,
                            runner,
                            texts,
                            keep,
                            scratch,
                            j as u64,
                            jobs as u64,
                            deadline,
                        )
                    })
                    .expect("spawning a reader fuzz worker")
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| bail!("a reader fuzz worker panicked"))
            })
            .collect()
    });
    let (mut inputs, mut findings) = (0, Vec::new());
    for r in results {
        let (n, f) = r?;
        inputs += n;
        findings.extend(f);
    }
    let secs = start.elapsed().as_secs_f64();
    let crashes = findings.iter().filter(|f| f.crash).count();
    println!(
        "kiln fuzz --reader: {inputs} mutated inputs from {} files in {secs:.1} s ({:.0}/s): \
         {crashes} crashes, {} over the time or memory limit",
        texts.len(),
        inputs as f64 / secs.max(1e-9),
        findings.len() - crashes
    );
    Ok(i32::from(crashes > 0))
}

/// An input that crashed `kiln` (`crash`) or ran past a limit.
struct Finding {
    crash: bool,
}

fn show(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(path).with_context(|| format!("reading {}", path.display()))?;
    for e in entries {
        let p = e?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "scm") {
            out.push(p);
        }
    }
    Ok(())
}

/// Worker `j` of `jobs`: input k of this worker has seed `args.seed + k * jobs + j`.
#[allow(clippy::too_many_arguments)]
fn worker(
    args: &FuzzArgs,
    runner: &Runner,
    texts: &[Vec<u8>],
    keep: &Path,
    scratch: &Path,
    j: u64,
    jobs: u64,
    deadline: Instant,
) -> Result<(u64, Vec<Finding>)> {
    let mut findings = Vec::new();
    let mut k = 0;
    while Instant::now() < deadline {
        let seed = args.seed.wrapping_add(k * jobs + j);
        k += 1;
        let input = mutate(seed, texts);
        // Mostly interpreted; some eager runs put the expander's output through the JIT too.
        let mode = if seed.is_multiple_of(8) {
            Mode::Eager
        } else {
            Mode::Off
        };
        let text = String::from_utf8_lossy(&input).into_owned();
        let out = runner.run(mode, super::PROGRAM, &text, scratch, READER_TIMEOUT)?;
        let limit = matches!(out.status, 124 | 137);
        let crash = (out.crashed() && !limit)
            || !(limit || matches!(out.status, 0 | 65 | 70) || text.contains("exit"));
        if crash || limit {
            let path = keep.join(format!("reader-{seed}.scm"));
            std::fs::write(&path, &input).with_context(|| format!("writing {}", path.display()))?;
            let err = String::from_utf8_lossy(&out.stderr);
            let last = err
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            let what = if crash { "CRASH" } else { "LIMIT" };
            let line = format!(
                "{what} reader seed {seed} ({}): status {}: {last}\n  input: {}",
                mode.name(),
                out.status,
                path.display()
            );
            println!("{line}");
            findings.push(Finding { crash });
        }
    }
    Ok((k, findings))
}

/// Input `seed`: a corpus file with one to eight mutations.
fn mutate(seed: u64, texts: &[Vec<u8>]) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut s = rng.pick(texts).clone();
    for _ in 0..rng.range(1, 8) {
        let at = if s.is_empty() {
            0
        } else {
            rng.below(s.len() as u64 + 1) as usize
        };
        match rng.below(5) {
            0 if !s.is_empty() => {
                let i = at.min(s.len() - 1);
                s[i] ^= 1 << rng.below(8);
            }
            1 if !s.is_empty() => {
                let len = (rng.range(1, 16) as usize).min(s.len() - at.min(s.len()));
                s.drain(at..at + len);
            }
            2 | 3 => {
                let ins = rng.pick(&INSERTS[..]).as_bytes().to_vec();
                s.splice(at..at, ins);
            }
            _ => {
                let other = rng.pick(texts);
                if !other.is_empty() {
                    let from = rng.below(other.len() as u64) as usize;
                    let len = (rng.range(1, 200) as usize).min(other.len() - from);
                    s.splice(at..at, other[from..from + len].iter().copied());
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutation_is_deterministic_and_changes_the_input() {
        let texts = vec![b"(define (f x) (* x 2))\n(display (f 21))\n".to_vec()];
        assert_eq!(mutate(5, &texts), mutate(5, &texts));
        let changed = (0..20).filter(|&s| mutate(s, &texts) != texts[0]).count();
        assert!(changed >= 18, "{changed} of 20 inputs changed");
    }
}
