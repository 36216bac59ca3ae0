//! Non-local exits inside the runtime. Every fallible runtime function returns `R<T>`; the `Err`
//! side travels up the Rust stack (through interpreter frames, and through JIT frames as a
//! `Value::SPECIAL` return with the `Unwind` parked in the VM) until something catches it.

use crate::value::Value;

/// Why control is leaving the current frames.
#[derive(Debug)]
pub enum Unwind {
    /// An object raised after every handler was asked (guards' clause tests included) and none
    /// took it: unwinds to the top, which reports it; the guards on the way let it pass.
    Raise(Value),
    /// An object raised past the handlers without calling them, because a handler would need the
    /// room that ran out ("stack overflow", "out of memory"): each `guard` it reaches asks its
    /// clauses (the guard's frame is where there is room again).
    Bypass(Value),
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
            Unwind::Raise(v) | Unwind::Bypass(v) => *v,
            Unwind::Escape { value, .. } => *value,
            Unwind::Exit(_) => Value::VOID,
        }
    }

    /// The object raised, if this unwind is an uncaught raise of either kind.
    pub fn raised(&self) -> Option<Value> {
        match self {
            Unwind::Raise(v) | Unwind::Bypass(v) => Some(*v),
            _ => None,
        }
    }
}

/// A runtime result.
pub type R<T> = Result<T, Unwind>;
