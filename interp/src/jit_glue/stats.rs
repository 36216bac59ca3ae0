//! JIT statistics (`--jit-stats`).

use std::time::Duration;

/// Counters over a whole run.
#[derive(Default, Debug)]
pub struct Stats {
    /// Lambdas that became candidates (hot, or called once under `--jit=eager`).
    pub seen: u32,
    /// Lambdas compiled into an aux module that linked.
    pub compiled: u32,
    /// Lambdas the JIT would not compile, or whose module failed to link.
    pub declined: u32,
    /// Named `let` loops compiled into their enclosing function's code (contified), each of
    /// which then has no function of its own.
    pub contified: u32,
    /// Aux modules generated.
    pub modules: u32,
    /// Total size of the aux modules.
    pub bytes: usize,
    /// Modules the host could not validate, compile or link.
    pub link_failures: u32,
    /// The last link failure's reason.
    pub last_failure: Option<String>,
    /// Calls that entered compiled code from the runtime (calls between compiled functions are
    /// direct and not counted).
    pub compiled_calls: u64,
    /// Modules handed to the host's compile thread (background compilation).
    pub submitted: u32,
    pub generate: Duration,
    /// Time in the host's `link` — or, compiling in the background, in `submit` and `poll` (the
    /// linking part of it; the host reports its compile thread's time itself).
    pub link: Duration,
}

impl Stats {
    /// The report printed on stderr.
    pub fn report(&self) -> String {
        let mut s = format!(
            "jit: {} closures seen, {} compiled, {} declined; {} modules, {} bytes; {} calls into compiled code; generate {:.2} ms, {} {:.2} ms; {} loops contified",
            self.seen,
            self.compiled,
            self.declined,
            self.modules,
            self.bytes,
            self.compiled_calls,
            self.generate.as_secs_f64() * 1e3,
            if self.submitted > 0 {
                "submit+link"
            } else {
                "compile+link"
            },
            self.link.as_secs_f64() * 1e3,
            self.contified
        );
        if self.link_failures > 0 {
            let why = self.last_failure.as_deref().unwrap_or("unknown");
            s += &format!("\njit: warning: {} aux modules failed to link ({why}); their closures stay interpreted", self.link_failures);
        }
        s
    }
}
