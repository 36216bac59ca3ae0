//! The bench timing protocol. Every program in `tests/bench` times its own measured section with
//! `current-jiffy` and prints one line on its error port:
//!
//! ```text
//! bench-us: MICROSECONDS
//! ```
//!
//! so process start-up, compilation and set-up (Chez's boot, Guile's module loading, writing a
//! data file) are not counted. `kiln bench` runs each implementation, parses that line and keeps
//! every run's time, reporting their median.

use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The prefix of the timing line.
pub const MARKER: &str = "bench-us:";

/// What one run of a program gave: its measured time and its standard output.
pub struct Run {
    pub time: Duration,
    pub stdout: Vec<u8>,
}

/// The measured time in a program's error output: the last `bench-us:` line.
pub fn parse(stderr: &str) -> Option<Duration> {
    let line = stderr
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix(MARKER))?;
    let micros: f64 = line.trim().parse().ok()?;
    (micros.is_finite() && micros >= 0.0).then(|| Duration::from_secs_f64(micros / 1e6))
}

/// Runs `cmd` in `dir` to completion within `timeout`; the measured time and stdout, or an error
/// naming the command (it failed, timed out or printed no timing line).
pub fn run_once(cmd: &mut Command, dir: &Path, timeout: Duration) -> Result<Run> {
    let mut child = cmd
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("running {cmd:?}"))?;
    // Drain both pipes on threads so a chatty program cannot block on a full pipe.
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("{cmd:?} ran past the {} s timeout", timeout.as_secs());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = out_t.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap_or_default()).into_owned();
    if !status.success() {
        bail!("{cmd:?} failed ({status}): {}", last_lines(&stderr));
    }
    let time = parse(&stderr).with_context(|| {
        format!(
            "{cmd:?} printed no `{MARKER} N` timing line on stderr: {}",
            last_lines(&stderr)
        )
    })?;
    Ok(Run { time, stdout })
}

/// What several runs of one program gave: each run's time, in run order, and the stdout they
/// all printed.
pub struct Measured {
    pub times: Vec<Duration>,
    pub stdout: Vec<u8>,
}

/// The median of `times` (of the two middle ones, the higher); `None` if there are none.
pub fn median_of(times: &[Duration]) -> Option<Duration> {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied()
}

/// `runs` runs made by `f` (at least one), with the stdout of the first (all must agree).
pub fn measure(runs: u32, mut f: impl FnMut() -> Result<Run>) -> Result<Measured> {
    let first = f()?;
    let mut times = vec![first.time];
    for _ in 1..runs {
        let r = f()?;
        if r.stdout != first.stdout {
            bail!("the output changed from one run to the next");
        }
        times.push(r.time);
    }
    Ok(Measured {
        times,
        stdout: first.stdout,
    })
}

fn last_lines(s: &str) -> String {
    let lines: Vec<&str> = s.trim().lines().collect();
    lines[lines.len().saturating_sub(3)..].join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_last_timing_line() {
        let err = "WARNING: something\nbench-us: 12\nbench-us: 1500000\n";
        assert_eq!(parse(err), Some(Duration::from_millis(1500)));
        assert_eq!(parse("bench-us: 2.5e3"), Some(Duration::from_micros(2500)));
        assert_eq!(parse("no line\n"), None);
        assert_eq!(parse("bench-us: soon"), None);
        assert_eq!(parse("bench-us: -4"), None);
    }

    #[test]
    fn measure_keeps_every_run_in_order() {
        let mut times = [30u64, 10, 20, 40].into_iter();
        let m = measure(3, || {
            Ok(Run {
                time: Duration::from_millis(times.next().unwrap()),
                stdout: b"same".to_vec(),
            })
        })
        .unwrap();
        let ms = Duration::from_millis;
        assert_eq!(m.times, [ms(30), ms(10), ms(20)]);
        assert_eq!(median_of(&m.times), Some(ms(20)));
        assert_eq!(median_of(&[ms(30), ms(10), ms(20), ms(40)]), Some(ms(30)));
        assert_eq!(median_of(&[]), None);
    }

    #[test]
    fn measure_refuses_output_that_changes() {
        let mut outs = [&b"a"[..], b"b"].into_iter();
        let r = measure(2, || {
            Ok(Run {
                time: Duration::ZERO,
                stdout: outs.next().unwrap().to_vec(),
            })
        });
        assert!(r.is_err());
    }
}
