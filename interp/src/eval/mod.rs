//! The interpreter: executes `ir::node` trees. `exec` evaluates one node in a frame; `run_closure`
//! sets up a closure's frame and runs its body.

mod exec;
mod frame;

pub use exec::exec;
pub use frame::{arity_error, make_closure, run_closure};
