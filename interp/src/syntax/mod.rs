//! Source syntax: the `Datum` tree and the reader that produces it from text.

pub mod datum;
pub mod datum_display;
mod lexer;
pub mod lines;
pub mod reader;
