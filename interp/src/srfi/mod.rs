//! The SRFIs built into Kiln, importable as `(srfi N)`: `define-library` sources embedded in the
//! binary (`*.sld` here, loaded and expanded like library files when first imported) and the
//! primitives written in Rust where speed matters (hash tables, bitwise operations), defined
//! under reserved `%` names that only those libraries export.

use crate::vm::Vm;

/// The SRFIs built in: number, and the text of its library.
const SOURCES: &[(u32, &str)] = &[(8, include_str!("8.sld"))];

/// The SRFI numbers built in.
pub fn numbers() -> impl Iterator<Item = u32> {
    SOURCES.iter().map(|(n, _)| *n)
}

/// The file name and source text of built-in library `key` (`(srfi 8)`), if there is one.
pub fn source(key: &str) -> Option<(String, &'static str)> {
    let n: u32 = key
        .strip_prefix("(srfi ")?
        .strip_suffix(')')?
        .parse()
        .ok()?;
    let (_, text) = SOURCES.iter().find(|(m, _)| *m == n)?;
    Some((format!("<kiln>/srfi/{n}.sld"), text))
}

/// Defines the Rust primitives of the SRFIs.
pub fn install(_vm: &mut Vm) {}
