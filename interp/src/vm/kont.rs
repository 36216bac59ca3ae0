//! Continuation frames: how a primitive calls a procedure without native recursion.
//!
//! A primitive that must call a procedure and then go on (`map`, `dynamic-wind`, `force`…) does
//! not call it from Rust. It turns its own frame into a *continuation frame* of some [`Kind`] —
//! the state it needs afterwards, in value-stack slots (so the collector sees them) — stages the
//! call above it and returns [`Value::KCALL`]. The run loop pushes a return record whose code is
//! the kind's `KONT` instruction (`eval::run`) and performs the staged call; when the callee
//! returns, the loop hands its value to the kind's resume function (`control::kont`), which may
//! stage the next call, make a tail call, return a value or raise. So recursion *through* such
//! primitives is as stackless as interpreted recursion.
//!
//! Kinds that restore state on the way out (`dynamic-wind`, handlers, `parameterize`, `guard`,
//! `call/cc`) also have an unwind function: an unwind inside the loop walks the records down to
//! the innermost such frame (`eval::run`'s `unwinding`), which either catches it (its result is
//! then the frame's result) or passes it on.
//!
//! Layout: the frame's procedure slot (`kfp - 4`) still holds the primitive; slot 0 at `kfp` is
//! the fixnum `m`, the frame's size in slots (state included); the staged call's procedure slot
//! is `kfp + 4m`.

use super::{Vm, R};
use crate::value::Value;
use std::mem::MaybeUninit;

/// Slots of room kept above a staged call, for the callee's first pushes.
const MARGIN: usize = 16;

/// Return records a staging may push: the primitive call's own continuation, an `UNDERFLOW`
/// record when the frame moved to a new segment, and the continuation frame's record.
pub const RECORDS: usize = 3;

/// The kinds of continuation frame. The numbers are the `KONT` instruction's operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Kind {
    Map,
    ForEach,
    VectorMap,
    VectorForEach,
    StringMap,
    StringForEach,
    CallWithValues,
    WindBefore,
    WindBody,
    WindAfter,
    WindUnwind,
    Handler,
    Raise,
    Guard,
    GuardAsk,
    Parameterize,
    Force,
    CallCc,
}

/// Number of kinds.
pub const KINDS: u32 = 18;

impl Kind {
    /// The kind numbered `n` (`n < KINDS`).
    pub fn from_u32(n: u32) -> Kind {
        assert!(n < KINDS, "bad continuation kind {n}");
        // SAFETY: `Kind` is a `repr(u32)` enum of `KINDS` values numbered from 0.
        unsafe { std::mem::transmute::<u32, Kind>(n) }
    }

    /// Whether an unwind passing through a frame of this kind stops there (to restore state,
    /// run an after thunk, or be caught).
    pub fn catches(self) -> bool {
        use Kind::*;
        matches!(
            self,
            WindBody | Handler | Raise | Guard | Parameterize | CallCc
        )
    }
}

/// A call staged by [`Vm::call_then`], for the run loop to perform.
#[derive(Clone, Copy, Debug)]
pub struct Staged {
    pub kind: Kind,
    /// The continuation frame (address of its slot 0).
    pub kfp: usize,
    /// Non-zero when the frame had to move to a new segment: the `fp` of the `UNDERFLOW` record
    /// that goes back (the value is then due at `under - 4`, the primitive's old slot).
    pub under: usize,
    /// The staged call's procedure slot and argument count.
    pub fs: usize,
    pub argc: usize,
}

impl Vm {
    /// From a primitive running in the frame at `fslot` (or a resume function of the frame at
    /// `fslot + 4`): makes that frame a continuation frame of `kind` holding `state`, stages the
    /// call of `f` on `args` above it and returns `Value::KCALL`, which the primitive returns.
    /// `state` and `args` may be slices of that frame.
    pub fn call_then(
        &mut self,
        fslot: usize,
        kind: Kind,
        state: &[Value],
        f: Value,
        args: &[Value],
    ) -> R<Value> {
        self.reserve_records(RECORDS)?;
        // Copies: both may alias the slots written below. Nothing allocates from the heap until
        // they are back on the stack, so the copies need no protection.
        let mut copy = Buf::new();
        copy.extend(state);
        copy.extend(args);
        let (state, args) = copy.as_slice().split_at(state.len());
        let m = state.len() + 1;
        let need = m + 1 + args.len() + MARGIN;
        let (kfp, under) = if fslot + 4 + 4 * need <= self.stack.limit {
            (fslot + 4, 0)
        } else {
            let p = self.stack.get(fslot);
            self.stack.sp = fslot + 4;
            if self.stack.push_segment(need + 1).is_none() {
                return Err(self.out_of_memory());
            }
            let base = self.stack.sp;
            self.stack.set(base, p);
            (base + 4, fslot + 4)
        };
        self.stack.set(kfp, Value::fixnum(m as i32));
        for (i, &v) in state.iter().enumerate() {
            self.stack.set(kfp + 4 * (i + 1), v);
        }
        let fs = kfp + 4 * m;
        self.stack.set(fs, f);
        for (i, &v) in args.iter().enumerate() {
            self.stack.set(fs + 4 * (i + 1), v);
        }
        self.stack.sp = fs + 4 * (args.len() + 1);
        self.staged = Some(Staged {
            kind,
            kfp,
            under,
            fs,
            argc: args.len(),
        });
        Ok(Value::KCALL)
    }

    /// From a resume function of the continuation frame at `kfp` (of `kind`), whose state it
    /// has updated in place: stages the next call of `f` on `arg` above the frame, as
    /// [`Vm::call_then`] would with the same state, without copying it. The frame's segment had
    /// room for the previous call of one argument, so it has for this one.
    pub fn call_again(&mut self, kfp: usize, kind: Kind, f: Value, arg: Value) -> R<Value> {
        self.reserve_records(RECORDS)?;
        let fs = self.kont_end(kfp);
        if fs + 4 * (2 + MARGIN) > self.stack.limit {
            let state = Buf::from(self.kont_state(kfp));
            return self.call_then(kfp - 4, kind, state.as_slice(), f, &[arg]);
        }
        self.stack.set(fs, f);
        self.stack.set(fs + 4, arg);
        self.stack.sp = fs + 8;
        self.staged = Some(Staged {
            kind,
            kfp,
            under: 0,
            fs,
            argc: 1,
        });
        Ok(Value::KCALL)
    }

    /// State slot `i` of the continuation frame at `kfp`.
    #[inline]
    pub fn kont_get(&self, kfp: usize, i: usize) -> Value {
        self.stack.get(kfp + 4 * (i + 1))
    }

    /// Sets state slot `i` of the continuation frame at `kfp`.
    #[inline]
    pub fn kont_set(&mut self, kfp: usize, i: usize, v: Value) {
        self.stack.set(kfp + 4 * (i + 1), v)
    }

    /// The state of the continuation frame at `kfp`, as a slice of the stack.
    pub fn kont_state<'a>(&self, kfp: usize) -> &'a [Value] {
        let m = self.stack.get(kfp).fixnum_value() as usize;
        self.stack.slice(kfp + 4, m - 1)
    }

    /// Stack pointer just above the continuation frame at `kfp` (where its state ends).
    pub fn kont_end(&self, kfp: usize) -> usize {
        kfp + 4 * self.stack.get(kfp).fixnum_value() as usize
    }
}

/// Values kept in place up to a small count, on the Rust heap beyond (no allocation for the
/// common staged calls: a few state slots, a few arguments).
pub struct Buf {
    /// The first `min(len, INLINE)` are initialised. Left uninitialised otherwise: a `Buf` is
    /// made for every staged call (`call_then`, `apply`, `map`…), and writing the whole array
    /// first cost more than the copies it holds.
    inline: [MaybeUninit<Value>; Buf::INLINE],
    len: usize,
    heap: Vec<Value>,
}

impl Buf {
    const INLINE: usize = 24;

    /// An empty buffer.
    pub fn new() -> Buf {
        Buf {
            inline: [const { MaybeUninit::uninit() }; Buf::INLINE],
            len: 0,
            heap: Vec::new(),
        }
    }

    /// Appends `v`.
    #[inline]
    pub fn push(&mut self, v: Value) {
        if self.len < Buf::INLINE {
            self.inline[self.len] = MaybeUninit::new(v);
        } else {
            if self.heap.is_empty() {
                let full = initialised(&self.inline, Buf::INLINE);
                self.heap.extend_from_slice(full);
            }
            self.heap.push(v);
        }
        self.len += 1;
    }

    /// Appends every value of `vs`.
    pub fn extend(&mut self, vs: &[Value]) {
        for &v in vs {
            self.push(v);
        }
    }

    /// Appends the elements of the list `l`; false if it is not a proper list (improper, or
    /// circular: found by a second walker at half speed, as `obj::list_to_vec` does).
    pub fn push_list(&mut self, mut l: Value) -> bool {
        let (mut slow, mut n) = (l, 0usize);
        while crate::obj::is_pair(l) {
            self.push(crate::obj::car(l));
            l = crate::obj::cdr(l);
            n += 1;
            if n % 2 == 0 {
                slow = crate::obj::cdr(slow);
                if slow == l && crate::obj::is_pair(l) {
                    return false;
                }
            }
        }
        l.is_null()
    }

    /// The values pushed.
    pub fn as_slice(&self) -> &[Value] {
        if self.len <= Buf::INLINE {
            initialised(&self.inline, self.len)
        } else {
            &self.heap
        }
    }
}

/// The first `n` values of `inline`, which the caller knows are initialised.
fn initialised(inline: &[MaybeUninit<Value>], n: usize) -> &[Value] {
    assert!(n <= inline.len());
    // SAFETY: `Buf::push` initialised the first min(len, INLINE) inline values, and callers ask
    // for no more; `MaybeUninit<Value>` has `Value`'s layout.
    unsafe { std::slice::from_raw_parts(inline.as_ptr().cast::<Value>(), n) }
}

impl From<&[Value]> for Buf {
    fn from(vs: &[Value]) -> Buf {
        let mut b = Buf::new();
        b.extend(vs);
        b
    }
}

impl Default for Buf {
    fn default() -> Self {
        Buf::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Buf;
    use crate::value::Value;

    #[test]
    fn buf_keeps_every_value_in_order_past_its_inline_room() {
        for n in [
            0,
            1,
            Buf::INLINE - 1,
            Buf::INLINE,
            Buf::INLINE + 1,
            3 * Buf::INLINE,
        ] {
            let mut b = Buf::new();
            let want: Vec<Value> = (0..n as i32).map(Value::fixnum).collect();
            b.extend(&want[..n / 2]);
            for &v in &want[n / 2..] {
                b.push(v);
            }
            assert_eq!(b.as_slice(), &want[..], "{n} values");
        }
    }
}
