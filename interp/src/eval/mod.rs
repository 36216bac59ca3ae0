//! The interpreter. `compile` turns a lambda's `Node` body into bytecode on its first
//! interpreted call; `run` executes bytecode with explicit frames in linear memory (the value
//! stack for values, `vm::control` for return records), so interpreting a call or a return uses
//! no native stack; `frame` creates closures and reports arity errors.

mod code;
mod compile;
mod frame;
mod run;

pub use code::{is_tail_call, Code, PrimOp};
pub use compile::code_of;
pub use frame::{arity_error, make_closure};
pub use run::{run, run_kont};

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
