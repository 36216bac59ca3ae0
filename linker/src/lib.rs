//! Host-side linking of Kiln aux modules. Knows nothing of Scheme: it deals in Wasm modules, their
//! imports and exports, tables and relocations.
//!
//! - `background`: the compile thread of background compilation (`Module::new` off the guest's
//!   thread; the guest links finished modules when it polls).
//! - `dynamic`: the `kiln:jit` host capability on wasmtime — validate, compile, check imports,
//!   instantiate against the main instance, run the patch function — with bounds on instances and
//!   table growth, a dump directory and fault injection.
//! - `policy`: which imports an aux module may have.
//! - `merge`: static late linking of an aux module into the main module (for hosts without a
//!   link capability), replacing chosen imports by stubs.
//! - `snapshot`: Wizer snapshots driven step by step, with a deterministic WASI for init runs.
//! - `inspect`: a module's imports and exports, and the memory image its data segments describe.
//! - `component`: a core module and a preview-1 adapter made into a component (`wit-component`).

pub mod background;
pub mod component;
pub mod dynamic;
pub mod inspect;
pub mod merge;
mod parts;
pub mod policy;
pub mod snapshot;

pub use dynamic::{add_to_linker, JitHost};
pub use policy::ImportPolicy;
