//! A core Wasm module split into its sections, with the index spaces the static linker needs
//! (types, function imports, defined functions) resolved up front.

use anyhow::{anyhow, bail, Context, Result};
use wasmparser::{
    CompositeInnerType, CustomSectionReader, DataSectionReader, ElementSectionReader, Encoding,
    Export, ExternalKind, FuncType, FunctionBody, GlobalSectionReader, Import, MemoryType, Parser,
    Payload, Table, TypeRef, TypeSectionReader,
};

/// The sections of one module. Readers borrow the module's bytes; nothing is copied.
#[derive(Default)]
pub(crate) struct Parts<'a> {
    pub type_section: Option<TypeSectionReader<'a>>,
    /// Every type by index; `None` for non-function types.
    pub types: Vec<Option<FuncType>>,
    pub imports: Vec<Import<'a>>,
    /// Type index of each defined function.
    pub funcs: Vec<u32>,
    pub tables: Vec<Table<'a>>,
    pub memories: Vec<MemoryType>,
    pub globals: Option<GlobalSectionReader<'a>>,
    pub exports: Vec<Export<'a>>,
    pub start: Option<u32>,
    pub elements: Option<ElementSectionReader<'a>>,
    pub data_count: Option<u32>,
    pub bodies: Vec<FunctionBody<'a>>,
    pub data: Option<DataSectionReader<'a>>,
    pub customs: Vec<CustomSectionReader<'a>>,
}

impl<'a> Parts<'a> {
    /// Splits `wasm` (which should be valid) into its parts. Component-model and tag sections are
    /// refused: no Kiln module has them.
    pub fn parse(wasm: &'a [u8]) -> Result<Parts<'a>> {
        let mut p = Parts::default();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::Version {
                    encoding: Encoding::Module,
                    ..
                } => {}
                Payload::Version { .. } => bail!("not a core Wasm module"),
                Payload::TypeSection(r) => {
                    for group in r.clone() {
                        for ty in group?.into_types() {
                            p.types.push(match ty.composite_type.inner {
                                CompositeInnerType::Func(f) => Some(f),
                                _ => None,
                            });
                        }
                    }
                    p.type_section = Some(r);
                }
                Payload::ImportSection(r) => {
                    for import in r.into_imports() {
                        p.imports.push(import?);
                    }
                }
                Payload::FunctionSection(r) => p.funcs = r.into_iter().collect::<Result<_, _>>()?,
                Payload::TableSection(r) => p.tables = r.into_iter().collect::<Result<_, _>>()?,
                Payload::MemorySection(r) => {
                    p.memories = r.into_iter().collect::<Result<_, _>>()?
                }
                Payload::GlobalSection(r) => p.globals = Some(r),
                Payload::ExportSection(r) => p.exports = r.into_iter().collect::<Result<_, _>>()?,
                Payload::StartSection { func, .. } => p.start = Some(func),
                Payload::ElementSection(r) => p.elements = Some(r),
                Payload::DataCountSection { count, .. } => p.data_count = Some(count),
                Payload::CodeSectionStart { .. } | Payload::End(_) => {}
                Payload::CodeSectionEntry(body) => p.bodies.push(body),
                Payload::DataSection(r) => p.data = Some(r),
                Payload::CustomSection(c) => p.customs.push(c),
                _ => bail!("the module has a section the static linker does not support"),
            }
        }
        Ok(p)
    }

    /// Number of imported functions (they come first in the function index space).
    pub fn func_imports(&self) -> u32 {
        self.imports.iter().filter(|i| is_func(i.ty)).count() as u32
    }

    /// The type index of function `index` (imported or defined).
    pub fn func_type_index(&self, index: u32) -> Result<u32> {
        let mut imported = self.imports.iter().filter_map(|i| func_type_ref(i.ty));
        let n = self.func_imports();
        let ty = if index < n {
            imported.nth(index as usize)
        } else {
            self.funcs.get((index - n) as usize).copied()
        };
        ty.ok_or_else(|| anyhow!("function index {index} is out of range"))
    }

    /// The signature of type `index`.
    pub fn func_type(&self, index: u32) -> Result<&FuncType> {
        self.types
            .get(index as usize)
            .and_then(Option::as_ref)
            .ok_or_else(|| anyhow!("type index {index} is not a function type"))
    }

    /// The export named `name`.
    pub fn export(&self, name: &str) -> Option<&Export<'a>> {
        self.exports.iter().find(|e| e.name == name)
    }

    /// The index of the function exported as `name`.
    pub fn exported_func(&self, name: &str) -> Result<u32> {
        match self.export(name) {
            Some(e) if e.kind == ExternalKind::Func => Ok(e.index),
            _ => Err(anyhow!("no function is exported as {name:?}")),
        }
    }

    /// The payload of the custom section `name`, if present.
    pub fn custom(&self, name: &str) -> Option<&'a [u8]> {
        self.customs
            .iter()
            .find(|c| c.name() == name)
            .map(|c| c.data())
    }

    /// Initial size in bytes of memory `index` (a defined memory).
    pub fn memory_bytes(&self, index: u32) -> Result<u64> {
        let m = self
            .memories
            .get(index as usize)
            .context("the memory is not defined in the module")?;
        Ok(m.initial << m.page_size_log2.unwrap_or(16))
    }
}

/// Whether an import is a function.
pub(crate) fn is_func(ty: TypeRef) -> bool {
    func_type_ref(ty).is_some()
}

/// The type index of a function import.
pub(crate) fn func_type_ref(ty: TypeRef) -> Option<u32> {
    match ty {
        TypeRef::Func(t) | TypeRef::FuncExact(t) => Some(t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_spaces_are_resolved() {
        let wasm = wat(r#"(module
            (import "m" "f" (func (param i32)))
            (import "m" "mem" (memory 1))
            (func (result i32) i32.const 1)
            (func (export "g") (param i32))
            (memory 2)
            (@custom "extra" "xyz"))"#);
        let p = Parts::parse(&wasm).unwrap();
        assert_eq!(p.func_imports(), 1);
        assert_eq!(p.exported_func("g").unwrap(), 2);
        let g_type = p.func_type_index(2).unwrap();
        assert_eq!(
            p.func_type(g_type).unwrap().params(),
            [wasmparser::ValType::I32]
        );
        assert!(p.func_type_index(3).is_err());
        assert_eq!(p.custom("extra"), Some(&b"xyz"[..]));
        assert_eq!(p.memory_bytes(0).unwrap(), 2 << 16);
    }

    fn wat(text: &str) -> Vec<u8> {
        wat::parse_str(text).expect("valid wat")
    }
}
