//! Non-local exits inside the runtime. Every fallible runtime function returns `R<T>`; the `Err`
//! side travels up the Rust stack (through interpreter frames, and through JIT frames as a
//! `Value::SPECIAL` return with the `Unwind` parked in the VM) until something catches it.

use crate::value::Value;

/// Why control is leaving the current frames.
#[derive(Debug)]
pub enum Unwind {
    /// An object raised with no handler left to call: unwinds to the innermost `guard` (or the top).
    Raise(Value),
    /// An escaping continuation was invoked: unwinds to the `call/cc` with this id, carrying its
    /// value (a `values` object for several).
    Escape { id: u32, value: Value },
    /// `(exit n)`: unwinds all the way (running `dynamic-wind` after thunks) and ends the program.
    Exit(i32),
}

impl Unwind {
    /// The Scheme value this unwind carries (the GC must see it while after-thunks run).
    pub fn payload(&self) -> Value {
        match self {
            Unwind::Raise(v) => *v,
            Unwind::Escape { value, .. } => *value,
            Unwind::Exit(_) => Value::VOID,
        }
    }
}

/// A runtime result.
pub type R<T> = Result<T, Unwind>;
