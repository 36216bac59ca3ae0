//! Collector statistics (`--gc-stats`): how many collections, and where their time went.

use std::time::Duration;

/// Counters over a whole run.
#[derive(Default, Debug)]
pub struct GcStats {
    /// Collections so far.
    pub collections: u64,
    /// Time spent marking (only measured under `--gc-stats`).
    pub mark: Duration,
    /// Time spent sweeping (only measured under `--gc-stats`).
    pub sweep: Duration,
    /// Bytes of objects marked, over all collections.
    pub marked_bytes: u64,
    /// Bytes of block space swept, over all collections.
    pub swept_bytes: u64,
    /// Whether to measure times (a clock read per collection).
    pub timing: bool,
    /// When measuring started (the run's start, for the share of run time).
    pub started: Option<std::time::Instant>,
}

impl GcStats {
    /// The report printed on stderr; `run` is the whole run's time, `heap` the heap's size now.
    pub fn report(&self, run: Duration, heap: usize) -> String {
        let mb = |b: u64| b as f64 / (1 << 20) as f64;
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let per_mb = |d: Duration, b: u64| {
            if b == 0 {
                0.0
            } else {
                ms(d) / mb(b)
            }
        };
        let gc = self.mark + self.sweep;
        let share = if run.is_zero() {
            0.0
        } else {
            100.0 * gc.as_secs_f64() / run.as_secs_f64()
        };
        format!(
            "gc: {} collections, {:.2} ms ({share:.1}% of {:.0} ms): mark {:.2} ms for {:.1} MB marked ({:.3} ms/MB live), sweep {:.2} ms for {:.1} MB of blocks ({:.3} ms/MB); heap {:.1} MB",
            self.collections,
            ms(gc),
            ms(run),
            ms(self.mark),
            mb(self.marked_bytes),
            per_mb(self.mark, self.marked_bytes),
            ms(self.sweep),
            mb(self.swept_bytes),
            per_mb(self.sweep, self.swept_bytes),
            mb(heap as u64),
        )
    }
}
