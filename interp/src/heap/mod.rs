//! The garbage-collected heap: objects in linear memory, collected by a precise, non-moving
//! mark-region collector.
//!
//! Why non-moving: JIT code and the interpreter hold raw `Value`s in Wasm locals and Rust locals;
//! with a non-moving collector such a copy stays valid as long as the object is *reachable from
//! a root* (see the root contract in ARCHITECTURE.md and `vm::alloc`). Nothing ever has to be
//! re-read after a collection.
//!
//! Where objects live, by size (rounded up to 8 bytes):
//! - up to `alloc::INLINE_MAX` (256): bumped from the allocation region (`region`), whose cursor
//!   and limit are at a fixed address so compiled code can allocate inline;
//! - up to `large::LARGE_MIN` (4 KiB): bumped from a second, Rust-only region for medium objects;
//! - larger: one system allocation each (`large`).
//!
//! Both regions are holes in 32 KiB blocks (`blocks`): runs of lines that held no live object at
//! the last collection, or whole free blocks. A collection marks objects and the lines they
//! cover; the sweep drops the payloads of dead string, number and port objects and rebuilds the
//! holes. Memory handed out is always zeroed.

pub mod blocks;
pub mod gc;
#[cfg(all(test, target_arch = "wasm32"))]
mod heap_tests;
pub mod large;
#[cfg(all(test, target_arch = "wasm32"))]
mod layout_tests;
pub mod object;
pub mod oom;
pub mod payload;
pub mod region;
pub mod size;
pub mod stats;

use blocks::{Blocks, Hole};
use kiln_jit::layout::alloc::{rounded, INLINE_MAX};
use large::{Large, LARGE_MIN};

/// The smallest amount of allocation between two collections.
const MIN_THRESHOLD: usize = 8 << 20;
/// The next collection comes after allocating this many times the bytes that survived the last
/// one (at least `MIN_THRESHOLD`): each collection's marking, which costs in proportion to the
/// live data, is then paid for by at least as much allocation, and the heap stays within about
/// three times the live data.
const GROWTH: usize = 2;

/// The object store and its collection policy (the marking itself is in `gc`).
pub struct Heap {
    blocks: Blocks,
    large: Large,
    /// The region for medium objects.
    medium: Hole,
    /// Block objects that own a Rust payload (strings, bignums, ratnums, ports).
    finalizable: Vec<u32>,
    /// Bytes handed out since the last collection (whole holes, large objects, payloads).
    allocated: usize,
    /// Collect when `allocated` passes this.
    threshold: usize,
    /// Bytes that survived the last collection (in marked lines and large objects).
    live_bytes: usize,
    /// Collect at every allocation (`--gc-stress`); set through [`Heap::set_stress`].
    stress: bool,
    /// Counters and timings for `--gc-stats`.
    pub stats: stats::GcStats,
}

impl Heap {
    /// An empty heap.
    pub fn new() -> Heap {
        Heap {
            blocks: Blocks::default(),
            large: Large::default(),
            medium: Hole { start: 0, end: 0 },
            finalizable: Vec::new(),
            allocated: 0,
            threshold: MIN_THRESHOLD,
            live_bytes: 0,
            stress: false,
            stats: Default::default(),
        }
    }

    /// The fast path: a zeroed object of `size` bytes (already rounded) from the allocation
    /// region, with its header written, if it fits.
    #[inline(always)]
    pub fn bump(&mut self, tag: u32, size: u32) -> Option<u32> {
        if size > INLINE_MAX {
            return None;
        }
        let a = region::bump(size)?;
        object::store(a, object::header::OFFSET, tag);
        Some(a)
    }

    /// Turns `--gc-stress` on or off. On, the allocation region is closed (and kept closed by
    /// every refill), so that the inline fast path always falls through to the runtime, which
    /// collects.
    pub fn set_stress(&mut self, on: bool) {
        self.stress = on;
        if on {
            let r = region::region();
            r.limit = r.cursor;
            self.medium.start = self.medium.end;
        }
    }

    /// Whether `--gc-stress` is on.
    pub fn stress(&self) -> bool {
        self.stress
    }

    /// Whether the next slow-path allocation should be preceded by a collection.
    #[inline]
    pub fn wants_collection(&self) -> bool {
        self.stress || self.allocated >= self.threshold
    }

    /// Allocates `size` bytes (rounded up to 8) with a zeroed body and the given type tag.
    /// Does not collect: `Vm::alloc` decides that, because only the VM knows the roots. When
    /// memory is exhausted this takes the out-of-memory path of `oom` (the reserve, then a
    /// fatal exit); [`Heap::try_allocate`] returns `None` instead.
    pub fn allocate(&mut self, tag: u32, size: u32) -> u32 {
        if let Some(a) = self.try_allocate(tag, size) {
            return a;
        }
        let size = rounded(size);
        let a = if size >= LARGE_MIN {
            self.allocated += size as usize;
            self.large.allocate(size)
        } else {
            self.blocks.grow_or_fail();
            return self
                .try_allocate(tag, size)
                .expect("a fresh block has room");
        };
        object::store(a, object::header::OFFSET, tag);
        a
    }

    /// As [`Heap::allocate`], but `None` when the system allocator has no memory left (nothing
    /// released, nothing interrupted), so that the caller can collect first.
    pub fn try_allocate(&mut self, tag: u32, size: u32) -> Option<u32> {
        let size = rounded(size);
        let a = if size >= LARGE_MIN {
            let a = self.large.try_allocate(size)?;
            self.allocated += size as usize;
            a
        } else if size > INLINE_MAX {
            self.medium(size)?
        } else if let Some(a) = region::bump(size) {
            a
        } else {
            self.refill(size)?
        };
        object::store(a, object::header::OFFSET, tag);
        Some(a)
    }

    /// A new allocation region with room for `size` bytes; returns the first `size` of them.
    fn refill(&mut self, size: u32) -> Option<u32> {
        let hole = match self.blocks.take_hole(size) {
            Some(h) => h,
            None => self.blocks.fresh()?,
        };
        if self.stress {
            // Collections come at every allocation: zero only the object, and leave the region
            // empty so that the next allocation comes here again.
            blocks::zero(Hole {
                start: hole.start,
                end: hole.start + size,
            });
            region::set(hole.start + size, hole.start + size);
            return Some(hole.start);
        }
        blocks::zero(hole);
        self.allocated += hole.len() as usize;
        region::set(hole.start + size, hole.end);
        Some(hole.start)
    }

    /// A medium object from the medium region, refilled from a hole that fits or a free block.
    fn medium(&mut self, size: u32) -> Option<u32> {
        if self.medium.len() < size {
            let hole = match self.blocks.take_hole(size) {
                Some(h) => h,
                None => self.blocks.fresh()?,
            };
            blocks::zero(hole);
            self.allocated += hole.len() as usize;
            self.medium = hole;
        }
        let a = self.medium.start;
        self.medium.start += size;
        if self.stress {
            self.medium.start = self.medium.end;
        }
        Some(a)
    }

    /// Records that the object at `addr` owns a Rust payload, which the sweep drops when the
    /// object dies.
    pub fn own_payload(&mut self, addr: u32) {
        if blocks::contains(addr) {
            self.finalizable.push(addr);
        }
    }

    /// Counts `bytes` of Rust-owned payload (string text, bignum digits) towards the next
    /// collection, so that big strings trigger collections as their size warrants.
    pub fn note_payload(&mut self, bytes: usize) {
        self.allocated += bytes;
        if self.allocated >= self.threshold {
            // The fast path does not look at the threshold: close the region so that the next
            // allocation takes the slow path, which collects.
            let r = region::region();
            r.limit = r.cursor;
        }
    }

    /// After marking: drops what died, rebuilds the free regions, clears the marks and sets the
    /// next threshold.
    pub fn sweep(&mut self) {
        self.finalizable.retain(|&a| {
            let live = blocks::is_marked(a);
            if !live {
                payload::drop_payload(a);
            }
            live
        });
        // The regions' unused bytes become holes again (their lines hold no marked object).
        region::set(0, 0);
        self.medium = Hole { start: 0, end: 0 };
        self.stats.swept_bytes += self.blocks.bytes() as u64;
        let live = self.blocks.sweep() + self.large.sweep();
        self.live_bytes = live;
        self.allocated = 0;
        self.threshold = (live * GROWTH).max(MIN_THRESHOLD);
        self.stats.collections += 1;
    }

    /// Bytes that survived the last collection.
    pub fn live_bytes(&self) -> usize {
        self.live_bytes
    }

    /// Bytes of memory the heap occupies (blocks and large objects; payloads not counted).
    pub fn heap_bytes(&self) -> usize {
        self.blocks.bytes() + self.large.bytes
    }

    /// Number of large objects currently allocated.
    pub fn large_count(&self) -> usize {
        self.large.count()
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}
