//! The optimizing tier's frame variables: each frame slot of a parameter or `let`-bound variable
//! is cached in a Wasm local, so a use is a `local.get`, not a load. The frame slot stays the
//! variable's home for everyone else — the collector, which scans the value stack, and the
//! runtime, which reads captured variables from the frame when it makes a closure — so a variable
//! assigned since it was last stored is *dirty*, and every dirty variable is stored at each
//! safepoint (before any call into the runtime or another procedure: `Emitter::sync_sp`).
//!
//! Why nothing is reloaded after a safepoint: the collector does not move objects, and a frame
//! slot is private to its function (closures copy values; `set!` of a captured variable goes
//! through a box, which is not cached), so the local and the slot stay equal until the function
//! itself assigns one.
//!
//! Dirtiness is tracked per emission path. Code that runs only on some paths (an `if` arm, an
//! inline primitive's fast or slow path, a branch that leaves the function) is emitted inside
//! [`Emitter::conditional`]: what it stores does not count as stored after it, and what it
//! dirties does.

use super::{mem, Emitter};
use wasm_encoder::Instruction as I;

/// Frames with more variables than this keep them in linear memory (Wasm local limits, and
/// Cranelift's compile time grows with the number of locals).
pub const MAX_CACHED: u32 = 256;

/// The cached variables of one function.
#[derive(Clone, Debug)]
pub(crate) struct Vars {
    /// Wasm local of frame slot 0; slot `n` is local `first + n`.
    pub first: u32,
    /// Frame slots cached: `0..count`.
    pub count: u32,
    /// Slots whose local may differ from the frame.
    pub dirty: Vec<bool>,
}

impl Vars {
    pub fn new(first: u32, count: u32) -> Vars {
        Vars {
            first,
            count,
            dirty: vec![false; count as usize],
        }
    }

    /// The local caching slot `n`, if it is cached.
    pub fn local(&self, n: u32) -> Option<u32> {
        (n < self.count).then_some(self.first + n)
    }
}

impl Emitter<'_> {
    /// The local caching frame slot `n` (optimizing tier only).
    pub(crate) fn var_local(&self, n: u32) -> Option<u32> {
        self.vars.as_ref().and_then(|v| v.local(n))
    }

    /// Stores every dirty variable that may be read later to its frame slot (at a safepoint;
    /// the dead ones stay dirty: see `live.rs`).
    pub(crate) fn spill_dirty(&mut self) {
        let Some(vars) = &mut self.vars else { return };
        let live = &self.live;
        let dirty: Vec<u32> = (0..vars.count)
            .filter(|&n| vars.dirty[n as usize] && live[n as usize])
            .collect();
        let first = vars.first;
        for &n in &dirty {
            vars.dirty[n as usize] = false;
        }
        for n in dirty {
            self.emit(I::LocalGet(super::ARGV));
            self.emit(I::LocalGet(first + n));
            self.emit(I::I32Store(mem(4 * n)));
        }
    }

    /// Marks the parameters dirty: at the head of the self-call loop, whose back edges assign
    /// them. (A `let` variable dirty on a back edge is dead at the head — it is bound again before
    /// it is used — and its frame slot, stale, still holds a valid object: the frame is a root.)
    pub(crate) fn params_dirty(&mut self) {
        let nreq = self.func.nreq as usize;
        if let Some(vars) = &mut self.vars {
            vars.dirty.iter_mut().take(nreq).for_each(|d| *d = true);
        }
    }

    /// Emits code that runs on some paths only; returns the dirty set at its end (to merge at the
    /// join with [`Emitter::join`]) and leaves the current one as it was before.
    pub(crate) fn conditional(&mut self, f: impl FnOnce(&mut Self)) -> Option<Vec<bool>> {
        let before = self.vars.as_ref().map(|v| v.dirty.clone());
        f(self);
        match (&mut self.vars, before) {
            (Some(v), Some(before)) => Some(std::mem::replace(&mut v.dirty, before)),
            _ => None,
        }
    }

    /// The dirty set after a join of paths that ended with `states` (union: dirty on any path).
    pub(crate) fn join(&mut self, states: &[Option<Vec<bool>>]) {
        let Some(vars) = &mut self.vars else { return };
        for (n, d) in vars.dirty.iter_mut().enumerate() {
            *d = states.iter().flatten().any(|s| s[n]);
        }
    }
}
