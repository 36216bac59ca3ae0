//! What `kiln bench` measured, in the one shape the table, the JSON and the SVG chart are all
//! rendered from: per program each implementation's run times, the ratios between them, and
//! the ratios' geometric means.

use std::time::Duration;

/// The implementations a program runs on, in column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Impl {
    /// Kiln, `--jit=off`: the interpreter.
    Off,
    /// Kiln, `--jit=on --jit-tier 1`: the baseline compiler only.
    Tier1,
    /// Kiln, `--jit=on`: both tiers (the default).
    Full,
    /// Guile 3, `guile -q` (compiled).
    Guile,
    /// Chez Scheme, `scheme --script`.
    Chez,
    /// The program written in plain Rust, compiled to wasm32-wasip1 (only the four kernels).
    Rust,
}

impl Impl {
    /// Every implementation, in column order.
    pub const ALL: [Impl; 6] = [
        Impl::Off,
        Impl::Tier1,
        Impl::Full,
        Impl::Guile,
        Impl::Chez,
        Impl::Rust,
    ];

    /// The name in the table, the JSON and the chart.
    pub fn key(self) -> &'static str {
        match self {
            Impl::Off => "off",
            Impl::Tier1 => "tier1",
            Impl::Full => "full",
            Impl::Guile => "guile",
            Impl::Chez => "chez",
            Impl::Rust => "rust",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The ratios `kiln bench` reports: the JIT's speed-up, and the full JIT's time relative to
/// each reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ratio {
    /// `off / full`: how many times faster the JIT is than the interpreter.
    Speedup,
    /// `full / guile`: below 1, Kiln is faster.
    FullGuile,
    /// `full / chez`.
    FullChez,
    /// `full / rust`: the distance to the physical limit.
    FullRust,
}

impl Ratio {
    /// Every ratio, in column order.
    pub const ALL: [Ratio; 4] = [
        Ratio::Speedup,
        Ratio::FullGuile,
        Ratio::FullChez,
        Ratio::FullRust,
    ];

    /// The name in the table and the JSON.
    pub fn key(self) -> &'static str {
        match self {
            Ratio::Speedup => "speed-up",
            Ratio::FullGuile => "full/guile",
            Ratio::FullChez => "full/chez",
            Ratio::FullRust => "full/rust",
        }
    }

    /// The numerator and the denominator.
    pub fn terms(self) -> (Impl, Impl) {
        match self {
            Ratio::Speedup => (Impl::Off, Impl::Full),
            Ratio::FullGuile => (Impl::Full, Impl::Guile),
            Ratio::FullChez => (Impl::Full, Impl::Chez),
            Ratio::FullRust => (Impl::Full, Impl::Rust),
        }
    }
}

/// One implementation's runs of one program: each run's measured time, in run order.
#[derive(Clone, Debug, PartialEq)]
pub struct Times {
    pub runs: Vec<Duration>,
}

impl Times {
    /// The median run (of the two middle ones, the higher).
    pub fn median(&self) -> Duration {
        super::timing::median_of(&self.runs).unwrap_or_default()
    }
}

/// One program's measurements.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub name: String,
    /// Indexed by [`Impl`]; `None`: not run there, failed or printed something else.
    times: [Option<Times>; 6],
    /// Why the program counts as a failure (a Kiln run failed or the three Kiln outputs
    /// differ); such a row has no times.
    pub error: Option<String>,
}

impl Row {
    /// A row with no figures yet.
    pub fn new(name: &str) -> Row {
        Row {
            name: name.to_string(),
            ..Row::default()
        }
    }

    /// A program that failed: `error` says how.
    pub fn failed(name: &str, error: String) -> Row {
        Row {
            error: Some(error),
            ..Row::new(name)
        }
    }

    /// Records `runs` for `who`.
    pub fn set(&mut self, who: Impl, runs: Option<Vec<Duration>>) {
        self.times[who.index()] = runs.filter(|r| !r.is_empty()).map(|runs| Times { runs });
    }

    /// `who`'s runs, if it has any.
    pub fn times(&self, who: Impl) -> Option<&Times> {
        self.times[who.index()].as_ref()
    }

    /// `who`'s median time, if it has one.
    pub fn median(&self, who: Impl) -> Option<Duration> {
        self.times(who).map(Times::median)
    }

    /// The ratio of the two medians, if both are known and neither is zero.
    pub fn ratio(&self, r: Ratio) -> Option<f64> {
        let (a, b) = r.terms();
        let (a, b) = (self.median(a)?.as_secs_f64(), self.median(b)?.as_secs_f64());
        (b > 0.0 && a > 0.0).then_some(a / b)
    }
}

/// A geometric mean and how many programs it is over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mean {
    pub value: f64,
    pub programs: usize,
}

/// The geometric mean of the known ratios; `None` if none is known.
pub fn geomean(rs: impl Iterator<Item = Option<f64>>) -> Option<Mean> {
    let logs: Vec<f64> = rs.flatten().map(f64::ln).collect();
    (!logs.is_empty()).then(|| Mean {
        value: (logs.iter().sum::<f64>() / logs.len() as f64).exp(),
        programs: logs.len(),
    })
}

/// A whole run of `kiln bench`.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Runs per measurement (`--runs`).
    pub runs: u32,
    /// The implementations that took part (the Kiln ones always; Guile and Chez when installed
    /// and not `--kiln-only`; Rust when a program has a kernel), in column order.
    pub present: Vec<Impl>,
    pub rows: Vec<Row>,
}

impl Report {
    /// Whether `who` took part.
    pub fn has(&self, who: Impl) -> bool {
        self.present.contains(&who)
    }

    /// The ratios whose two terms both took part.
    pub fn ratios(&self) -> Vec<Ratio> {
        Ratio::ALL
            .into_iter()
            .filter(|r| {
                let (a, b) = r.terms();
                self.has(a) && self.has(b)
            })
            .collect()
    }

    /// The geometric mean of `r` over the programs where both figures exist.
    pub fn mean(&self, r: Ratio) -> Option<Mean> {
        geomean(self.rows.iter().map(|row| row.ratio(r)))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn ms(x: u64) -> Duration {
        Duration::from_millis(x)
    }

    /// A report with every column: fib has all figures, "a<b" only Kiln's, and one failure.
    pub fn sample() -> Report {
        let mut fib = Row::new("fib");
        fib.set(Impl::Off, Some(vec![ms(800), ms(900), ms(1000)]));
        fib.set(Impl::Tier1, Some(vec![ms(100)]));
        fib.set(Impl::Full, Some(vec![ms(50)]));
        fib.set(Impl::Guile, Some(vec![ms(100)]));
        fib.set(Impl::Chez, Some(vec![ms(25)]));
        fib.set(Impl::Rust, Some(vec![ms(10)]));
        let mut odd = Row::new("a<b & \"c\"");
        odd.set(Impl::Off, Some(vec![ms(20)]));
        odd.set(Impl::Tier1, Some(vec![ms(15)]));
        odd.set(Impl::Full, Some(vec![ms(10)]));
        Report {
            runs: 3,
            present: Impl::ALL.to_vec(),
            rows: vec![fib, odd, Row::failed("bad", "output differs".into())],
        }
    }

    #[test]
    fn ratios_and_means_skip_missing_figures() {
        let r = sample();
        assert_eq!(r.rows[0].median(Impl::Off), Some(ms(900)));
        assert_eq!(r.rows[0].ratio(Ratio::Speedup), Some(18.0));
        assert_eq!(r.rows[0].ratio(Ratio::FullRust), Some(5.0));
        assert_eq!(r.rows[1].ratio(Ratio::FullGuile), None);
        let speedup = r.mean(Ratio::Speedup).unwrap();
        assert!((speedup.value - 6.0).abs() < 1e-9 && speedup.programs == 2);
        let guile = r.mean(Ratio::FullGuile).unwrap();
        assert!((guile.value - 0.5).abs() < 1e-9 && guile.programs == 1);
        assert!(geomean([None].into_iter()).is_none());
    }

    #[test]
    fn only_ratios_of_present_implementations_are_reported() {
        let mut r = sample();
        r.present = vec![Impl::Off, Impl::Tier1, Impl::Full, Impl::Chez];
        assert_eq!(r.ratios(), [Ratio::Speedup, Ratio::FullChez]);
    }

    #[test]
    fn empty_runs_are_no_figure() {
        let mut row = Row::new("x");
        row.set(Impl::Guile, Some(vec![]));
        assert!(row.times(Impl::Guile).is_none());
    }
}
