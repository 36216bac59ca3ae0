//! Interrupts: events that must reach the running Scheme program at its next call, from places
//! that cannot raise a Scheme error themselves (the allocator, when memory runs out).
//!
//! Requesting one lowers `Vm::depth_limit` to 0. Every call checks the depth against that limit —
//! the interpreter in `apply_at`, compiled code at each non-tail call site — so the next call
//! enters `Vm::stack_overflow`, which takes the interrupt, restores the limit and raises the
//! interrupt's condition instead. Polling costs nothing beyond the depth check calls make anyway.

use super::{Unwind, Vm};
use std::sync::atomic::{AtomicU8, Ordering};

/// What is pending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interrupt {
    /// An allocation failed and the memory reserve was released to complete it.
    OutOfMemory,
}

/// The pending interrupt: 0 none, else `Interrupt as u8 + 1`.
static PENDING: AtomicU8 = AtomicU8::new(0);

/// The condition kind of the "out of memory" error (also what `load::report` recognises).
pub const OUT_OF_MEMORY_KIND: &str = "out-of-memory";

/// Requests `i` (from anywhere, including inside the allocator: it only writes two words).
pub fn request(i: Interrupt) {
    PENDING.store(i as u8 + 1, Ordering::Relaxed);
    // SAFETY: the VM, once created, never moves or dies; one word written through a raw
    // pointer creates no reference that could alias a `&mut Vm` in use.
    unsafe {
        let vm = super::VM;
        if !vm.is_null() {
            std::ptr::addr_of_mut!((*vm).depth_limit).write(0);
            std::ptr::addr_of_mut!((*vm).control.limit).write(0);
        }
    }
}

impl Vm {
    /// Takes the pending interrupt, if any, restoring the depth limit.
    pub fn take_interrupt(&mut self) -> Option<Interrupt> {
        let pending = PENDING.swap(0, Ordering::Relaxed);
        self.refresh_limits();
        match pending {
            0 => None,
            _ => Some(Interrupt::OutOfMemory),
        }
    }

    /// The unwind that delivers interrupt `i`.
    pub fn interrupt_unwind(&mut self, i: Interrupt) -> Unwind {
        match i {
            Interrupt::OutOfMemory => {
                Unwind::Bypass(self.make_error(OUT_OF_MEMORY_KIND, "out of memory", &[]))
            }
        }
    }
}
