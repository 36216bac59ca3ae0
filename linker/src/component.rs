//! Componentization: a core module that speaks WASI preview 1 and implements a component world's
//! exports (declared, as bindings generators do, in `component-type:*` custom sections) becomes
//! a component, with `wit-component` and a preview-1 adapter that implements the preview-1
//! imports on top of the world's WASI 0.2 imports.
//!
//! Only the exports a component encoding uses are kept: interface functions (`iface#func`),
//! their `cabi_post_*` cleanups, `cabi_realloc`, `_initialize` and the memory. Anything else —
//! the entry points other hosts call, the function table — is dropped first, since
//! `wit-component` refuses exports the world does not name.

use anyhow::{Context, Result};
use wasm_encoder::{ExportKind, ExportSection, Module, RawSection};
use wasmparser::{ExternalKind, Parser, Payload};

/// A preview-1 adapter: the module name its exports replace, and its bytes.
pub struct Adapter<'a> {
    pub name: &'a str,
    pub wasm: &'a [u8],
}

/// The component made of `core` and `adapter`, validated.
pub fn componentize(core: &[u8], adapter: &Adapter) -> Result<Vec<u8>> {
    let core = keep_component_exports(core).context("trimming the core module's exports")?;
    wit_component::ComponentEncoder::default()
        .module(&core)
        .context("reading the world the core module declares")?
        .adapter(adapter.name, adapter.wasm)
        .context("adding the preview-1 adapter")?
        .validate(true)
        .encode()
        .context("encoding the component")
}

/// Whether a component encoding uses the core export `name`.
fn is_component_export(name: &str) -> bool {
    matches!(name, "memory" | "cabi_realloc" | "_initialize")
        || name.starts_with("cabi_post_")
        || name.contains('#')
}

/// `wasm` with only the exports [`is_component_export`] keeps; every other section as it was.
pub fn keep_component_exports(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if let Payload::ExportSection(reader) = &payload {
            let mut exports = ExportSection::new();
            for export in reader.clone() {
                let export = export?;
                if is_component_export(export.name) {
                    exports.export(export.name, kind(export.kind), export.index);
                }
            }
            module.section(&exports);
        } else if let Some((id, range)) = payload.as_section() {
            module.section(&RawSection {
                id,
                data: &wasm[range],
            });
        }
    }
    Ok(module.finish())
}

fn kind(kind: ExternalKind) -> ExportKind {
    match kind {
        ExternalKind::Func | ExternalKind::FuncExact => ExportKind::Func,
        ExternalKind::Table => ExportKind::Table,
        ExternalKind::Memory => ExportKind::Memory,
        ExternalKind::Global => ExportKind::Global,
        ExternalKind::Tag => ExportKind::Tag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_component_exports_are_kept() {
        let wasm = wat::parse_str(
            r#"(module
                (memory (export "memory") 1)
                (table (export "__indirect_function_table") 1 funcref)
                (func (export "wasi:http/incoming-handler@0.2.12#handle") (param i32 i32))
                (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
                (func (export "kiln_run"))
                (@custom "kept" "x"))"#,
        )
        .unwrap();
        let trimmed = keep_component_exports(&wasm).unwrap();
        wasmparser::Validator::new().validate_all(&trimmed).unwrap();
        let names: Vec<String> = crate::inspect::exports(&trimmed).unwrap();
        assert_eq!(
            names,
            [
                "memory",
                "wasi:http/incoming-handler@0.2.12#handle",
                "cabi_realloc"
            ]
        );
        let custom = Parser::new(0).parse_all(&trimmed).any(|p| {
            matches!(p, Ok(Payload::CustomSection(c)) if c.name() == "kept" && c.data() == b"x")
        });
        assert!(custom, "custom sections pass through");
    }
}
