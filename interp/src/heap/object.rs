//! Heap object layouts and raw access to them. The layouts (type tags, byte offsets, sizes and the
//! table of every object type) live in `kiln_jit::layout`, their one home, because JIT code relies
//! on them too; this module re-exports them and adds the word loads and stores with which the
//! constructors (`vm::alloc`), the collector and the typed accessors (`obj`) use them.

pub use kiln_jit::layout::*;

/// The type tag in the header of the object at `addr`.
#[inline]
pub fn tag_at(addr: u32) -> u32 {
    load(addr, header::OFFSET) & header::TAG_MASK
}

/// Reads the 32-bit word at `addr + off`.
#[inline]
pub fn load(addr: u32, off: u32) -> u32 {
    // SAFETY: callers pass the address of a live heap object and an offset inside it.
    unsafe { ((addr + off) as usize as *const u32).read() }
}

/// Writes the 32-bit word at `addr + off`.
#[inline]
pub fn store(addr: u32, off: u32, word: u32) {
    // SAFETY: as for `load`.
    unsafe { ((addr + off) as usize as *mut u32).write(word) }
}

/// Reads the `f64` at `addr + off`.
#[inline]
pub fn load_f64(addr: u32, off: u32) -> f64 {
    // SAFETY: as for `load`; flonum payloads are 8-byte aligned.
    unsafe { ((addr + off) as usize as *const f64).read() }
}

/// Writes the `f64` at `addr + off`.
#[inline]
pub fn store_f64(addr: u32, off: u32, x: f64) {
    // SAFETY: as for `store_f64`.
    unsafe { ((addr + off) as usize as *mut f64).write(x) }
}
