//! Control primitives: procedures and `apply`/`map`, multiple values, escaping continuations and
//! `dynamic-wind`, exceptions, promises, parameters, and the system interface (`exit`, `eval`…).
//!
//! Every primitive here that catches an `Unwind` resets the value-stack pointer to its own frame
//! before running any more code: slots above a caught unwind are dead and must not be scanned.

mod continuations;
mod exceptions;
mod parameters;
mod procedures;
mod promises;
mod system;

pub use continuations::escape;
pub use parameters::new_parameter;
pub use procedures::spread_values;

use crate::vm::Vm;

/// Defines the control primitives.
pub fn install(vm: &mut Vm) {
    procedures::install(vm);
    continuations::install(vm);
    exceptions::install(vm);
    promises::install(vm);
    parameters::install(vm);
    system::install(vm);
}
