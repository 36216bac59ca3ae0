//! Large objects (at least `LARGE_MIN` bytes): each its own system allocation, kept apart from
//! the blocks so that a big vector neither fragments them nor is copied. Marked in the header.

use super::object::{header, load, store};
use std::alloc::{GlobalAlloc, Layout, System};

/// Objects of this many bytes or more are large.
pub const LARGE_MIN: u32 = 4 << 10;

fn layout(size: u32) -> Layout {
    Layout::from_size_align(size as usize, 8).expect("object layout")
}

/// The large objects as (address, size).
#[derive(Default)]
pub struct Large {
    objects: Vec<(u32, u32)>,
    /// Bytes currently allocated to large objects.
    pub bytes: usize,
}

impl Large {
    /// A zeroed large object, or `None` when the system allocator has no memory left.
    pub fn try_allocate(&mut self, size: u32) -> Option<u32> {
        // SAFETY: a non-zero layout; `System` bypasses the out-of-memory path (the caller
        // collects first and then uses `allocate`).
        let p = unsafe { System.alloc_zeroed(layout(size)) };
        (!p.is_null()).then(|| self.add(p as usize as u32, size))
    }

    /// A zeroed large object through the global allocator's out-of-memory path.
    pub fn allocate(&mut self, size: u32) -> u32 {
        // SAFETY: a non-zero layout; the global allocator never returns null.
        let p = unsafe { std::alloc::alloc_zeroed(layout(size)) };
        self.add(p as usize as u32, size)
    }

    fn add(&mut self, addr: u32, size: u32) -> u32 {
        self.objects.push((addr, size));
        self.bytes += size as usize;
        addr
    }

    /// Frees the unmarked large objects and clears the survivors' marks; returns the bytes
    /// that survived.
    pub fn sweep(&mut self) -> usize {
        let mut live = 0;
        self.objects.retain(|&(addr, size)| {
            let h = load(addr, header::OFFSET);
            if h & header::MARK_BIT != 0 {
                store(addr, header::OFFSET, h & !header::MARK_BIT);
                live += size as usize;
                true
            } else {
                super::payload::drop_payload(addr);
                // SAFETY: (addr, size) came from `add` with this layout and is freed once.
                unsafe { std::alloc::dealloc(addr as usize as *mut u8, layout(size)) };
                false
            }
        });
        self.bytes = live;
        live
    }

    /// Number of large objects.
    pub fn count(&self) -> usize {
        self.objects.len()
    }
}
