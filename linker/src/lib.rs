//! Host-side linking of Kiln aux modules. Knows nothing of Scheme: it deals in Wasm modules, their
//! imports and exports, tables and relocations.
//!
//! - `dynamic`: the `kiln:jit` host capability on wasmtime — validate, compile, check imports,
//!   instantiate against the main instance, run the patch function — with bounds on instances and
//!   table growth, a dump directory and fault injection.
//! - `policy`: which imports an aux module may have.

pub mod dynamic;
pub mod policy;

pub use dynamic::{add_to_linker, JitHost};
pub use policy::ImportPolicy;
