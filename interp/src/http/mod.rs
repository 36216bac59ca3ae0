//! `(kiln http)`: Scheme HTTP handlers. A program defines `(define (handle request) …)`
//! returning a response; `kiln bundle --http` makes it a `wasi:http/proxy` component.
//!
//! - `types`: the request and response records and their primitives (global in every guest, so
//!   a handler can be tried under `kiln run` with `make-request`);
//! - `handler`: runs the program's `handle` on one request and checks what it returned;
//! - `bundle`: the Wizer init run of an http component and the training export;
//! - `wasi` (wasm32 only): the `wasi:http/incoming-handler` export, where the component world
//!   meets the interpreter.

pub mod bundle;
pub mod handler;
pub mod types;
#[cfg(target_arch = "wasm32")]
mod wasi;

pub use handler::{Body, Incoming, Reply};
