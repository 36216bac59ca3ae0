//! Scheme strings: UTF-8 text indexed by character, as R7RS requires.

pub mod sstring;
pub use sstring::SString;
