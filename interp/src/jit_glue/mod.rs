//! The interpreter's side of the JIT: counting calls, queueing hot lambdas, lowering and flushing
//! them into aux modules (`flush`), the host link capability (`host`), the runtime functions JIT code
//! calls (`rt`), and statistics.

mod contify;
pub mod entry;
pub mod flush;
pub mod host;
pub mod lower;
pub mod rt;
pub mod stats;

use crate::heap::gc::Marker;
use crate::ir::node::{JitState, Lambda};
use crate::vm::config::JitMode;
use crate::vm::Vm;

/// The code-slot value of every procedure without compiled code (the generic entry's table index).
pub fn generic_code() -> u32 {
    rt::generic_entry as *const () as usize as u32
}

/// A contified loop whose enclosing lambda's code is linked (`JitState::Inlined`) is compiled on
/// its own once interpreted activations made before have called it this many times the threshold
/// since: a long loop still running interpreted, worth a second copy of its body. Short ones end
/// first (fft's inner loop runs at most 2048 iterations in the activation under way).
pub const REHOT: u32 = 16;

/// Called on every interpreted closure call: counts, queues, flushes.
#[inline]
pub fn note_call(vm: &mut Vm, lam: &'static Lambda) {
    let calls = lam.calls.get().wrapping_add(1);
    lam.calls.set(calls);
    if vm.config.jit != JitMode::Off {
        note_hot(vm, lam, calls);
    }
}

/// The JIT's part of `note_call` (the interpreter's fast path counts `calls` itself and calls
/// this only when the JIT is on): queues and flushes.
pub fn note_hot(vm: &mut Vm, lam: &'static Lambda, calls: u32) {
    match vm.config.jit {
        JitMode::Off => {}
        JitMode::Eager => {
            if matches!(lam.jit.get(), JitState::Cold | JitState::Inlined) {
                enqueue(vm, lam);
                // In pull mode the host decides when to flush (`kiln_jit_flush`).
                if !vm.jit.pull {
                    flush::flush(vm);
                }
            }
        }
        JitMode::On => {
            vm.jit.calls += 1;
            if !vm.jit.in_flight.is_empty() && vm.jit.calls.is_multiple_of(flush::POLL_EVERY) {
                flush::poll(vm);
            }
            // A poll may have just linked the module `lam` was contified in, which reset its
            // count: the count before would have it queued again at once.
            let calls = calls.min(lam.calls.get());
            let hot = match lam.jit.get() {
                JitState::Cold => calls >= vm.config.jit_threshold,
                JitState::Inlined => calls >= vm.config.jit_threshold.saturating_mul(REHOT),
                _ => false,
            };
            if hot {
                enqueue(vm, lam);
            }
            if !vm.jit.queue.is_empty() && !vm.jit.pull && vm.jit.can_submit() {
                let waited = vm.jit.calls - vm.jit.first_queued_at;
                if vm.jit.queue.len() >= flush::BATCH || waited >= vm.config.jit_threshold as u64 {
                    flush::flush(vm);
                }
            }
        }
    }
}

/// Makes `lam` a candidate for the next flush.
pub fn enqueue(vm: &mut Vm, lam: &'static Lambda) {
    if vm.jit.queue.is_empty() {
        vm.jit.first_queued_at = vm.jit.calls;
    }
    lam.jit.set(JitState::Queued);
    vm.stats.seen += 1;
    vm.jit.queue.push(lam);
}

/// Roots held by the JIT glue: the payload of a parked unwind.
pub fn mark_roots(vm: &Vm, m: &mut Marker) {
    m.mark_all(&vm.jit.guarded);
    if let Some(u) = &vm.pending {
        m.mark(u.payload());
    }
}

/// End of a run: prints `--jit-stats` if asked.
pub fn finish(vm: &mut Vm) {
    if vm.config.jit_stats {
        let report = vm.stats.report() + "\n";
        crate::io::print_err(vm, &report);
    }
    if vm.config.gc_stats {
        let run = vm
            .heap
            .stats
            .started
            .map(|s| s.elapsed())
            .unwrap_or_default();
        let report = vm.heap.stats.report(run, vm.heap.heap_bytes()) + "\n";
        crate::io::print_err(vm, &report);
    }
}
