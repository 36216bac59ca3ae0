//! Intermediate representations: `core` (the expander's output), `node` (the interpreter's and the
//! JIT's input), `analyze` (core → node) and `quote` (literal data ↔ heap values).

pub mod analyze;
pub mod core;
pub mod core_display;
pub mod node;
pub mod quote;
