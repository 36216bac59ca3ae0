//! The value stack: the interpreter's (and JIT code's) frames, and the main GC root.
//!
//! A chain of segments. A segment never moves, so frame addresses handed to JIT code stay valid;
//! a frame that does not fit in the current segment starts a new one (the interpreter copies the
//! procedure and arguments there and records the switch in its control stack; JIT code does the
//! same through the runtime, see `jit_glue::rt::kiln_rt_grow`). The stack thus grows until memory
//! runs out, and then the caller raises the out-of-memory condition instead of trapping.
//!
//! Addresses are byte addresses in linear memory; a frame is `[procedure][arg0][arg1]…[locals…]`
//! and `fp` is the address of `arg0`. The collector scans every segment from its base to its top
//! (`sp` for the current one).

use crate::value::Value;
use std::alloc::{GlobalAlloc, Layout, System};

/// Bytes of the first segment.
pub const FIRST_SEGMENT: usize = 1 << 20;
/// Segments double in size up to this many bytes (a frame bigger than that gets its own size).
pub const MAX_SEGMENT: usize = 64 << 20;
/// Bytes past `jit_limit` that compiled code may still use (its prologue compares its frame's
/// end against `jit_limit`; runtime functions it calls may push a few values).
pub const JIT_MARGIN: usize = 256;

/// A segment below the current one.
#[derive(Clone, Copy, Debug)]
struct Segment {
    base: usize,
    limit: usize,
    /// The stack pointer when the segment was left: its live part is `base..top`.
    top: usize,
}

/// See the module docs.
pub struct Stack {
    /// Address of the first free slot.
    pub sp: usize,
    /// Address of the current segment's slot 0.
    pub base: usize,
    /// Address one past the current segment's last usable slot.
    pub limit: usize,
    /// `limit - JIT_MARGIN`: compiled code's prologues read this word (its address is in the
    /// JIT's `VmAddrs`), so it changes with the segment.
    pub jit_limit: usize,
    /// The segments below the current one, innermost last.
    below: Vec<Segment>,
    /// A freed segment kept for the next switch (so that a recursion going up and down across a
    /// segment boundary does not allocate each time): `(base, size)`.
    spare: Option<(usize, usize)>,
}

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).expect("stack segment layout")
}

/// Allocates `size` bytes for a segment straight from the system allocator: a segment that cannot
/// be had is the out-of-memory *condition* (the caller raises it), not the allocator's
/// out-of-memory path, which would release its reserve and could end the program.
fn allocate(size: usize) -> Option<usize> {
    // SAFETY: a non-zero layout; freed with the same layout in `free`.
    let p = unsafe { System.alloc(layout(size)) };
    (!p.is_null()).then_some(p as usize)
}

fn free(base: usize, size: usize) {
    // SAFETY: `base` came from `allocate(size)` and is freed once.
    unsafe { System.dealloc(base as *mut u8, layout(size)) }
}

impl Stack {
    /// A stack with a first segment of `bytes`.
    pub fn new(bytes: usize) -> Stack {
        let base = allocate(bytes).expect("memory for the first stack segment");
        Stack {
            sp: base,
            base,
            limit: base + bytes,
            jit_limit: base + bytes - JIT_MARGIN,
            below: Vec::new(),
            spare: None,
        }
    }

    /// Pushes `v`; false when the segment is full.
    #[inline]
    pub fn push(&mut self, v: Value) -> bool {
        if self.sp >= self.limit {
            return false;
        }
        self.set(self.sp, v);
        self.sp += 4;
        true
    }

    /// The value at `addr`.
    #[inline]
    pub fn get(&self, addr: usize) -> Value {
        // SAFETY: addr is a slot of a segment (callers keep to their frames).
        unsafe { *(addr as *const Value) }
    }

    /// Stores `v` at `addr`.
    #[inline]
    pub fn set(&mut self, addr: usize, v: Value) {
        // SAFETY: as for `get`.
        unsafe { *(addr as *mut Value) = v }
    }

    /// The `n` values starting at `addr`.
    ///
    /// The slice aliases the stack: callers may push above `addr + 4n` while holding it but must not
    /// write inside it.
    #[inline]
    pub fn slice<'a>(&self, addr: usize, n: usize) -> &'a [Value] {
        // SAFETY: the range lies inside a segment, which lives while its frames do.
        unsafe { std::slice::from_raw_parts(addr as *const Value, n) }
    }

    /// Calls `f` on the live part of every segment (the GC roots).
    pub fn for_each_live(&self, mut f: impl FnMut(&[Value])) {
        for s in &self.below {
            f(self.slice(s.base, (s.top - s.base) / 4));
        }
        f(self.slice(self.base, (self.sp - self.base) / 4));
    }

    /// Whether `n` more slots fit in the current segment.
    #[inline]
    pub fn has_room(&self, n: usize) -> bool {
        self.sp + n * 4 <= self.limit
    }

    /// Segments below the current one (a mark for `pop_to`).
    #[inline]
    pub fn segments(&self) -> usize {
        self.below.len()
    }

    /// Starts a new segment with room for at least `slots` slots and makes it current; `sp` is
    /// its base. The old segment's live part ends at the `sp` it had. `None` if memory is out.
    pub fn push_segment(&mut self, slots: usize) -> Option<()> {
        let need = slots * 4 + JIT_MARGIN;
        let size = (self.limit - self.base).saturating_mul(2).min(MAX_SEGMENT);
        let size = size.max(need.next_power_of_two()).max(FIRST_SEGMENT);
        let base = match self.spare {
            Some((b, s)) if s >= need => {
                self.spare = None;
                (b, s)
            }
            _ => (allocate(size)?, size),
        };
        self.below.push(Segment {
            base: self.base,
            limit: self.limit,
            top: self.sp,
        });
        self.set_current(base.0, base.1);
        Some(())
    }

    fn set_current(&mut self, base: usize, size: usize) {
        self.base = base;
        self.limit = base + size;
        self.jit_limit = self.limit - JIT_MARGIN;
        self.sp = base;
    }

    /// Leaves the current segment for the one below it (whose top becomes `sp`). The segment
    /// left is kept as the spare (the previous spare is freed).
    pub fn pop_segment(&mut self) {
        let s = self.below.pop().expect("a segment below the current one");
        let left = (self.base, self.limit - self.base);
        match self.spare {
            Some((_, size)) if size >= left.1 => free(left.0, left.1),
            old => {
                if let Some((b, size)) = old {
                    free(b, size);
                }
                self.spare = Some(left);
            }
        }
        self.base = s.base;
        self.limit = s.limit;
        self.jit_limit = s.limit - JIT_MARGIN;
        self.sp = s.top;
    }

    /// Pops segments until `mark` remain below the current one (after an unwind).
    pub fn pop_to(&mut self, mark: usize) {
        while self.below.len() > mark {
            self.pop_segment();
        }
    }

    /// Bytes of all segments (for tests and statistics).
    pub fn reserved(&self) -> usize {
        self.below.iter().map(|s| s.limit - s.base).sum::<usize>() + (self.limit - self.base)
    }
}
