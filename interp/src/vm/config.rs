//! Options set by the host through `kiln_set_option`.

/// When the JIT compiles lambdas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JitMode {
    /// Never.
    Off,
    /// Hot lambdas (call count past the threshold), flushed in batches.
    On,
    /// Every lambda at its first call.
    Eager,
}

/// `Config::native_depth` when the host says nothing: wasmtime's default 512 KiB Wasm stack
/// holds 2,048 units of 256 bytes (see `vm::call::NATIVE_CALL_WEIGHT`); the rest is margin for
/// the frames below the program and for the transition into the interpreter past the budget.
pub const DEFAULT_NATIVE_DEPTH: u32 = 1_800;

/// Runtime configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub jit: JitMode,
    pub jit_threshold: u32,
    pub jit_stats: bool,
    /// Nested non-tail calls allowed before "stack overflow" (`u32::MAX`: no limit but memory).
    pub max_depth: u32,
    /// The native stack's budget: how many nested native calls (compiled frames, and
    /// activations of the interpreter, weighted) the host's stack holds. Past it, calls
    /// continue in the stackless interpreter. Hosts set it (`native-depth=N`) from their stack
    /// size; the default suits the smallest stack Kiln meets, wasmtime's default 512 KiB.
    pub native_depth: u32,
    /// Collect at every allocation (`--gc-stress`).
    pub gc_stress: bool,
    /// Which code generator compiles hot lambdas (`jit-tier=1|2`).
    pub jit_tier: kiln_jit::ir::Tier,
    /// Print collector statistics at exit (`--gc-stats`).
    pub gc_stats: bool,
    /// The host's `--max-memory` cap in MiB, 0 for none (the host enforces it; the guest only
    /// names it when memory runs out).
    pub max_memory_mib: u32,
    /// What an uncaught error prints besides its message (`--backtrace`).
    pub backtrace: crate::backtrace::Mode,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            jit: JitMode::On,
            jit_threshold: 1000,
            jit_stats: false,
            max_depth: u32::MAX,
            native_depth: DEFAULT_NATIVE_DEPTH,
            gc_stress: false,
            gc_stats: false,
            max_memory_mib: 0,
            jit_tier: kiln_jit::ir::Tier::Optimizing,
            backtrace: crate::backtrace::Mode::Short,
        }
    }
}

impl Config {
    /// Applies one `name=value` option; `Err` names what was wrong.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        match name {
            "jit" => {
                self.jit = match value {
                    "off" => JitMode::Off,
                    "on" => JitMode::On,
                    "eager" => JitMode::Eager,
                    _ => {
                        return Err(format!(
                            "bad --jit value {value:?} (expected off, on or eager)"
                        ))
                    }
                }
            }
            "jit-threshold" => self.jit_threshold = parse(name, value)?,
            "jit-stats" => self.jit_stats = value != "0",
            "max-depth" => self.max_depth = parse(name, value)?,
            "native-depth" => self.native_depth = parse(name, value)?,
            "gc-stress" => self.gc_stress = value != "0",
            "gc-stats" => self.gc_stats = value != "0",
            "max-memory" => self.max_memory_mib = parse(name, value)?,
            "jit-tier" => {
                self.jit_tier = match value {
                    "1" => kiln_jit::ir::Tier::Baseline,
                    "2" => kiln_jit::ir::Tier::Optimizing,
                    _ => return Err(format!("bad jit-tier value {value:?} (expected 1 or 2)")),
                }
            }
            "backtrace" => {
                self.backtrace = crate::backtrace::Mode::parse(value).ok_or_else(|| {
                    format!("bad --backtrace value {value:?} (expected off, short or full)")
                })?
            }
            _ => return Err(format!("unknown option {name:?}")),
        }
        Ok(())
    }
}

fn parse(name: &str, value: &str) -> Result<u32, String> {
    value
        .parse()
        .map_err(|_| format!("bad value {value:?} for {name}"))
}
