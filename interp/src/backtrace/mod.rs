//! Backtraces of uncaught errors: where the failing expression is and which calls enclose it.
//!
//! Nothing is recorded while a program runs normally. A raise that no handler takes (it becomes
//! `Unwind::Raise` or `Unwind::Bypass` at the raise point: `vm::error`, or the stackless `raise` in
//! `control::exceptions`) *begins* a trace for its condition; then, as that unwind travels
//! outwards, the interpreter's loop adds the frames it drops — the running frame at the failing
//! instruction, then the frames of the return records popped, innermost first (`leave_frames`,
//! called by `eval::run`'s `unwinding`) — and every compiled frame it passes adds itself with the
//! call site it was at (`compiled_frame`, called by `kiln_rt_trace` from the unwinding path of
//! compiled code's calls). The top level prints the trace of the condition it reports
//! (`print.rs`). Positions come from side tables (`sites.rs`) read only then.

pub mod print;
pub mod sites;

use crate::eval::Code;
use crate::heap::object::tag;
use crate::ir::node::{lambda_of, Lambda};
use crate::obj;
use crate::syntax::datum::Pos;
use crate::value::Value;
use crate::vm::{Unwind, Vm};
use std::collections::VecDeque;

/// Frames kept from the innermost outwards; past this, only the outermost [`TAIL`] are kept and
/// the others counted.
pub const MAX_FRAMES: usize = 10_000;
/// Outermost frames kept once [`MAX_FRAMES`] is reached.
const TAIL: usize = 4;

/// How much of a backtrace an uncaught error prints (`--backtrace`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The message only (what Kiln printed before backtraces existed).
    Off,
    /// The location, and the innermost and outermost frames with repetitions folded.
    Short,
    /// The location and every frame recorded.
    Full,
}

impl Mode {
    /// The mode named `s` (`off`, `short`, `full`).
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "off" => Some(Mode::Off),
            "short" => Some(Mode::Short),
            "full" => Some(Mode::Full),
            _ => None,
        }
    }
}

/// One frame of a backtrace.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// The procedure running in the frame (`None`: not a closure).
    pub lambda: Option<&'static Lambda>,
    /// Where it was: the failing expression (innermost frame) or the call it was making.
    /// `None` when compiled code had no position for the call.
    pub at: Option<Pos>,
}

/// The trace being recorded (see the module docs), and the position tables of compiled code.
#[derive(Default)]
pub struct Trace {
    /// The condition traced, if any. Compared by identity only: it is the payload of the unwind
    /// in flight, which keeps it alive.
    obj: Option<Value>,
    frames: Vec<Frame>,
    tail: VecDeque<Frame>,
    omitted: usize,
    /// Positions of compiled call sites.
    pub sites: sites::JitSites,
}

impl Trace {
    /// Starts tracing the unwind of `obj`, dropping any earlier trace.
    pub fn begin(&mut self, obj: Value) {
        self.obj = Some(obj);
        self.frames.clear();
        self.tail.clear();
        self.omitted = 0;
    }

    /// Whether `u` is the unwind being traced.
    pub fn follows(&self, u: &Unwind) -> bool {
        u.raised().is_some_and(|o| Some(o) == self.obj)
    }

    fn push(&mut self, f: Frame) {
        if self.frames.len() < MAX_FRAMES {
            self.frames.push(f);
            return;
        }
        if self.tail.len() == TAIL {
            self.tail.pop_front();
            self.omitted += 1;
        }
        self.tail.push_back(f);
    }

    /// The frames recorded for condition `obj`, innermost first: the first ones, how many were
    /// dropped after them, and the outermost ones. `None` if `obj` was not traced.
    pub fn of(&self, obj: Value) -> Option<(&[Frame], usize, &VecDeque<Frame>)> {
        (self.obj == Some(obj)).then_some((&self.frames, self.omitted, &self.tail))
    }
}

/// The code of the closure `proc`, if it is one that has bytecode.
fn code_of(proc: Value) -> Option<&'static Code> {
    if !obj::is(proc, tag::CLOSURE) {
        return None;
    }
    lambda_of(proc).bytecode.get().copied()
}

/// The word index of `pc` in `code`, if it points into it.
fn index_in(code: &Code, pc: *const u32) -> Option<u32> {
    let start = code.start() as usize;
    let at = pc as usize;
    (at >= start && at < start + 4 * code.words.len()).then(|| ((at - start) / 4) as u32)
}

/// The running frame of an activation the unwind leaves.
#[derive(Clone, Copy)]
pub struct Running {
    /// Its procedure.
    pub clo: Value,
    /// Its frame (the procedure slot is `fp - 4`).
    pub fp: usize,
    /// A word of the failing instruction.
    pub at: *const u32,
}

/// Unwind `u` leaves frames of an interpreter activation (to a continuation frame that may stop
/// it, or out of the activation): if it is traced, adds the running frame (`None`: the failure
/// was entering the activation's first procedure, or the running frame was recorded already)
/// and the frames of the return records `base..` about to be dropped (each at the call it
/// made), innermost first.
#[cold]
#[inline(never)]
pub fn leave_frames(vm: &mut Vm, u: &Unwind, running: Option<Running>, base: usize) {
    if !vm.trace.follows(u) || vm.config.backtrace == Mode::Off {
        return;
    }
    if let Some(code) = running.and_then(|r| code_of(r.clo).map(|c| (c, r))) {
        let (code, running) = code;
        if let Some(site) = index_in(code, running.at).and_then(|i| sites::lookup(&code.sites, i)) {
            // A tail call to a closure replaced this frame (compiled code's tail calls leave no
            // frame either): only the callee's frames, recorded already, are left.
            let opcode = code.words[site.start as usize];
            // SAFETY: the procedure slot of a live frame.
            let callee = unsafe { *((running.fp - 4) as *const Value) };
            let replaced = crate::eval::is_tail_call(opcode) && obj::is(callee, tag::CLOSURE);
            if !replaced {
                vm.trace.push(Frame {
                    lambda: Some(code.lambda),
                    at: Some(site.pos).filter(|p| p.line != 0),
                });
            }
        }
    }
    for k in (base..vm.control.top).rev() {
        let r = vm.control.get(k);
        // SAFETY: a record's `fp` is a live frame of this activation; its procedure slot at
        // `fp - 4` holds a value. The bottom record (`EXIT`) and segment records (`UNDERFLOW`)
        // point into no closure's code and are skipped.
        let proc = unsafe { *((r.fp - 4) as *const Value) };
        let Some(code) = code_of(proc) else { continue };
        // A return pc is just past its call instruction.
        let Some(i) = index_in(code, r.pc).filter(|&i| i > 0) else {
            continue;
        };
        vm.trace.push(Frame {
            lambda: Some(code.lambda),
            at: sites::position(&code.sites, i - 1),
        });
    }
}

/// A compiled frame of `proc` passes the unwind parked in the VM; it was at call site `site`.
pub fn compiled_frame(vm: &mut Vm, proc: Value, site: u32) {
    let traced = vm.pending.as_ref().is_some_and(|u| vm.trace.follows(u));
    if !traced || vm.config.backtrace == Mode::Off {
        return;
    }
    let lambda = obj::is(proc, tag::CLOSURE).then(|| lambda_of(proc));
    let at = vm.trace.sites.pos(site);
    vm.trace.push(Frame { lambda, at });
}
