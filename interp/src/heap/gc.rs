//! Mark and sweep. Marking uses an explicit stack (no recursion, so deep lists are fine); the sweep
//! frees unmarked objects, dropping the Rust payloads of strings, bignums, ratnums and ports.

use super::object::{self, load, store, tag, MARK_BIT};
use super::Heap;
use crate::value::Value;
use std::alloc::{dealloc, Layout};

/// The marking state of one collection.
pub struct Marker {
    stack: Vec<u32>,
}

impl Marker {
    /// A marker with an empty mark stack.
    pub fn new() -> Marker {
        Marker {
            stack: Vec::with_capacity(1024),
        }
    }

    /// Marks `v` (if it is a heap pointer) and, later in `drain`, everything it references.
    #[inline]
    pub fn mark(&mut self, v: Value) {
        if v.is_ptr() {
            let h = load(v.0, 0);
            if h & MARK_BIT == 0 {
                store(v.0, 0, h | MARK_BIT);
                self.stack.push(v.0);
            }
        }
    }

    /// Marks every value in a slice.
    pub fn mark_all(&mut self, vs: &[Value]) {
        for &v in vs {
            self.mark(v);
        }
    }

    /// Traces until everything reachable from the marked roots is marked.
    pub fn drain(&mut self) {
        while let Some(addr) = self.stack.pop() {
            self.trace(addr);
        }
    }

    fn field(&mut self, addr: u32, off: u32) {
        self.mark(Value(load(addr, off)));
    }

    fn fields(&mut self, addr: u32, first: u32, count: u32) {
        for i in 0..count {
            self.field(addr, first + 4 * i);
        }
    }

    fn trace(&mut self, addr: u32) {
        match load(addr, 0) & 0xFF {
            tag::PAIR => self.fields(addr, object::CAR, 2),
            tag::BOX => self.fields(addr, 4, 1),
            tag::CELL => self.fields(addr, 4, 2),
            tag::VECTOR | tag::VALUES => {
                self.fields(addr, object::ELEMENTS, load(addr, object::LENGTH))
            }
            tag::RECORD => self.fields(addr, object::RECORD_TYPE, 1 + load(addr, object::LENGTH)),
            tag::RECORD_TYPE => self.fields(addr, 4, 3),
            tag::PROMISE => self.fields(addr, 4, 1),
            tag::PARAMETER => self.fields(addr, 8, 2),
            tag::PRIMITIVE => self.fields(addr, 12, 1),
            tag::ERROR => self.fields(addr, 4, 3),
            tag::CASE_LAMBDA => self.fields(addr, 12, load(addr, 8)),
            tag::CLOSURE => {
                let lambda = crate::ir::node::lambda_of(Value(addr));
                self.fields(addr, object::CLOSURE_FREE, lambda.nfree);
                self.mark(lambda.unit.get());
            }
            // Strings, numbers, symbols, bytevectors, ports, primitives, continuations and the
            // environment hold no Scheme values.
            _ => {}
        }
    }
}

impl Default for Marker {
    fn default() -> Self {
        Marker::new()
    }
}

impl Heap {
    /// Frees every unmarked object and clears the marks of the survivors.
    pub fn sweep(&mut self) {
        let mut live = 0usize;
        let free = &mut self.free;
        self.objects.retain(|&(addr, size)| {
            let h = load(addr, 0);
            if h & MARK_BIT != 0 {
                store(addr, 0, h & !MARK_BIT);
                live += size as usize;
                true
            } else {
                crate::heap::payload::drop_payload(addr);
                if size <= super::SMALL_MAX {
                    free[(size / 8) as usize].push(addr);
                } else {
                    free_object(addr, size);
                }
                false
            }
        });
        self.live_bytes = live;
        self.allocated = 0;
        self.threshold = live.max(super::MIN_THRESHOLD);
        self.collections += 1;
    }
}

fn free_object(addr: u32, size: u32) {
    let layout = Layout::from_size_align(size as usize, 8).expect("object layout");
    // SAFETY: (addr, size) came from `Heap::allocate` with this layout and is freed once.
    unsafe { dealloc(addr as usize as *mut u8, layout) }
}
