//! The command line: `kiln run` and `kiln repl` with their options.

mod host_options;
mod preflight;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use host_options::{library_settings, EnvOptions, LibraryDir, LibraryOptions};
pub use preflight::{Refusal, EXIT_CANT_CREATE, EXIT_USAGE};

/// Kiln: an R7RS Scheme that runs inside wasmtime.
#[derive(Parser, Debug)]
#[command(name = "kiln", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a Scheme program.
    Run(RunArgs),
    /// Start an interactive session (reads stdin without prompts when it is not a terminal).
    Repl(ReplArgs),
    /// Build a deployment bundle: one wasm32-wasip1 command module with the program loaded and
    /// its hot code compiled in, for hosts that offer only WASI.
    Bundle(crate::bundle::BundleArgs),
    /// Serve the browser demo page on 127.0.0.1.
    Serve(crate::serve::ServeArgs),
    /// Time programs with the JIT off, tier 1 only and full (and Guile / Chez Scheme when
    /// installed, and the Rust kernels).
    Bench(crate::bench::BenchArgs),
    /// Differential fuzzing: random programs in every JIT mode and as bundles, compared.
    Fuzz(crate::fuzz::FuzzArgs),
}

impl Command {
    /// Checks the parser cannot make (see [`GuestOptions::preflight`]), before anything runs.
    pub fn preflight(&self) -> Result<(), Refusal> {
        match self {
            Command::Run(args) => args.guest.preflight(),
            Command::Repl(args) => args.guest.preflight(),
            Command::Bundle(_) | Command::Serve(_) | Command::Bench(_) | Command::Fuzz(_) => Ok(()),
        }
    }
}

/// Arguments of `kiln run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Options passed on to the guest.
    #[command(flatten)]
    pub guest: GuestOptions,
    /// Library directories.
    #[command(flatten)]
    pub libraries: LibraryOptions,
    /// Environment variables.
    #[command(flatten)]
    pub env: EnvOptions,
    /// Stop the program after SECS seconds (exit status 124).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: Option<u64>,
    /// The program to run, then its arguments; `(command-line)` returns them all.
    // One list rather than FILE and ARGS fields: with a separate FILE, clap would still parse
    // a `--timeout` right after FILE as ours, but everything after FILE is the program's.
    #[arg(
        value_names = ["FILE", "ARGS"],
        required = true,
        num_args = 1..,
        trailing_var_arg = true
    )]
    pub command_line: Vec<String>,
}

impl RunArgs {
    /// The program's path, as the user typed it.
    pub fn file(&self) -> &str {
        &self.command_line[0]
    }
}

/// Arguments of `kiln repl`.
#[derive(Args, Debug)]
pub struct ReplArgs {
    /// Options passed on to the guest.
    #[command(flatten)]
    pub guest: GuestOptions,
    /// Library directories.
    #[command(flatten)]
    pub libraries: LibraryOptions,
    /// Environment variables.
    #[command(flatten)]
    pub env: EnvOptions,
}

/// Options shared by every subcommand that starts a guest.
#[derive(Args, Debug, Clone)]
pub struct GuestOptions {
    /// Collect garbage at every allocation (slow; finds GC bugs).
    #[arg(long)]
    pub gc_stress: bool,
    /// Print garbage-collector statistics (collections, mark and sweep time) on stderr at exit.
    #[arg(long)]
    pub gc_stats: bool,
    /// JIT mode: off, on (compile hot closures) or eager (compile every closure).
    #[arg(long, value_enum, value_name = "MODE", default_value_t = JitMode::On)]
    pub jit: JitMode,
    /// Number of calls after which a closure counts as hot.
    #[arg(long, value_name = "N")]
    pub jit_threshold: Option<u32>,
    /// Which code generator compiles hot closures: 1 (baseline) or 2 (optimizing).
    #[arg(long, value_name = "TIER", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub jit_tier: Option<u8>,
    /// Print JIT statistics on stderr at exit.
    #[arg(long)]
    pub jit_stats: bool,
    /// Where `--jit=on` compiles aux modules: background (a host thread compiles while the
    /// program runs on interpreted; finished code is linked at the next safe point) or sync (the
    /// program waits for each compile). `--jit=eager` always compiles synchronously.
    #[arg(long, value_enum, value_name = "WHERE", default_value_t = JitCompile::Background)]
    pub jit_compile: JitCompile,
    /// Limit on nested non-tail calls (beyond it, the Scheme error "stack overflow") [default:
    /// none: depth is bounded by memory].
    #[arg(long, value_name = "N")]
    pub max_depth: Option<u32>,
    /// Write every JIT-compiled auxiliary module into DIR (created if missing).
    #[arg(long, value_name = "DIR")]
    pub dump_jit: Option<PathBuf>,
    /// Fault injection for the JIT's fallback: `corrupt` damages every aux module, `refuse`
    /// makes the host refuse to link, `stall` makes background compiles never finish; either
    /// way the program must run on, interpreted.
    #[arg(long, value_enum, value_name = "FAULT", default_value_t = JitFault::None)]
    pub jit_fault: JitFault,
    /// Cap the guest's linear memory at MIB mebibytes (exit status 137 when exceeded); at least
    /// what the guest needs to start (about 58).
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_memory: Option<u64>,
    /// What an uncaught error prints besides its message: off (the message only), short (where
    /// it happened and the innermost and outermost calls) or full (every call).
    #[arg(long, value_enum, value_name = "MODE", default_value_t = Backtrace::Short)]
    pub backtrace: Backtrace,
}

/// How much of a backtrace an uncaught error prints (`--backtrace`).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backtrace {
    /// The message only.
    Off,
    /// The failing expression's location, the innermost and outermost calls.
    Short,
    /// The location and every call.
    Full,
}

impl Backtrace {
    /// The guest setting for this mode, if it is not the guest's default (`short`).
    pub fn setting(self) -> Option<String> {
        match self {
            Backtrace::Off => Some("backtrace=off".to_string()),
            Backtrace::Short => None,
            Backtrace::Full => Some("backtrace=full".to_string()),
        }
    }
}

/// A deliberate JIT failure (see `--jit-fault`).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum JitFault {
    None,
    /// The guest corrupts every aux module it generates.
    Corrupt,
    /// The host refuses every link request.
    Refuse,
    /// The host's compile thread never finishes a module (`--jit-compile background`): the
    /// program runs on interpreted and exits without waiting for it.
    Stall,
}

impl JitFault {
    /// The host's part of the fault (`corrupt` is the guest's).
    pub fn host_fault(self) -> kiln_linker::dynamic::Fault {
        match self {
            JitFault::Refuse => kiln_linker::dynamic::Fault::Refuse,
            JitFault::Stall => kiln_linker::dynamic::Fault::Stall,
            JitFault::None | JitFault::Corrupt => kiln_linker::dynamic::Fault::None,
        }
    }
}

/// Where the host compiles aux modules (see `--jit-compile`).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum JitCompile {
    /// The guest waits while the host compiles and links each module.
    Sync,
    /// A host thread compiles; the guest links finished modules when it polls.
    Background,
}

/// How the guest's JIT behaves.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum JitMode {
    /// Interpret only.
    Off,
    /// Compile closures once they are hot.
    On,
    /// Compile every closure on first call.
    Eager,
}

impl JitMode {
    fn as_str(self) -> &'static str {
        match self {
            JitMode::Off => "off",
            JitMode::On => "on",
            JitMode::Eager => "eager",
        }
    }
}

impl GuestOptions {
    /// The guest setting that turns on background compilation, when it applies (`--jit=on`).
    /// The host's business like `--dump-jit`, so not among [`GuestOptions::guest_settings`]:
    /// only a host with a compile thread (this one) may send it.
    pub fn compile_setting(&self) -> Option<String> {
        (self.jit == JitMode::On && self.jit_compile == JitCompile::Background)
            .then(|| "jit-compile=background".to_string())
    }

    /// The `name=value` strings for the guest's `kiln_set_option`, in a fixed order.
    /// `--dump-jit` and `--max-memory` are the host's business and are not among them.
    pub fn guest_settings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.gc_stress {
            out.push("gc-stress=1".to_string());
        }
        if self.gc_stats {
            out.push("gc-stats=1".to_string());
        }
        out.push(format!("jit={}", self.jit.as_str()));
        if let Some(n) = self.jit_threshold {
            out.push(format!("jit-threshold={n}"));
        }
        if self.jit_stats {
            out.push("jit-stats=1".to_string());
        }
        if let Some(tier) = self.jit_tier {
            out.push(format!("jit-tier={tier}"));
        }
        if let Some(n) = self.max_depth {
            out.push(format!("max-depth={n}"));
        }
        if self.jit_fault == JitFault::Corrupt {
            out.push("jit-fault=corrupt".to_string());
        }
        // The host enforces the cap; the guest only names it when memory runs out.
        if let Some(mib) = self.max_memory {
            out.push(format!("max-memory={mib}"));
        }
        out.extend(self.backtrace.setting());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("kiln").chain(args.iter().copied()))
    }

    fn run_args(args: &[&str]) -> RunArgs {
        match parse(args).expect("parses").command {
            Command::Run(r) => r,
            other => panic!("expected run, got {other:?}"),
        }
    }

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn defaults_send_only_jit_on() {
        let r = run_args(&["run", "p.scm"]);
        assert_eq!(r.guest.guest_settings(), ["jit=on"]);
        assert_eq!((r.timeout, r.guest.max_memory), (None, None));
        assert_eq!((r.file(), r.command_line.len()), ("p.scm", 1));
    }

    #[test]
    fn all_guest_options_become_settings() {
        let r = run_args(&[
            "run",
            "--gc-stress",
            "--gc-stats",
            "--jit=eager",
            "--jit-threshold",
            "7",
            "--jit-stats",
            "--max-depth",
            "9",
            "p.scm",
        ]);
        let expected = [
            "gc-stress=1",
            "gc-stats=1",
            "jit=eager",
            "jit-threshold=7",
            "jit-stats=1",
            "max-depth=9",
        ];
        assert_eq!(r.guest.guest_settings(), expected);
    }

    #[test]
    fn backtrace_modes_become_settings() {
        let bt = |m: &str| run_args(&["run", m, "p.scm"]).guest.guest_settings();
        assert_eq!(bt("--backtrace=off"), ["jit=on", "backtrace=off"]);
        assert_eq!(bt("--backtrace=short"), ["jit=on"]);
        assert_eq!(bt("--backtrace=full"), ["jit=on", "backtrace=full"]);
        assert!(parse(&["run", "--backtrace=long", "p.scm"]).is_err());
    }

    #[test]
    fn background_compilation_is_the_default_only_for_jit_on() {
        let setting = |args: &[&str]| run_args(args).guest.compile_setting();
        let on = Some("jit-compile=background".to_string());
        assert_eq!(setting(&["run", "p.scm"]), on);
        assert_eq!(setting(&["run", "--jit-compile", "sync", "p.scm"]), None);
        assert_eq!(setting(&["run", "--jit=eager", "p.scm"]), None);
        assert_eq!(setting(&["run", "--jit=off", "p.scm"]), None);
        assert!(parse(&["run", "--jit-compile", "later", "p.scm"]).is_err());
    }

    #[test]
    fn jit_accepts_separate_value() {
        assert_eq!(
            run_args(&["run", "--jit", "off", "p.scm"]).guest.jit,
            JitMode::Off
        );
    }

    #[test]
    fn arguments_after_file_belong_to_the_program() {
        let r = run_args(&["run", "--timeout", "5", "p.scm", "--timeout", "-x", "y"]);
        assert_eq!(r.timeout, Some(5));
        assert_eq!(r.command_line, ["p.scm", "--timeout", "-x", "y"]);
    }

    #[test]
    fn host_options_are_parsed() {
        let r = run_args(&["run", "--max-memory", "64", "--dump-jit", "d", "p.scm"]);
        assert_eq!(r.guest.max_memory, Some(64));
        assert_eq!(r.guest.dump_jit, Some(PathBuf::from("d")));
    }

    #[test]
    fn bad_values_are_rejected() {
        assert!(parse(&["run", "--jit", "fast", "p.scm"]).is_err());
        assert!(parse(&["run", "--timeout", "0", "p.scm"]).is_err());
        assert!(parse(&["run", "--max-memory", "0", "p.scm"]).is_err());
        assert!(parse(&["run"]).is_err());
        assert!(parse(&["run", "--bogus", "p.scm"]).is_err());
    }

    #[test]
    fn repl_takes_guest_options() {
        match parse(&["repl", "--jit", "off", "--max-memory", "8"])
            .expect("parses")
            .command
        {
            Command::Repl(r) => {
                assert_eq!((r.guest.jit, r.guest.max_memory), (JitMode::Off, Some(8)))
            }
            other => panic!("expected repl, got {other:?}"),
        }
    }
}
