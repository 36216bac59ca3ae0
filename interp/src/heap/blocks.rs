//! The block space: small and medium objects live in 32 KiB blocks divided into 128-byte lines
//! (an Immix-style mark-region heap, non-moving). A block's first bytes hold its metadata — one
//! mark byte per line and a mark bit per 8-byte granule — so finding them from an object's
//! address is a mask. The collector marks the object's bit and every line the object covers; the
//! sweep turns each run of unmarked lines into a hole that the allocator bumps through.
//!
//! Which addresses are blocks is a bitmap over the 32-bit address space (one bit per block
//! frame), so `contains` is one load: objects outside blocks (large objects, interned symbols)
//! keep their mark in the header instead.

use std::alloc::{GlobalAlloc, Layout, System};

/// Bytes in a block (and its alignment).
pub const BLOCK: u32 = 32 << 10;
/// Bytes in a line, the unit of reclamation.
pub const LINE: u32 = 128;
const LINES: u32 = BLOCK / LINE;
/// Offset of the line mark bytes in a block.
const LINE_MARKS: u32 = 0;
/// Offset of the granule mark bitmap (one bit per 8 bytes: 512 bytes).
const MARK_BITS: u32 = LINE_MARKS + LINES;
const METADATA: u32 = MARK_BITS + BLOCK / 8 / 8;
/// The first line objects may use: after the metadata.
pub const FIRST_LINE: u32 = METADATA.div_ceil(LINE);
/// Bytes of a block objects may use.
pub const USABLE: u32 = BLOCK - FIRST_LINE * LINE;
/// Blocks are obtained from the system allocator this many at a time (2 MiB): fewer, larger
/// memory growths (a Node 20 bundle run once died in V8's collector during a `memory.grow`
/// with 512 KiB chunks, in one environment only; not understood — see the issue note).
const CHUNK_BLOCKS: u32 = 64;

/// One bit per 32 KiB frame of the 4 GiB address space: is it a block?
static mut IS_BLOCK: [u32; 1 << 12] = [0; 1 << 12];

/// Whether `addr` lies in a block.
#[inline]
pub fn contains(addr: u32) -> bool {
    let frame = addr / BLOCK;
    // SAFETY: single-threaded guest; `frame >> 5` < 4096 for any 32-bit address.
    unsafe { IS_BLOCK[(frame >> 5) as usize] & (1 << (frame & 31)) != 0 }
}

fn set_block(base: u32) {
    let frame = base / BLOCK;
    // SAFETY: as for `contains`.
    unsafe { IS_BLOCK[(frame >> 5) as usize] |= 1 << (frame & 31) };
}

#[inline]
fn base_of(addr: u32) -> u32 {
    addr & !(BLOCK - 1)
}

#[inline]
fn byte(addr: u32) -> *mut u8 {
    addr as usize as *mut u8
}

/// Sets the mark bit of the block object at `addr`; false if it was already set.
#[inline]
pub fn mark(addr: u32) -> bool {
    let base = base_of(addr);
    let granule = (addr - base) / 8;
    let at = byte(base + MARK_BITS + granule / 8);
    let bit = 1u8 << (granule % 8);
    // SAFETY: `addr` is in a block (the caller checked `contains`); the bitmap is inside it.
    unsafe {
        if *at & bit != 0 {
            return false;
        }
        *at |= bit;
    }
    true
}

/// Whether the block object at `addr` is marked.
#[inline]
pub fn is_marked(addr: u32) -> bool {
    let base = base_of(addr);
    let granule = (addr - base) / 8;
    // SAFETY: as for `mark`.
    unsafe { *byte(base + MARK_BITS + granule / 8) & (1 << (granule % 8)) != 0 }
}

/// Marks the lines covered by the object at `addr` of `size` bytes.
#[inline]
pub fn mark_lines(addr: u32, size: u32) {
    let base = base_of(addr);
    let first = (addr - base) / LINE;
    let last = (addr - base + size - 1) / LINE;
    for l in first..=last {
        // SAFETY: the line marks are inside the block; `last` < LINES since objects fit.
        unsafe { *byte(base + LINE_MARKS + l) = 1 };
    }
}

/// A free range `[start, end)` in a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hole {
    pub start: u32,
    pub end: u32,
}

impl Hole {
    /// Bytes in the hole.
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    /// Whether the hole has no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Every block, and what the last sweep found free in them.
#[derive(Default)]
pub struct Blocks {
    /// Every block's base address.
    all: Vec<u32>,
    /// Blocks with no live object, ready for any use.
    pub free: Vec<u32>,
    /// Holes in partly used blocks (used from the end).
    pub holes: Vec<Hole>,
}

impl Blocks {
    /// Bytes of memory the block space occupies.
    pub fn bytes(&self) -> usize {
        self.all.len() * BLOCK as usize
    }

    /// A whole free block as a hole: a recycled one, or new ones from the system allocator.
    /// `None` if the system allocator has no memory left.
    pub fn fresh(&mut self) -> Option<Hole> {
        if self.free.is_empty() {
            self.grow()?;
        }
        let base = self.free.pop()?;
        Some(Hole {
            start: base + FIRST_LINE * LINE,
            end: base + BLOCK,
        })
    }

    /// Adds blocks: a chunk at once, a single block when memory is too short for a chunk.
    fn grow(&mut self) -> Option<()> {
        for n in [CHUNK_BLOCKS, 1] {
            let layout = Layout::from_size_align((n * BLOCK) as usize, BLOCK as usize).ok()?;
            // SAFETY: a non-zero layout. `System` directly: the caller collects, then uses the
            // global allocator's out-of-memory path (`heap::oom`) if this fails.
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                self.adopt(p as usize as u32, n);
                return Some(());
            }
        }
        None
    }

    /// Adds `n` blocks at `base` (BLOCK-aligned memory this heap now owns).
    pub fn adopt(&mut self, base: u32, n: u32) {
        for i in (0..n).rev() {
            let b = base + i * BLOCK;
            // SAFETY: the metadata of a block this heap owns.
            unsafe { std::ptr::write_bytes(byte(b), 0, METADATA as usize) };
            set_block(b);
            self.all.push(b);
            self.free.push(b);
        }
    }

    /// Adds blocks through the global allocator (its out-of-memory path: the reserve, then a
    /// fatal exit), after a collection could not make room.
    pub fn grow_or_fail(&mut self) {
        let layout = Layout::from_size_align(BLOCK as usize, BLOCK as usize).expect("block");
        // SAFETY: a non-zero layout; the global allocator never returns null.
        let p = unsafe { std::alloc::alloc(layout) };
        self.adopt(p as usize as u32, 1);
    }

    /// After marking: rebuilds the free blocks and holes from the line marks and clears all
    /// marks for the next collection. Returns the bytes in marked lines.
    pub fn sweep(&mut self) -> usize {
        self.free.clear();
        self.holes.clear();
        let mut used_lines = 0usize;
        for &base in &self.all {
            let marks = byte(base + LINE_MARKS);
            let mut live = 0;
            let mut hole_start: Option<u32> = None;
            for l in FIRST_LINE..LINES {
                // SAFETY: the line marks of a block this heap owns.
                let marked = unsafe { *marks.add(l as usize) } != 0;
                if marked {
                    live += 1;
                    if let Some(s) = hole_start.take() {
                        self.holes.push(Hole {
                            start: base + s * LINE,
                            end: base + l * LINE,
                        });
                    }
                } else if hole_start.is_none() {
                    hole_start = Some(l);
                }
            }
            if live == 0 {
                self.free.push(base);
            } else if let Some(s) = hole_start {
                self.holes.push(Hole {
                    start: base + s * LINE,
                    end: base + BLOCK,
                });
            }
            used_lines += live as usize;
            // SAFETY: as above: clear the line marks and mark bits together.
            unsafe { std::ptr::write_bytes(marks, 0, METADATA as usize) };
        }
        // Holes are taken from the end: reversing makes allocation walk memory upwards.
        self.holes.reverse();
        used_lines * LINE as usize
    }

    /// Forgets holes shorter than `min` at the end of the hole list and returns the next one
    /// that is at least `min` long (looking at a few at most), or `None`.
    pub fn take_hole(&mut self, min: u32) -> Option<Hole> {
        for i in (self.holes.len().saturating_sub(8)..self.holes.len()).rev() {
            if self.holes[i].len() >= min {
                return Some(self.holes.swap_remove(i));
            }
        }
        None
    }
}

/// Zeroes a hole before the allocator hands out its bytes (dead objects' words remain there).
pub fn zero(h: Hole) {
    // SAFETY: a hole is free memory inside a block this heap owns.
    unsafe { std::ptr::write_bytes(byte(h.start), 0, h.len() as usize) };
}
