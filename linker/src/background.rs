//! Background compilation of aux modules: one host thread per store runs Cranelift
//! (`Module::new` with the store's `Engine`, which is `Send + Sync`) while the guest goes on
//! interpreting; the guest's thread takes the finished modules in submission order and links them
//! when the guest asks (`kiln:jit` `poll`, see `dynamic.rs`).
//!
//! Protocol: `submit` queues bytes and returns at once; `ready` is one atomic load (the guest polls
//! often, so the nothing-ready answer must cost nothing); `take` hands over the oldest submission
//! once its compile is done. Nothing here touches a store: instantiating and running the patch
//! function stay on the guest's thread, at a safe point the guest chose.
//!
//! The thread is detached: dropping the `Compiler` cancels the submissions not yet started, and
//! one already inside `Module::new` finishes on its own while the process goes on (or exits).

use anyhow::{anyhow, Context, Result};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wasmtime::{Engine, Module};

/// A compile that finished on the background thread.
pub struct Finished {
    /// The submission's number (from 0, in submission order).
    pub ticket: u64,
    /// The compiled module, or why it did not compile.
    pub module: Result<Module>,
    /// Time `Module::new` took on the background thread.
    pub compile_time: Duration,
}

/// What the thread and the guest's thread share.
#[derive(Default)]
struct Shared {
    /// Finished compiles not yet taken, oldest first (one thread: submission order).
    done: Mutex<VecDeque<Finished>>,
    /// `done.len()`, readable without the lock.
    ready: AtomicUsize,
    /// Set when the owner goes away: skip the submissions still queued.
    cancelled: AtomicBool,
}

/// The background compiler of one store.
pub struct Compiler {
    jobs: Sender<(u64, Vec<u8>)>,
    shared: Arc<Shared>,
    submitted: u64,
    taken: u64,
}

impl Compiler {
    /// Starts the compile thread for modules of `engine`. With `stall` (fault injection) the
    /// thread never finishes a compile, to prove that nothing waits for it.
    pub fn start(engine: &Engine, stall: bool) -> Result<Compiler> {
        let (jobs, queue) = channel::<(u64, Vec<u8>)>();
        let shared = Arc::new(Shared::default());
        let engine = engine.clone();
        let theirs = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("kiln-jit-compile".into())
            .spawn(move || {
                if stall {
                    // Keep the queue open (submissions succeed) and never answer.
                    let _queue = queue;
                    loop {
                        std::thread::park();
                    }
                }
                for (ticket, bytes) in queue {
                    if theirs.cancelled.load(Ordering::Acquire) {
                        break;
                    }
                    let started = Instant::now();
                    let module = Module::new(&engine, &bytes)
                        .map_err(anyhow::Error::from)
                        .context("compiling the aux module");
                    let finished = Finished {
                        ticket,
                        module,
                        compile_time: started.elapsed(),
                    };
                    let mut done = theirs.done.lock().unwrap_or_else(|e| e.into_inner());
                    done.push_back(finished);
                    theirs.ready.store(done.len(), Ordering::Release);
                }
            })
            .context("starting the JIT compile thread")?;
        Ok(Compiler {
            jobs,
            shared,
            submitted: 0,
            taken: 0,
        })
    }

    /// Queues `bytes` for compilation; returns its ticket.
    pub fn submit(&mut self, bytes: Vec<u8>) -> Result<u64> {
        let ticket = self.submitted;
        self.jobs
            .send((ticket, bytes))
            .map_err(|_| anyhow!("the JIT compile thread has stopped"))?;
        self.submitted += 1;
        Ok(ticket)
    }

    /// A finished compile is waiting to be taken (one atomic load).
    pub fn ready(&self) -> bool {
        self.shared.ready.load(Ordering::Acquire) > 0
    }

    /// The oldest finished compile, if any.
    pub fn take(&mut self) -> Option<Finished> {
        let mut done = self.shared.done.lock().unwrap_or_else(|e| e.into_inner());
        let finished = done.pop_front()?;
        self.shared.ready.store(done.len(), Ordering::Release);
        self.taken += 1;
        Some(finished)
    }

    /// Submissions not yet taken (compiling, queued or finished).
    pub fn in_flight(&self) -> u64 {
        self.submitted - self.taken
    }

    /// Blocks until the oldest submission is finished and takes it (tests; `None` if nothing is
    /// in flight). The guest never waits: it polls.
    pub fn wait(&mut self) -> Option<Finished> {
        while self.in_flight() > 0 {
            if let Some(f) = self.take() {
                return Some(f);
            }
            std::thread::yield_now();
        }
        None
    }
}

impl std::fmt::Debug for Compiler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiler")
            .field("submitted", &self.submitted)
            .field("taken", &self.taken)
            .field("ready", &self.shared.ready.load(Ordering::Relaxed))
            .finish()
    }
}

impl Drop for Compiler {
    fn drop(&mut self) {
        // The sender drops with `self`, which ends the thread's loop after its current compile.
        self.shared.cancelled.store(true, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(wat: &str) -> Vec<u8> {
        wat::parse_str(wat).unwrap()
    }

    #[test]
    fn finished_compiles_come_back_in_submission_order() {
        let engine = Engine::default();
        let mut c = Compiler::start(&engine, false).unwrap();
        assert!(!c.ready());
        assert!(c.take().is_none());
        let a = c.submit(module("(module (func (export \"a\")))")).unwrap();
        let b = c.submit(b"not wasm".to_vec()).unwrap();
        let d = c.submit(module("(module (func (export \"d\")))")).unwrap();
        assert_eq!(c.in_flight(), 3);
        let first = c.wait().unwrap();
        assert_eq!(first.ticket, a);
        assert!(first.module.unwrap().get_export("a").is_some());
        let second = c.wait().unwrap();
        assert_eq!(second.ticket, b);
        let err = format!("{:#}", second.module.err().unwrap());
        assert!(err.contains("compiling the aux module"), "{err}");
        let third = c.wait().unwrap();
        assert_eq!(third.ticket, d);
        assert!(third.module.is_ok());
        assert_eq!(c.in_flight(), 0);
        assert!(!c.ready());
        assert!(c.wait().is_none());
    }

    #[test]
    fn ready_is_set_once_a_compile_finishes_and_cleared_when_taken() {
        let engine = Engine::default();
        let mut c = Compiler::start(&engine, false).unwrap();
        c.submit(module("(module)")).unwrap();
        while !c.ready() {
            std::thread::yield_now();
        }
        assert_eq!(c.in_flight(), 1);
        assert!(c.take().unwrap().module.is_ok());
        assert!(!c.ready());
        assert_eq!(c.in_flight(), 0);
    }

    #[test]
    fn a_stalled_compiler_accepts_submissions_and_never_answers() {
        let engine = Engine::default();
        let mut c = Compiler::start(&engine, true).unwrap();
        c.submit(module("(module)")).unwrap();
        assert!(!c.ready());
        assert!(c.take().is_none());
        assert_eq!(c.in_flight(), 1);
    }

    #[test]
    fn dropping_the_compiler_does_not_wait_for_queued_compiles() {
        let engine = Engine::default();
        let mut c = Compiler::start(&engine, false).unwrap();
        for _ in 0..50 {
            c.submit(module("(module (func (export \"f\")))")).unwrap();
        }
        let shared = Arc::clone(&c.shared);
        drop(c);
        assert!(shared.cancelled.load(Ordering::Acquire));
    }
}
