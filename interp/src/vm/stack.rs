//! The value stack: the interpreter's (and JIT code's) frames, and the main GC root.
//!
//! A fixed buffer that never moves, so frame addresses handed to JIT code stay valid. Addresses are
//! byte addresses in linear memory; a frame is `[procedure][arg0][arg1]…[locals…]` and `fp` is the
//! address of `arg0`. Everything between `base` and `sp` is scanned by the collector.

use crate::value::Value;

/// Slots in the value stack (4 bytes each).
pub const DEFAULT_SLOTS: usize = 2 << 20;

/// See the module docs.
pub struct Stack {
    /// Address of the first free slot.
    pub sp: usize,
    /// Address of slot 0.
    pub base: usize,
    /// Address one past the last usable slot.
    pub limit: usize,
    _buf: Box<[Value]>,
}

impl Stack {
    /// A stack of `slots` slots.
    pub fn new(slots: usize) -> Stack {
        let buf = vec![Value::VOID; slots].into_boxed_slice();
        let base = buf.as_ptr() as usize;
        Stack {
            sp: base,
            base,
            limit: base + slots * 4,
            _buf: buf,
        }
    }

    /// Pushes `v`; false when the stack is full.
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
        debug_assert!(addr >= self.base && addr < self.limit);
        // SAFETY: addr is a slot of the buffer (checked in debug builds).
        unsafe { *(addr as *const Value) }
    }

    /// Stores `v` at `addr`.
    #[inline]
    pub fn set(&mut self, addr: usize, v: Value) {
        debug_assert!(addr >= self.base && addr < self.limit);
        // SAFETY: as for `get`.
        unsafe { *(addr as *mut Value) = v }
    }

    /// The `n` values starting at `addr`.
    ///
    /// The slice aliases the stack: callers may push above `addr + 4n` while holding it but must not
    /// write inside it.
    #[inline]
    pub fn slice<'a>(&self, addr: usize, n: usize) -> &'a [Value] {
        // SAFETY: the range lies inside the buffer, which lives as long as the VM.
        unsafe { std::slice::from_raw_parts(addr as *const Value, n) }
    }

    /// The live part of the stack (the GC roots).
    pub fn live(&self) -> &[Value] {
        self.slice(self.base, (self.sp - self.base) / 4)
    }

    /// Whether `n` more slots fit.
    #[inline]
    pub fn has_room(&self, n: usize) -> bool {
        self.sp + n * 4 <= self.limit
    }
}
