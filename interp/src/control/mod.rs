//! Control primitives: procedures and `apply`/`map`, multiple values, escaping continuations and
//! `dynamic-wind`, exceptions, promises, parameters, and the system interface (`exit`, `eval`…).
//!
//! Every primitive here that catches an `Unwind` resets the value-stack pointer to its own frame
//! before running any more code: slots above a caught unwind are dead and must not be scanned.

mod continuations;
mod exceptions;
pub mod iterate;
pub(crate) mod parameters;
mod procedures;
mod promises;
mod system;

pub use continuations::escape;
pub use parameters::new_parameter;
pub use procedures::spread_values;

use crate::value::Value;
use crate::vm::kont::Kind;
use crate::vm::{Unwind, Vm, R};

/// The callee of a continuation frame of `kind` at `kfp` returned `v` (see `vm::kont`): the
/// frame's next step. Its result is the frame's: a value, `Value::TAIL`, `Value::KCALL` or an
/// unwind.
pub fn kont_resume(vm: &mut Vm, kind: Kind, kfp: usize, v: Value) -> R<Value> {
    use Kind::*;
    match kind {
        Map | ForEach | VectorMap | VectorForEach | StringMap | StringForEach => {
            iterate::resume(vm, kind, kfp, v)
        }
        CallWithValues => procedures::resume_call_with_values(vm, kfp, v),
        WindBefore | WindBody | WindAfter | WindUnwind => {
            continuations::resume_wind(vm, kind, kfp, v)
        }
        CallCc => continuations::resume_call_cc(vm, kfp, v),
        Handler | Raise | Guard | GuardAsk => exceptions::resume(vm, kind, kfp, v),
        Parameterize => parameters::resume(vm, kfp, v),
        Force => promises::resume(vm, kfp, v),
    }
}

/// An unwind reached a continuation frame of `kind` at `kfp` (one that `Kind::catches`), the
/// stack already cut back to it: `Err` passes the unwind on (after restoring what the frame
/// saved), `Ok` catches it with the frame's result.
pub fn kont_unwind(vm: &mut Vm, kind: Kind, kfp: usize, u: Unwind) -> Result<R<Value>, Unwind> {
    use Kind::*;
    match kind {
        WindBody => continuations::unwind_wind(vm, kfp, u),
        CallCc => continuations::unwind_call_cc(vm, kfp, u),
        Handler | Raise | Guard => exceptions::unwind(vm, kind, kfp, u),
        Parameterize => parameters::unwind(vm, kfp, u),
        _ => Err(u),
    }
}

/// Defines the control primitives.
pub fn install(vm: &mut Vm) {
    procedures::install(vm);
    continuations::install(vm);
    exceptions::install(vm);
    promises::install(vm);
    parameters::install(vm);
    system::install(vm);
}
