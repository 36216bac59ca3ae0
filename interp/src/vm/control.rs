//! The control stack: the interpreter's return records, in linear memory instead of the native
//! stack. A non-tail call pushes one record — where to continue (`pc`) and the caller's frame
//! (`fp`) — and a return pops it, so interpreted recursion uses no native stack at all.
//!
//! Records hold raw code and stack addresses, never Scheme values: the collector does not scan
//! them (the caller's procedure, which keeps its code alive, is in its frame's procedure slot on
//! the value stack, `fp - 4`). The buffer grows by reallocation (nothing points into it) straight
//! from the system allocator, so that running out of memory here is the out-of-memory condition.

use std::alloc::{GlobalAlloc, Layout, System};

/// One return record.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct Rec {
    /// The instruction to continue at (an opcode: ordinary code, or `EXIT` and `UNDERFLOW`
    /// for the special records).
    pub pc: *const u32,
    /// The frame to continue in (its procedure is at `fp - 4`).
    pub fp: usize,
}

/// The system allocator had no memory for more records.
#[derive(Debug)]
pub struct NoMemory;

/// Records of the first allocation.
const FIRST: usize = 4096;

/// See the module docs.
pub struct Control {
    buf: *mut Rec,
    /// Records in use.
    pub top: usize,
    /// A push at `top == limit` takes the slow path: the buffer is full, `--max-depth` is
    /// reached, or an interrupt is pending (then `limit` is 0; see `vm::interrupt`).
    pub limit: usize,
    /// Records the buffer holds.
    cap: usize,
    /// `--max-depth` as a record count (`usize::MAX` for none).
    pub max: usize,
}

impl Control {
    /// An empty control stack (allocated on first use).
    pub fn new() -> Control {
        Control {
            buf: std::ptr::null_mut(),
            top: 0,
            limit: 0,
            cap: 0,
            max: usize::MAX,
        }
    }

    /// Pushes a record; the caller has checked `top < limit`.
    #[inline]
    pub fn push_unchecked(&mut self, r: Rec) {
        debug_assert!(self.top < self.cap);
        // SAFETY: `top < limit <= cap`.
        unsafe { self.buf.add(self.top).write(r) };
        self.top += 1;
    }

    /// Pops the top record.
    #[inline]
    pub fn pop(&mut self) -> Rec {
        debug_assert!(self.top > 0);
        self.top -= 1;
        // SAFETY: `top < cap` and the record was written by a push.
        unsafe { self.buf.add(self.top).read() }
    }

    /// The record at index `i` (`i < top`).
    #[inline]
    pub fn get(&self, i: usize) -> Rec {
        debug_assert!(i < self.top);
        // SAFETY: as for `pop`.
        unsafe { self.buf.add(i).read() }
    }

    /// Overwrites the record at index `i` (`i < top`).
    #[inline]
    pub fn set(&mut self, i: usize, r: Rec) {
        debug_assert!(i < self.top);
        // SAFETY: as for `pop`.
        unsafe { self.buf.add(i).write(r) }
    }

    /// Whether a push may take the fast path.
    #[inline]
    pub fn fits(&self) -> bool {
        self.top < self.limit
    }

    /// Makes room for `n` more records: `Err(NoMemory)` when memory is out, `Ok(false)` past
    /// `--max-depth`. Does not look at interrupts (see `Vm::reserve_records`).
    pub fn grow(&mut self, n: usize) -> Result<bool, NoMemory> {
        if self.top + n > self.max {
            return Ok(false);
        }
        if self.top + n > self.cap {
            let cap = (self.cap * 2).max(FIRST).max(self.top + n);
            let size = |n: usize| n * std::mem::size_of::<Rec>();
            let align = std::mem::align_of::<Rec>();
            let buf = if self.buf.is_null() {
                // SAFETY: a non-zero layout.
                unsafe {
                    System.alloc(Layout::from_size_align(size(cap), align).map_err(|_| NoMemory)?)
                }
            } else {
                let old = Layout::from_size_align(size(self.cap), align).map_err(|_| NoMemory)?;
                // SAFETY: `buf` was allocated with `old`; the records are plain data.
                unsafe { System.realloc(self.buf as *mut u8, old, size(cap)) }
            };
            if buf.is_null() {
                return Err(NoMemory);
            }
            self.buf = buf as *mut Rec;
            self.cap = cap;
        }
        self.reset_limit();
        Ok(true)
    }

    /// Recomputes `limit` from the capacity and `max` (after an interrupt was taken).
    pub fn reset_limit(&mut self) {
        self.limit = self.cap.min(self.max);
    }
}

impl Default for Control {
    fn default() -> Self {
        Control::new()
    }
}
