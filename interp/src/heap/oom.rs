//! Running out of memory: every Rust allocation of the guest goes through [`KilnAllocator`], which
//! turns a failed allocation into Kiln's out-of-memory path instead of Rust's abort (a `wasm
//! unreachable` trap, after printing `memory allocation of N bytes failed`).
//!
//! A reserve block is set aside at start-up. The first failure releases it, retries the
//! allocation, and requests the `OutOfMemory` interrupt: the next call raises the Scheme error
//! "out of memory", which a `guard` can catch (the reserve is the room its handler runs in), and
//! which, uncaught, ends the program with `kiln: out of memory …` and status 137. The reserve is
//! set aside again after a collection that leaves room for it. A failure with no reserve left is
//! fatal: buffered output is written out, the message printed, and the guest exits with 137 —
//! without allocating, since nothing can be allocated any more.
//!
//! The heap's own object allocations try a collection first (`Vm::alloc`), because only there is
//! it safe to collect.

use crate::io::raw;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

/// Size of the reserve: room for the error condition, the unwind, a handler's work and the report.
pub const RESERVE_BYTES: usize = 4 << 20;

static RESERVE: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
/// The `--max-memory` limit in MiB (0: none), for the message.
static LIMIT_MIB: AtomicU32 = AtomicU32::new(0);
/// What is running, for the message: a leaked string set by the entry points.
static SUBJECT: AtomicPtr<String> = AtomicPtr::new(std::ptr::null_mut());

fn reserve_layout() -> Layout {
    Layout::from_size_align(RESERVE_BYTES, 8).expect("reserve layout")
}

/// The guest's global allocator: the system allocator (wasi-libc's dlmalloc) plus the
/// out-of-memory path of the module docs.
pub struct KilnAllocator;

// SAFETY: delegates to `System`; a null result is only ever replaced by a retry's result.
unsafe impl GlobalAlloc for KilnAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if p.is_null() && exhausted() {
            return System.alloc(layout).or_fatal(layout);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if p.is_null() && exhausted() {
            return System.alloc_zeroed(layout).or_fatal(layout);
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if p.is_null() && exhausted() {
            let retry = System.realloc(ptr, layout, new_size);
            let new = Layout::from_size_align_unchecked(new_size, layout.align());
            return retry.or_fatal(new);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

trait OrFatal {
    fn or_fatal(self, layout: Layout) -> Self;
}

impl OrFatal for *mut u8 {
    fn or_fatal(self, layout: Layout) -> *mut u8 {
        if self.is_null() {
            fatal(layout.size());
        }
        self
    }
}

/// Sets the reserve aside if it is not (start-up, and after collections). Quietly does nothing
/// when memory is too short for it: the next failure is then fatal.
pub fn arm() {
    if !RESERVE.load(Ordering::Relaxed).is_null() {
        return;
    }
    // SAFETY: a non-zero layout; released only through `release`.
    let p = unsafe { System.alloc(reserve_layout()) };
    RESERVE.store(p, Ordering::Relaxed);
}

/// Whether the reserve is set aside.
pub fn armed() -> bool {
    !RESERVE.load(Ordering::Relaxed).is_null()
}

/// An allocation failed: releases the reserve and requests the interrupt; true if the caller
/// should retry. With no reserve left it does not return.
fn exhausted() -> bool {
    let p = RESERVE.swap(std::ptr::null_mut(), Ordering::Relaxed);
    if p.is_null() {
        fatal(0);
    }
    // SAFETY: `p` came from `arm` with this layout and is released once (the swap took it).
    unsafe { System.dealloc(p, reserve_layout()) };
    crate::vm::interrupt::request(crate::vm::interrupt::Interrupt::OutOfMemory);
    true
}

/// Records the `--max-memory` limit for the message (0: none).
pub fn set_limit_mib(mib: u32) {
    LIMIT_MIB.store(mib, Ordering::Relaxed);
}

/// Records what is running (a program's path, "the REPL session"), for the message.
pub fn set_subject(subject: &str) {
    let new = Box::into_raw(Box::new(subject.to_string()));
    let old = SUBJECT.swap(new, Ordering::Relaxed);
    if !old.is_null() {
        // SAFETY: `old` came from `Box::into_raw` above and is no longer reachable.
        drop(unsafe { Box::from_raw(old) });
    }
}

/// Bytes of linear memory the guest has now.
pub fn memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as u64 * 65536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

/// Writes `kiln: out of memory: SUBJECT …` on stderr without allocating.
pub fn print_message() {
    let subject = SUBJECT.load(Ordering::Relaxed);
    // SAFETY: set only by `set_subject`, never freed while current.
    let subject = if subject.is_null() {
        "the program"
    } else {
        unsafe { (*subject).as_str() }
    };
    let limit = LIMIT_MIB.load(Ordering::Relaxed);
    raw::write_all(raw::STDERR, b"kiln: out of memory: ");
    raw::write_all(raw::STDERR, subject.as_bytes());
    if limit > 0 {
        raw::write_all(raw::STDERR, b" exceeded the --max-memory limit of ");
        raw::write_all(raw::STDERR, raw::Decimal::new(limit as u64).as_bytes());
    } else {
        raw::write_all(raw::STDERR, b": the guest's memory reached ");
        raw::write_all(
            raw::STDERR,
            raw::Decimal::new(memory_bytes() >> 20).as_bytes(),
        );
    }
    raw::write_all(raw::STDERR, b" MiB\n");
}

/// No memory and no reserve: write out what the program printed, say why, exit 137.
fn fatal(_request: usize) -> ! {
    crate::io::stdout::flush();
    print_message();
    raw::exit(kiln_jit::abi::exit::OUT_OF_MEMORY)
}
