//! Comparing a mode's outcome with the reference (`--jit=off`) and describing the difference.

use super::runner::{Mode, Outcome};

/// How a mode's run differed from the reference: the shrinker keeps programs that differ the
/// same way (the same mode, the same parts, a crash still a crash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Difference {
    pub mode: Mode,
    pub stdout: bool,
    pub stderr: bool,
    pub status: bool,
    /// The mode crashed (trap, internal error, timeout) where the reference did not.
    pub crash: bool,
    /// The reference's exit status: a shrunk program must still end the same way with the JIT
    /// off, or shrinking drifts to another bug (a wrong answer turning into a stack overflow).
    pub reference: i32,
}

impl Difference {
    /// "stdout, status" and the like.
    pub fn parts(&self) -> String {
        let mut out = Vec::new();
        for (flag, what) in [
            (self.stdout, "stdout"),
            (self.stderr, "stderr"),
            (self.status, "exit status"),
        ] {
            if flag {
                out.push(what);
            }
        }
        let mut s = out.join(", ");
        if self.crash {
            s.push_str(" (crash)");
        }
        s
    }
}

/// The difference between `got` (a run in `mode`) and `reference`, if any. A bundle of a
/// program with a read or syntax error is refused at bundle time with the same status (the
/// documented behaviour of `kiln bundle`), so only statuses are compared then.
pub fn compare(mode: Mode, reference: &Outcome, got: &Outcome) -> Option<Difference> {
    if mode == Mode::Bundle && reference.status == 65 {
        return (got.status != 65).then_some(Difference {
            mode,
            stdout: false,
            stderr: false,
            status: true,
            crash: got.crashed(),
            reference: reference.status,
        });
    }
    let d = Difference {
        mode,
        stdout: reference.stdout != got.stdout,
        stderr: reference.stderr != got.stderr,
        status: reference.status != got.status,
        crash: got.crashed() && !reference.crashed(),
        reference: reference.status,
    };
    (d.stdout || d.stderr || d.status).then_some(d)
}

/// A readable account of the difference: exit statuses and, for each stream that differs, the
/// first differing lines of both runs.
pub fn describe(mode: Mode, reference: &Outcome, got: &Outcome) -> String {
    let mut out = format!(
        "  exit status: off {}, {} {}\n",
        reference.status,
        mode.name(),
        got.status
    );
    for (what, a, b) in [
        ("stdout", &reference.stdout, &got.stdout),
        ("stderr", &reference.stderr, &got.stderr),
    ] {
        if a != b {
            out.push_str(&line_diff(what, mode, a, b));
        }
    }
    out
}

/// The first differing line and up to three lines after it, of both texts.
fn line_diff(what: &str, mode: Mode, a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let first = (0..la.len().max(lb.len()))
        .find(|&i| la.get(i) != lb.get(i))
        .unwrap_or(la.len().min(lb.len()));
    let mut out = format!(
        "  {what} differs from line {} ({} lines in off, {} in {}):\n",
        first + 1,
        la.len(),
        lb.len(),
        mode.name()
    );
    for (name, lines) in [("off", &la), (mode.name(), &lb)] {
        let shown: Vec<&str> = lines.iter().skip(first).take(4).copied().collect();
        if shown.is_empty() {
            out.push_str(&format!("    {name:>8} | (nothing)\n"));
        }
        for l in shown {
            let l: String = l.chars().take(200).collect();
            out.push_str(&format!("    {name:>8} | {l}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(stdout: &str, stderr: &str, status: i32) -> Outcome {
        Outcome {
            stdout: stdout.into(),
            stderr: stderr.into(),
            status,
        }
    }

    #[test]
    fn equal_runs_do_not_differ() {
        assert_eq!(compare(Mode::On, &o("1\n", "", 0), &o("1\n", "", 0)), None);
    }

    #[test]
    fn a_wrong_answer_is_a_stdout_difference() {
        let d = compare(Mode::Eager, &o("1\n2\n", "", 0), &o("1\n3\n", "", 0)).unwrap();
        assert!(d.stdout && !d.stderr && !d.status && !d.crash);
        let text = describe(Mode::Eager, &o("1\n2\n", "", 0), &o("1\n3\n", "", 0));
        assert!(text.contains("stdout differs from line 2"), "{text}");
        assert!(text.contains("eager | 3"), "{text}");
    }

    #[test]
    fn a_trap_is_a_crash() {
        let d = compare(
            Mode::On,
            &o("", "", 0),
            &o("", "kiln: internal error: wasm trap\n", 70),
        )
        .unwrap();
        assert!(d.crash && d.stderr && d.status);
    }

    #[test]
    fn refused_bundles_of_bad_programs_match() {
        let reference = o("out\n", "prog.scm:3:1: bad syntax\n", 65);
        assert_eq!(compare(Mode::Bundle, &reference, &o("", "x", 65)), None);
        assert!(compare(Mode::Bundle, &reference, &o("", "x", 0)).is_some());
    }
}
