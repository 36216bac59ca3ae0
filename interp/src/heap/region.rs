//! The allocation region: the bump pointer and limit of the current free region (a hole in a
//! block), at a fixed address so that compiled code can allocate inline (the layout is
//! `kiln_jit::layout::alloc`; the protocol is in ARCHITECTURE.md, "Inline allocation"). The bytes
//! from `cursor` to `limit` are always zero. `limit == cursor` forces every allocation into the
//! runtime (`--gc-stress`, and after each collection until the next refill).

use kiln_jit::layout::alloc;

/// The region as compiled code sees it (`alloc::CURSOR`, `alloc::LIMIT`).
#[repr(C)]
pub struct Region {
    pub cursor: u32,
    pub limit: u32,
}

const _: () = assert!(std::mem::offset_of!(Region, cursor) == alloc::CURSOR as usize);
const _: () = assert!(std::mem::offset_of!(Region, limit) == alloc::LIMIT as usize);

static mut REGION: Region = Region {
    cursor: 0,
    limit: 0,
};

/// The region. The guest is single-threaded and nobody holds the reference across a call.
#[allow(static_mut_refs)]
#[inline]
pub fn region() -> &'static mut Region {
    // SAFETY: single-threaded guest; every user takes it for the duration of one function.
    unsafe { &mut REGION }
}

/// The address of the region in linear memory, for compiled code.
pub fn address() -> u32 {
    std::ptr::addr_of!(REGION) as usize as u32
}

/// The fast path: `size` (rounded) bytes from the region, if they fit.
#[inline(always)]
pub fn bump(size: u32) -> Option<u32> {
    let r = region();
    let at = r.cursor;
    if r.limit - at >= size {
        r.cursor = at + size;
        Some(at)
    } else {
        None
    }
}

/// Makes `[start, end)` (zeroed) the region.
pub fn set(start: u32, end: u32) {
    let r = region();
    r.cursor = start;
    r.limit = end;
}

/// Bytes left in the region.
pub fn remaining() -> u32 {
    let r = region();
    r.limit - r.cursor
}
