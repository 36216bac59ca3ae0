//! The garbage-collected heap: objects in linear memory, collected by a precise, non-moving
//! mark–sweep collector.
//!
//! Why non-moving: JIT code and the interpreter hold raw `Value`s in Wasm locals and Rust locals; with
//! a non-moving collector such a copy stays valid as long as the object is *reachable from a root*
//! (see the root contract in ARCHITECTURE.md and `vm::roots`). Nothing ever has to be re-read after a
//! collection.
//!
//! Objects are carved from the guest's allocator (dlmalloc in wasi-libc), 8-byte aligned; the heap
//! keeps the address and size of every object so the sweep can free the unmarked ones.

pub mod gc;
#[cfg(all(test, target_arch = "wasm32"))]
mod layout_tests;
pub mod object;
pub mod oom;
pub mod payload;

use std::alloc::{alloc_zeroed, GlobalAlloc, Layout, System};

/// The layout of an object of `size` bytes (a multiple of 8).
fn object_layout(size: u32) -> Layout {
    Layout::from_size_align(size as usize, 8).expect("object layout")
}

/// The smallest amount of allocation between two collections.
const MIN_THRESHOLD: usize = 8 << 20;
/// Objects up to this size are recycled through per-size free lists instead of the allocator:
/// pairs, flonums, boxes and small closures are most of what programs allocate.
const SMALL_MAX: u32 = 48;

/// The object store and its collection policy (the marking itself is in `gc`).
pub struct Heap {
    /// Every allocated object as (address, size in bytes).
    objects: Vec<(u32, u32)>,
    /// Bytes allocated since the last collection.
    allocated: usize,
    /// Collect when `allocated` passes this.
    threshold: usize,
    /// Bytes that survived the last collection.
    live_bytes: usize,
    /// Dead small objects, by size / 8, ready for reuse.
    free: [Vec<u32>; (SMALL_MAX / 8 + 1) as usize],
    /// Collect at every allocation (`--gc-stress`).
    pub stress: bool,
    /// Number of collections so far.
    pub collections: u64,
}

impl Heap {
    /// An empty heap.
    pub fn new() -> Heap {
        Heap {
            objects: Vec::new(),
            allocated: 0,
            threshold: MIN_THRESHOLD,
            live_bytes: 0,
            free: Default::default(),
            stress: false,
            collections: 0,
        }
    }

    /// Whether the next allocation should be preceded by a collection.
    #[inline]
    pub fn wants_collection(&self) -> bool {
        self.stress || self.allocated >= self.threshold
    }

    /// Allocates `size` bytes (rounded up to 8) with a zeroed body and the given type tag.
    /// Does not collect: `Vm::alloc` decides that, because only the VM knows the roots. When
    /// memory is exhausted this takes the out-of-memory path of `oom` (the reserve, then a
    /// fatal exit); [`Heap::try_allocate`] returns `None` instead.
    pub fn allocate(&mut self, tag: u32, size: u32) -> u32 {
        match self.try_allocate(tag, size) {
            Some(addr) => addr,
            None => {
                let size = (size + 7) & !7;
                // SAFETY: the layout has a non-zero size; the global allocator never returns null.
                let ptr = unsafe { alloc_zeroed(object_layout(size)) };
                self.register(ptr as usize as u32, tag, size)
            }
        }
    }

    /// As [`Heap::allocate`], but `None` when the system allocator has no memory left (nothing
    /// released, nothing interrupted), so that the caller can collect first.
    pub fn try_allocate(&mut self, tag: u32, size: u32) -> Option<u32> {
        let size = (size + 7) & !7;
        let addr = match self.reuse(size) {
            Some(addr) => addr,
            None => {
                // SAFETY: the layout has a non-zero size. `System` directly, bypassing the global
                // allocator's out-of-memory path.
                let ptr = unsafe { System.alloc_zeroed(object_layout(size)) };
                if ptr.is_null() {
                    return None;
                }
                ptr as usize as u32
            }
        };
        Some(self.register(addr, tag, size))
    }

    fn register(&mut self, addr: u32, tag: u32, size: u32) -> u32 {
        object::store(addr, object::header::OFFSET, tag);
        self.objects.push((addr, size));
        self.allocated += size as usize;
        addr
    }

    /// A recycled, zeroed small object of `size` bytes, if one is free.
    fn reuse(&mut self, size: u32) -> Option<u32> {
        if size > SMALL_MAX {
            return None;
        }
        let addr = self.free[(size / 8) as usize].pop()?;
        // SAFETY: `addr` is a dead object of exactly `size` bytes that this heap owns.
        unsafe { std::ptr::write_bytes(addr as usize as *mut u8, 0, size as usize) };
        Some(addr)
    }

    /// Counts `bytes` of Rust-owned payload (string text, bignum digits) towards the next
    /// collection, so that big strings trigger collections as their size warrants.
    pub fn note_payload(&mut self, bytes: usize) {
        self.allocated += bytes;
    }

    /// Bytes that survived the last collection.
    pub fn live_bytes(&self) -> usize {
        self.live_bytes
    }

    /// Number of objects currently allocated (live or not yet swept).
    pub fn object_count(&self) -> usize {
        self.objects.len()
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}
