//! Kiln's code generator. It runs inside the guest: it turns the JIT IR of hot lambdas into one
//! auxiliary Wasm module (with `wasm-encoder`) whose patch function installs the code into the main
//! module's function table. It knows nothing of wasmtime.
//!
//! - `ir`: what the runtime hands over (lambdas with every address resolved).
//! - `emit`: one lambda → one Wasm function.
//! - `module`: a batch → one module with its patch function.
//! - `runtime`: the declared runtime imports (the only functions an aux module may import).
//! - `relocs`: the relocation section read by static linkers.
//! - `layout`: the one home of heap object layouts (tags, offsets, sizes), shared with the runtime.
//! - `abi`: the guest's export names, shared buffer layouts and exit statuses (not code
//!   generation; here because every side of Kiln already depends on this crate).

pub mod abi;
pub mod emit;
pub mod ir;
pub mod layout;
pub mod module;
pub mod relocs;
pub mod runtime;

pub use module::{assemble, PATCH_EXPORT};
