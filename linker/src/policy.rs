//! What an aux module may import: the main module's memory and function table, and a declared list
//! of the main module's function exports. Everything else is rejected before instantiation.

use anyhow::{bail, Result};
use wasmtime::{ExternType, Module};

/// Module name aux modules import from.
pub const IMPORT_MODULE: &str = "env";
/// The main module's memory export.
pub const MEMORY: &str = "memory";
/// The main module's table export.
pub const TABLE: &str = "__indirect_function_table";

/// The allowed function imports.
#[derive(Clone, Debug, Default)]
pub struct ImportPolicy {
    pub functions: Vec<String>,
}

impl ImportPolicy {
    /// A policy allowing these function names.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(functions: I) -> ImportPolicy {
        ImportPolicy {
            functions: functions.into_iter().map(Into::into).collect(),
        }
    }

    /// Checks every import of `module`.
    pub fn check(&self, module: &Module) -> Result<()> {
        for import in module.imports() {
            let (m, name) = (import.module(), import.name());
            if m != IMPORT_MODULE {
                bail!("import from module {m:?} is not allowed (only {IMPORT_MODULE:?})");
            }
            match import.ty() {
                ExternType::Memory(_) if name == MEMORY => {}
                ExternType::Table(_) if name == TABLE => {}
                ExternType::Func(_) if self.functions.iter().any(|f| f == name) => {}
                _ => bail!("import {m}.{name} is not in the declared list of runtime exports"),
            }
        }
        Ok(())
    }
}
