//! Heap object layouts. Every object starts with a 32-bit header: bits 0–7 the type tag, bit 8 the
//! GC mark. Offsets below are byte offsets from the object address; JIT code relies on them, so they
//! are constants here and nowhere else (`jit` gets them through `kiln_jit::layout`).
//!
//! | type        | layout                                                        |
//! |-------------|---------------------------------------------------------------|
//! | pair        | header, car, cdr                                              |
//! | flonum      | header, pad, f64                                              |
//! | bignum      | header, `*mut BigInt` (Rust-owned, freed by the sweep)         |
//! | ratnum      | header, `*mut BigRational`                                     |
//! | string      | header, `*mut SString`                                         |
//! | symbol      | header, `*const str` ptr, len (interned, never freed)          |
//! | vector      | header, length, elements…                                     |
//! | bytevector  | header, length, bytes…                                        |
//! | box         | header, value (a captured variable that is `set!`)            |
//! | cell        | header, value, name symbol (a global variable)                |
//! | record      | header, length, record type, fields…                          |
//! | values      | header, length, values… (multiple return values)              |
//! | promise     | header, state pair (kind . value-or-thunk), shared by chained promises |
//! | error       | header, kind symbol, message string, irritants list           |
//! | port        | header, `*mut Port`                                           |
//! | environment | header (the only environment, for `eval`)                     |
//! | procedures  | header, **code**, …: `code` is a table index (see `vm::call`) |
//! | closure     | header, code, `*const Lambda`, free values…                   |
//! | primitive   | header, code, primitive index, data (e.g. a record accessor's type) |
//! | continuation| header, code, id, live? flag                                  |
//! | parameter   | header, code, value, converter                                |
//! | case-lambda | header, code, count, closures…                                |

pub use kiln_jit::layout::*;

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
