//! Batching and linking. Candidates queue up; a *flush* compiles the whole queue into one aux
//! module and hands it to the host (`kiln:jit` `link`), or parks it for a host that pulls.
//!
//! Batch policy: under `--jit=on` a lambda becomes a candidate when its call count reaches the
//! threshold; the queue is flushed when it holds `BATCH` candidates or when `threshold` more calls
//! have happened since the first candidate queued, so a lone hot lambda waits at most that long and
//! a program warming up many lambdas pays one module compile (≈0.5 ms + size) per batch, not per
//! lambda. Under `--jit=eager` every lambda is flushed at its first call.
//!
//! Background compilation (`jit-compile=background`, `--jit=on` only): a flush *submits* the
//! module and the interpreter goes on running its lambdas interpreted while the host compiles it;
//! `poll` (called from the hotness path every `POLL_EVERY` calls while modules are in flight) links
//! the finished ones — their patch function runs then, on the guest's thread — and records the
//! outcome. At most `MAX_IN_FLIGHT` modules are in flight; meanwhile the queue keeps growing and
//! the next flush takes all of it. What lowering assumed stays true until the patch: every
//! assumption about a global is a run-time guard, lambda records never die, guarded primitives
//! and known callees' closures are roots from the flush on, and constants matter only when a
//! closure of their code unit runs — the closure keeps them alive (ARCHITECTURE.md, "How the JIT
//! installs code").

use super::lower;
use crate::ir::node::{JitState, Lambda};
use crate::value::Value;
use crate::vm::Vm;
use kiln_jit::ir::{Batch, VmAddrs};
use std::collections::{HashMap, VecDeque};
use std::time::Instant;

/// Flush when this many candidates are queued.
pub const BATCH: usize = 32;
/// Stop creating modules past this many in one run (each is an instance the host keeps).
pub const MAX_MODULES: u32 = 5_000;
/// Background compilation: most modules submitted and not yet linked (one compiling, one queued).
pub const MAX_IN_FLIGHT: usize = 2;
/// Background compilation: poll the host once per this many interpreted calls (a power of two).
pub const POLL_EVERY: u64 = 64;

/// The JIT's queue and link state.
#[derive(Default)]
pub struct Jit {
    pub queue: Vec<&'static Lambda>,
    /// Calls counted when the first queued candidate arrived.
    pub first_queued_at: u64,
    /// Total interpreted calls counted.
    pub calls: u64,
    /// Pull model: the last module waiting for the host to fetch it, and its lambdas.
    pub pending: Option<(Vec<u8>, Vec<&'static Lambda>)>,
    /// Pull model is on (`jit-link=pull`).
    pub pull: bool,
    /// Background compilation is on (`jit-compile=background`; used under `--jit=on` only).
    pub background: bool,
    /// Background compilation: the lambdas of each submitted module not yet linked, oldest first
    /// (the host links in submission order).
    pub in_flight: VecDeque<Vec<&'static Lambda>>,
    /// Fault injection (`jit-fault=corrupt`): corrupt every module before linking.
    pub corrupt: bool,
    /// Bundles: the lambda each global (by cell address) will hold once the program's top-level
    /// definitions have run — a bundle compiles before any has. Lowering uses it for globals still
    /// unbound; the call's guard keeps that right if the program does otherwise.
    pub expected: HashMap<u32, &'static Lambda>,
    /// The objects compiled code compares against in its guards: the primitives of inline fast
    /// paths and the closures of known calls (`kiln_jit::ir::Call::closure`). Compiled code
    /// holds their addresses, so they must never be freed: a new object at the same address
    /// would pass the guard (a root of the collector).
    pub guarded: Vec<Value>,
}

/// Compiles and links everything queued.
pub fn flush(vm: &mut Vm) {
    let queue = std::mem::take(&mut vm.jit.queue);
    if queue.is_empty() {
        return;
    }
    if vm.stats.modules >= MAX_MODULES {
        decline(vm, &queue);
        return;
    }
    let start = Instant::now();
    let (accepted, refused): (Vec<_>, Vec<_>) = queue.into_iter().partition(|l| lower::accepts(l));
    decline(vm, &refused);
    if accepted.is_empty() {
        return;
    }
    let Lowered {
        own: accepted,
        functions,
        guarded,
        contified,
    } = lower_batch(vm, accepted);
    for g in guarded {
        if !vm.jit.guarded.contains(&g) {
            vm.jit.guarded.push(g);
        }
    }
    let sp = &vm.stack.sp as *const usize as usize as u32;
    let stack_limit = &vm.stack.jit_limit as *const usize as usize as u32;
    let depth = &vm.depth as *const u32 as usize as u32;
    let depth_limit = &vm.depth_limit as *const u32 as usize as u32;
    let batch = Batch {
        functions,
        vm: VmAddrs {
            sp,
            stack_limit,
            depth,
            depth_limit,
            region: crate::heap::region::address(),
            generic_entry: super::generic_code(),
        },
    };
    let mut bytes = kiln_jit::assemble(&batch);
    if vm.jit.corrupt {
        corrupt(&mut bytes);
    }
    vm.stats.generate += start.elapsed();
    vm.stats.modules += 1;
    vm.stats.bytes += bytes.len();
    for l in &accepted {
        l.jit.set(JitState::Compiled);
    }
    vm.stats.contified += contified.len() as u32;
    // The loops compiled into their enclosing functions go with them to the host: `linked`
    // records the outcome for them too (`Inlined`, or `Cold` again if the module failed).
    let mut accepted = accepted;
    for l in contified {
        if matches!(l.jit.get(), JitState::Cold | JitState::Queued) {
            l.jit.set(JitState::Contified);
            accepted.push(l);
        }
    }
    if vm.jit.pull {
        if let Some((_, old)) = vm.jit.pending.replace((bytes, accepted)) {
            decline(vm, &old);
        }
        return;
    }
    if vm.jit.background && vm.config.jit == crate::vm::config::JitMode::On {
        submit(vm, &bytes, accepted);
        return;
    }
    link(vm, &bytes, &accepted);
}

impl Jit {
    /// Background compilation has room for another module.
    pub fn can_submit(&self) -> bool {
        self.in_flight.len() < MAX_IN_FLIGHT
    }
}

/// Hands a module to the host's compile thread; a refusal is a failed link.
fn submit(vm: &mut Vm, bytes: &[u8], lambdas: Vec<&'static Lambda>) {
    let start = Instant::now();
    let status = super::host::submit(bytes);
    vm.stats.link += start.elapsed();
    if status < 0 {
        linked(vm, status, &lambdas);
    } else {
        vm.stats.submitted += 1;
        vm.jit.in_flight.push_back(lambdas);
    }
}

/// Links every module the host has finished compiling (a safe point: the caller has synced the
/// interpreter's state, as for a flush).
pub fn poll(vm: &mut Vm) {
    while !vm.jit.in_flight.is_empty() {
        let start = Instant::now();
        let status = super::host::poll();
        vm.stats.link += start.elapsed();
        if status == 0 {
            return;
        }
        let lambdas = vm.jit.in_flight.pop_front().unwrap_or_default();
        linked(vm, status, &lambdas);
    }
}

/// Hands a module to the host and records the outcome.
fn link(vm: &mut Vm, bytes: &[u8], lambdas: &[&'static Lambda]) {
    let start = Instant::now();
    let status = super::host::link(bytes);
    vm.stats.link += start.elapsed();
    linked(vm, status, lambdas);
}

/// A flush's lowered batch.
struct Lowered {
    /// The lambdas that get functions of their own, in function order.
    own: Vec<&'static Lambda>,
    functions: Vec<kiln_jit::ir::Function>,
    /// The primitive objects the functions' guards compare against.
    guarded: Vec<Value>,
    /// The lambdas of the loops contified into the functions.
    contified: Vec<&'static Lambda>,
}

/// Lowers the accepted lambdas of a flush. A lambda whose loop is contified into another
/// function of the batch gets no function of its own as well (its body would be compiled twice).
fn lower_batch(vm: &Vm, accepted: Vec<&'static Lambda>) -> Lowered {
    let lower_all = |own: Vec<&'static Lambda>| {
        let (mut guarded, mut contified) = (Vec::new(), Vec::new());
        let functions = own
            .iter()
            .map(|l| lower::lower(vm, l, &own, &mut guarded, &mut contified))
            .collect();
        Lowered {
            own,
            functions,
            guarded,
            contified,
        }
    };
    let first = lower_all(accepted);
    let inner = |l: &&'static Lambda| first.contified.iter().any(|c| std::ptr::eq(*c, *l));
    if !first.own.iter().any(inner) {
        return first;
    }
    // Function numbers are positions in the batch: lower again without the contified loops.
    // Their removal changes no contification decision (a loop is contified into the one lambda
    // that lexically encloses it, whatever the batch holds), so once is enough.
    let own = first.own.iter().copied().filter(|l| !inner(l)).collect();
    lower_all(own)
}

/// Records a link outcome (`status` < 0: the host refused or failed).
pub fn linked(vm: &mut Vm, status: i32, lambdas: &[&'static Lambda]) {
    if status >= 0 {
        for l in lambdas {
            if l.jit.get() == JitState::Contified {
                // Its enclosing function's code now runs the loop. Only activations that were
                // interpreted before still make closures of it: should they keep running it
                // (a long loop), it gets hot again and is compiled on its own after all.
                l.jit.set(JitState::Inlined);
                l.calls.set(0);
            } else {
                vm.stats.compiled += 1;
            }
        }
        return;
    }
    vm.stats.link_failures += 1;
    vm.stats.last_failure =
        Some(super::host::last_error().unwrap_or_else(|| format!("status {status}")));
    decline(vm, lambdas);
}

fn decline(vm: &mut Vm, lambdas: &[&'static Lambda]) {
    for l in lambdas {
        if l.jit.get() == JitState::Contified {
            // Its enclosing function stays interpreted: it may be compiled on its own.
            l.jit.set(JitState::Cold);
            continue;
        }
        l.jit.set(JitState::Declined);
        l.code.set(0);
        vm.stats.declined += 1;
    }
}

/// Damages a module the way a bad transport would (fault injection).
fn corrupt(bytes: &mut [u8]) {
    let n = bytes.len();
    for i in (8..n).step_by(7) {
        bytes[i] ^= 0x5A;
    }
}
