//! Why a guest stopped without returning normally, and how `kiln` reports it.

use wasi_common::I32Exit;
use wasmtime::{Trap, WasmBacktrace};

/// Exit status for a `--timeout` expiry (as coreutils' `timeout`).
pub const EXIT_TIMEOUT: i32 = 124;
/// Exit status for exceeding `--max-memory` (as a process killed by the OOM killer).
pub const EXIT_OUT_OF_MEMORY: i32 = 137;
/// Exit status for internal errors (EX_SOFTWARE, the same as an uncaught Scheme error).
pub const EXIT_INTERNAL: i32 = 70;

/// A guest call that did not return a value.
#[derive(Debug)]
pub enum Halt {
    /// The guest called `proc_exit` (Scheme `exit`) with this status.
    Exit(i32),
    /// The `--timeout` deadline interrupted it.
    Timeout,
    /// It trapped after the `--max-memory` cap refused to grow its memory.
    OutOfMemory,
    /// It exhausted the Wasm stack; holds the trap message.
    StackOverflow(String),
    /// Any other trap: a guest bug. Holds the trap message and Wasm backtrace.
    Trap(String),
    /// A host-side failure (missing export, bad status, I/O…).
    Host(anyhow::Error),
}

/// What a report needs to know besides the halt itself: what ran, and the limits it ran under.
#[derive(Debug, Clone)]
pub struct RunInfo {
    /// Names what was running: the program's path, or "the REPL session".
    pub subject: String,
    /// The `--timeout` in seconds, if any.
    pub timeout_secs: Option<u64>,
    /// The `--max-memory` cap in MiB, if any.
    pub max_memory_mib: Option<u64>,
}

impl Halt {
    /// Classifies an error from a guest call. `memory_denied` says whether the memory cap has
    /// refused a growth: the guest's allocator then aborts with an `unreachable` trap.
    pub fn from_wasm(err: wasmtime::Error, memory_denied: bool) -> Halt {
        if let Some(exit) = err.downcast_ref::<I32Exit>() {
            return Halt::Exit(exit.0);
        }
        let Some(&trap) = err.downcast_ref::<Trap>() else {
            return Halt::Host(anyhow::Error::from(err));
        };
        match trap {
            Trap::Interrupt => Halt::Timeout,
            _ if memory_denied => Halt::OutOfMemory,
            Trap::StackOverflow => Halt::StackOverflow(trap.to_string()),
            _ => Halt::Trap(with_backtrace(trap, &err)),
        }
    }

    /// Prints the message for this halt on stderr (none for `Exit`) and returns the exit status.
    pub fn report(&self, cx: &RunInfo) -> i32 {
        if let Some(msg) = self.message(cx) {
            eprintln!("kiln: {msg}");
        }
        self.exit_status()
    }

    /// The process exit status for this halt.
    pub fn exit_status(&self) -> i32 {
        match self {
            Halt::Exit(code) => *code,
            Halt::Timeout => EXIT_TIMEOUT,
            Halt::OutOfMemory => EXIT_OUT_OF_MEMORY,
            Halt::StackOverflow(_) | Halt::Trap(_) | Halt::Host(_) => EXIT_INTERNAL,
        }
    }

    fn message(&self, cx: &RunInfo) -> Option<String> {
        let subject = &cx.subject;
        Some(match self {
            Halt::Exit(_) => return None,
            Halt::Timeout => format!(
                "timeout: {subject} ran longer than {} s",
                number(cx.timeout_secs)
            ),
            Halt::OutOfMemory => format!(
                "out of memory: {subject} exceeded the --max-memory limit of {} MiB",
                number(cx.max_memory_mib)
            ),
            Halt::StackOverflow(trap) => format!("stack overflow: {subject}: {trap}"),
            Halt::Trap(trap) => format!("internal error: {subject}: {trap}"),
            Halt::Host(err) => format!("internal error: {subject}: {err:#}"),
        })
    }
}

impl From<anyhow::Error> for Halt {
    fn from(err: anyhow::Error) -> Halt {
        Halt::Host(err)
    }
}

fn number(n: Option<u64>) -> String {
    n.map_or_else(|| "?".to_string(), |n| n.to_string())
}

/// The trap message followed by the (frame-limited) Wasm backtrace, to locate guest bugs.
fn with_backtrace(trap: Trap, err: &wasmtime::Error) -> String {
    match err.downcast_ref::<WasmBacktrace>() {
        Some(bt) => format!("{trap}\n{bt}"),
        None => trap.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> RunInfo {
        RunInfo {
            subject: "p.scm".into(),
            timeout_secs: Some(3),
            max_memory_mib: Some(64),
        }
    }

    #[test]
    fn proc_exit_gives_its_status_and_no_message() {
        let h = Halt::from_wasm(wasmtime::Error::new(I32Exit(3)), true);
        assert!(matches!(h, Halt::Exit(3)));
        assert_eq!(h.message(&cx()), None);
        assert_eq!(h.exit_status(), 3);
    }

    #[test]
    fn interrupt_is_a_timeout() {
        let h = Halt::from_wasm(wasmtime::Error::from(Trap::Interrupt), false);
        assert_eq!(h.exit_status(), 124);
        assert_eq!(
            h.message(&cx()).unwrap(),
            "timeout: p.scm ran longer than 3 s"
        );
    }

    #[test]
    fn trap_after_denied_growth_is_out_of_memory() {
        let h = Halt::from_wasm(wasmtime::Error::from(Trap::UnreachableCodeReached), true);
        assert_eq!(h.exit_status(), 137);
        assert_eq!(
            h.message(&cx()).unwrap(),
            "out of memory: p.scm exceeded the --max-memory limit of 64 MiB"
        );
    }

    #[test]
    fn stack_exhaustion_is_a_stack_overflow() {
        let h = Halt::from_wasm(wasmtime::Error::from(Trap::StackOverflow), false);
        assert_eq!(h.exit_status(), 70);
        assert!(h
            .message(&cx())
            .unwrap()
            .starts_with("stack overflow: p.scm: wasm trap: call stack exhausted"));
    }

    #[test]
    fn other_traps_are_internal_errors() {
        let h = Halt::from_wasm(wasmtime::Error::from(Trap::MemoryOutOfBounds), false);
        assert_eq!(h.exit_status(), 70);
        assert!(h
            .message(&cx())
            .unwrap()
            .starts_with("internal error: p.scm: wasm trap: out of bounds"));
    }

    #[test]
    fn non_trap_errors_are_host_errors() {
        let h = Halt::from_wasm(wasmtime::Error::msg("boom"), false);
        assert!(matches!(h, Halt::Host(_)));
        assert_eq!(h.message(&cx()).unwrap(), "internal error: p.scm: boom");
    }
}
