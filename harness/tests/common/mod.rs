//! Shared runner for the file-based Scheme tests (`tests/r7rs`, `tests/runtime`,
//! `examples`).
//!
//! Each test is a `X.scm` file run through `kiln run` once per JIT mode. Files next
//! to it describe the expectations:
//! - `X.out`   exact expected stdout (required),
//! - `X.err`   lines that must each appear as substrings of stderr,
//! - `X.code`  expected exit status (default 0),
//! - `X.in`    bytes fed to stdin (default: empty),
//! - `X.flags` extra whitespace-separated `kiln run` flags, e.g. `--max-memory 256`.
//!
//! Environment knobs for local use: `KILN_TEST_FILTER` (substring of the test
//! name), `KILN_TEST_MODES` (comma-separated mode names, e.g. `jit=off`),
//! `KILN_TEST_JOBS` (worker threads, default 2) and `KILN_TEST_TIMEOUT` (seconds
//! per run, default 120).

#[allow(dead_code)] // not every test binary uses every part of it
pub mod process;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use process::run_process;

/// One `.scm` test and its expectations.
#[derive(Debug, Clone)]
pub struct Case {
    /// Path relative to the suite root with `/` separators, e.g. `r7rs/6.2-numbers/gcd.scm`.
    pub name: String,
    /// Absolute path of the `.scm` file.
    pub scm: PathBuf,
    /// Exact expected stdout.
    pub expected_out: Vec<u8>,
    /// Substrings that must each occur in stderr.
    pub err_lines: Vec<String>,
    /// Expected exit status.
    pub code: i32,
    /// Bytes fed to stdin.
    pub stdin: Vec<u8>,
    /// Extra `kiln run` flags.
    pub flags: Vec<String>,
}

/// A way of running every test: the flags given to `kiln run` and the tests it skips.
#[derive(Debug, Clone)]
pub struct Mode {
    /// Short name shown in failure reports, e.g. `jit=eager+gc-stress`.
    pub name: &'static str,
    /// Flags passed to `kiln run` before the per-test flags.
    pub args: &'static [&'static str],
    /// Test names (as in [`Case::name`]) not run in this mode.
    pub skip: &'static [&'static str],
}

/// The four standard modes; `gc_stress_skip` lists tests too heavy for `--gc-stress`.
pub fn standard_modes(gc_stress_skip: &'static [&'static str]) -> Vec<Mode> {
    vec![
        Mode {
            name: "jit=off",
            args: &["--jit=off"],
            skip: &[],
        },
        Mode {
            name: "jit=on",
            args: &["--jit=on"],
            skip: &[],
        },
        Mode {
            name: "jit=eager",
            args: &["--jit=eager"],
            skip: &[],
        },
        Mode {
            name: "jit=eager+gc-stress",
            args: &["--jit=eager", "--gc-stress"],
            skip: gc_stress_skip,
        },
    ]
}

/// Finds every `.scm` under `root/<subdir>` for each subdir, sorted by name.
/// A test whose expectation files can't be read becomes an `Err` with the reason.
pub fn discover(root: &Path, subdirs: &[&str]) -> Vec<Result<Case, String>> {
    let mut files = Vec::new();
    for sub in subdirs {
        collect_scm(&root.join(sub), &mut files);
    }
    files.sort();
    files.iter().map(|f| load_case(root, f)).collect()
}

fn collect_scm(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_scm(&path, out);
        } else if path.extension().is_some_and(|e| e == "scm") {
            out.push(path);
        }
    }
}

/// Reads the expectation files that sit next to `scm`.
pub fn load_case(root: &Path, scm: &Path) -> Result<Case, String> {
    let name = scm
        .strip_prefix(root)
        .unwrap_or(scm)
        .to_string_lossy()
        .replace('\\', "/");
    let sibling = |ext: &str| scm.with_extension(ext);
    let expected_out =
        fs::read(sibling("out")).map_err(|e| format!("{name}: cannot read .out file: {e}"))?;
    let text = |ext: &str| fs::read_to_string(sibling(ext)).ok();
    let err_lines = text("err")
        .map(|t| {
            t.lines()
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let code = match text("code") {
        Some(t) => t
            .trim()
            .parse()
            .map_err(|e| format!("{name}: bad .code file: {e}"))?,
        None => 0,
    };
    let stdin = fs::read(sibling("in")).unwrap_or_default();
    let flags = text("flags")
        .map(|t| t.split_whitespace().map(String::from).collect())
        .unwrap_or_default();
    Ok(Case {
        name,
        scm: scm.to_path_buf(),
        expected_out,
        err_lines,
        code,
        stdin,
        flags,
    })
}

/// Describes the first line where `actual` departs from `expected`, or `None` if equal.
pub fn first_diff(expected: &[u8], actual: &[u8]) -> Option<String> {
    if expected == actual {
        return None;
    }
    let exp = String::from_utf8_lossy(expected);
    let act = String::from_utf8_lossy(actual);
    let (mut e_lines, mut a_lines) = (exp.split_inclusive('\n'), act.split_inclusive('\n'));
    let mut line = 1;
    loop {
        match (e_lines.next(), a_lines.next()) {
            (Some(e), Some(a)) if e == a => line += 1,
            (e, a) => {
                let show = |s: Option<&str>| {
                    s.map_or("<end of output>".to_string(), |s| format!("{:?}", clip(s)))
                };
                return Some(format!(
                    "stdout differs at line {line}\n      expected: {}\n      actual:   {}",
                    show(e),
                    show(a)
                ));
            }
        }
    }
}

/// Shortens long text for failure reports.
fn clip(s: &str) -> String {
    const MAX: usize = 160;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

/// Runs one case in one mode; `Err` holds a short human-readable report.
pub fn run_case(kiln: &Path, case: &Case, mode: &Mode, timeout: Duration) -> Result<(), String> {
    let mut cmd = Command::new(kiln);
    cmd.arg("run")
        .args(mode.args)
        .args(&case.flags)
        .arg(&case.scm);
    let out = run_process(&mut cmd, &case.stdin, timeout)
        .map_err(|e| format!("cannot run {}: {e}", kiln.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    if out.timed_out {
        problems.push(format!("timed out after {}s", timeout.as_secs()));
    } else if out.code != Some(case.code) {
        let got = out
            .code
            .map_or("killed by a signal".to_string(), |c| c.to_string());
        problems.push(format!("exit status {got}, expected {}", case.code));
    }
    if let Some(diff) = first_diff(&case.expected_out, &out.stdout) {
        problems.push(diff);
    }
    for line in case
        .err_lines
        .iter()
        .filter(|l| !stderr.contains(l.as_str()))
    {
        problems.push(format!("stderr lacks {line:?}"));
    }
    if problems.is_empty() {
        return Ok(());
    }
    if !stderr.is_empty() {
        problems.push(format!(
            "stderr: {}",
            clip(&stderr.lines().take(3).collect::<Vec<_>>().join(" | "))
        ));
    }
    Err(problems.join("\n    "))
}

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs every case under `root/<subdirs>` in every mode on `KILN_TEST_JOBS` threads,
/// prints `<label>: N passed, M failed` and panics with all failures if any.
pub fn run_suite(label: &str, root: &Path, subdirs: &[&str], modes: &[Mode]) {
    let kiln = PathBuf::from(env!("CARGO_BIN_EXE_kiln"));
    let filter = std::env::var("KILN_TEST_FILTER").unwrap_or_default();
    let mode_filter = std::env::var("KILN_TEST_MODES").unwrap_or_default();
    let jobs: usize = env_or("KILN_TEST_JOBS", 2).max(1);
    let timeout = Duration::from_secs(env_or("KILN_TEST_TIMEOUT", 120));

    // Canonical paths keep failure reports free of `..` segments.
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut failures = Vec::new();
    let mut cases = Vec::new();
    for loaded in discover(&root, subdirs) {
        match loaded {
            Ok(case) => cases.push(case),
            Err(reason) => failures.push(reason),
        }
    }
    assert!(
        !cases.is_empty() || !failures.is_empty(),
        "{label}: no .scm files found under {}",
        root.display()
    );
    // A skip entry naming no test is stale; report it so the list stays honest.
    for mode in modes {
        for skipped in mode
            .skip
            .iter()
            .filter(|s| !cases.iter().any(|c| c.name == **s))
        {
            failures.push(format!(
                "skip list of {} names missing test {skipped}",
                mode.name
            ));
        }
    }
    let selected_modes: Vec<&Mode> = modes
        .iter()
        .filter(|m| mode_filter.is_empty() || mode_filter.split(',').any(|n| n.trim() == m.name))
        .collect();
    let mut work = Vec::new();
    let mut skipped = 0;
    for case in cases.iter().filter(|c| c.name.contains(&filter)) {
        for mode in &selected_modes {
            if mode.skip.contains(&case.name.as_str()) {
                skipped += 1;
            } else {
                work.push((case, *mode));
            }
        }
    }

    let next = AtomicUsize::new(0);
    let run_failures = Mutex::new(Vec::new());
    thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((case, mode)) = work.get(i) else {
                    break;
                };
                if let Err(report) = run_case(&kiln, case, mode, timeout) {
                    let entry = format!("FAIL {} [{}]: {report}", case.name, mode.name);
                    run_failures.lock().unwrap().push(entry);
                }
            });
        }
    });
    let mut run_failures = run_failures.into_inner().unwrap();
    run_failures.sort();
    let failed = run_failures.len();
    failures.extend(run_failures);

    println!("{label}: {skipped} skipped under mode skip lists");
    println!("{label}: {} passed, {} failed", work.len() - failed, failed);
    if !failures.is_empty() {
        panic!(
            "{label}: {} problem(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_diff_reports_first_differing_line() {
        assert_eq!(first_diff(b"a\nb\n", b"a\nb\n"), None);
        let d = first_diff(b"a\nb\nc\n", b"a\nB\nc\n").unwrap();
        assert!(
            d.contains("line 2") && d.contains("\"b\\n\"") && d.contains("\"B\\n\""),
            "{d}"
        );
    }

    #[test]
    fn first_diff_reports_missing_and_extra_output() {
        let missing = first_diff(b"a\nb\n", b"a\n").unwrap();
        assert!(
            missing.contains("line 2") && missing.contains("<end of output>"),
            "{missing}"
        );
        // A missing final newline is a difference too.
        let no_newline = first_diff(b"a\n", b"a").unwrap();
        assert!(no_newline.contains("line 1"), "{no_newline}");
    }

    #[test]
    fn load_case_reads_all_expectation_files() {
        let dir = std::env::temp_dir().join(format!("kiln-runner-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let scm = dir.join("t.scm");
        fs::write(&scm, "(exit 3)").unwrap();
        fs::write(dir.join("t.out"), "x\n").unwrap();
        fs::write(dir.join("t.err"), "error: car:\n\nsecond\n").unwrap();
        fs::write(dir.join("t.code"), "70\n").unwrap();
        fs::write(dir.join("t.in"), "input").unwrap();
        fs::write(dir.join("t.flags"), "--max-memory 256\n").unwrap();
        let case = load_case(&dir, &scm).unwrap();
        assert_eq!(case.name, "t.scm");
        assert_eq!(case.expected_out, b"x\n");
        assert_eq!(case.err_lines, vec!["error: car:", "second"]);
        assert_eq!(case.code, 70);
        assert_eq!(case.stdin, b"input");
        assert_eq!(case.flags, vec!["--max-memory", "256"]);
        fs::remove_file(dir.join("t.out")).unwrap();
        assert!(load_case(&dir, &scm).unwrap_err().contains(".out"));
        fs::remove_dir_all(&dir).unwrap();
    }
}
