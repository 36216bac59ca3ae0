//! The SRFIs built into Kiln, importable as `(srfi N)`: `define-library` sources embedded in the
//! binary (`*.sld` here, loaded and expanded like library files when first imported) and the
//! primitives written in Rust where speed matters (hash tables, bitwise operations), defined
//! under reserved `%` names that only those libraries export.

mod bitwise;
// In the guest only: the libraries use the runtime's `%` primitives (guest_unit runs it).
#[cfg(all(test, target_arch = "wasm32"))]
mod documents;
mod hash_tables;
mod hashing;

use crate::vm::Vm;

/// The SRFIs built in: number, and the text of its library.
const SOURCES: &[(u32, &str)] = &[
    (1, include_str!("1.sld")),
    (2, include_str!("2.sld")),
    (8, include_str!("8.sld")),
    (26, include_str!("26.sld")),
    (28, include_str!("28.sld")),
    (69, include_str!("69.sld")),
    (125, include_str!("125.sld")),
    (128, include_str!("128.sld")),
    (132, include_str!("132.sld")),
    (133, include_str!("133.sld")),
    (143, include_str!("143.sld")),
    (151, include_str!("151.sld")),
];

/// Built-in libraries that are not SRFIs: the hash tables SRFI 69 and 125 share.
const INTERNAL: &[(&str, &str, &str)] = &[(
    "(kiln hash-tables)",
    "<kiln>/srfi/hash-tables.sld",
    include_str!("hash-tables.sld"),
)];

/// The SRFI numbers built in.
pub fn numbers() -> impl Iterator<Item = u32> {
    SOURCES.iter().map(|(n, _)| *n)
}

/// The file name and source text of built-in library `key` (`(srfi 8)`), if there is one.
pub fn source(key: &str) -> Option<(String, &'static str)> {
    if let Some((_, file, text)) = INTERNAL.iter().find(|(k, _, _)| *k == key) {
        return Some((file.to_string(), text));
    }
    let n: u32 = key
        .strip_prefix("(srfi ")?
        .strip_suffix(')')?
        .parse()
        .ok()?;
    let (_, text) = SOURCES.iter().find(|(m, _)| *m == n)?;
    Some((format!("<kiln>/srfi/{n}.sld"), text))
}

/// Defines the Rust primitives of the SRFIs.
pub fn install(vm: &mut Vm) {
    hash_tables::install(vm);
    bitwise::install(vm);
}
