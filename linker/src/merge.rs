//! Static late linking: merges an aux module into the main module, for hosts that cannot add code
//! at run time. Knows nothing of Scheme; the aux module's contract is given as an [`AuxFormat`].
//!
//! The merged module's index spaces:
//! - functions: the main module's imports minus the stubbed ones, its defined functions, one stub
//!   per removed import (same type, returns a constant), then the aux module's defined functions
//!   except its patch function;
//! - types: the main module's, then the aux module's.
//!
//! The aux module's imports are resolved to the main module's exports of the same names: its
//! memory and table become the main module's own, its runtime functions the main module's
//! functions (runtime calls become direct `call`s). Its functions go in an active element segment
//! at the end of the table (whose minimum grows by as many slots), and each relocation becomes an
//! active data segment writing the function's table index (u32, little-endian) at the slot — data
//! segments apply in order, so it overrides the main module's data there. This does statically
//! what the patch function would do at run time, which is why the patch function is dropped.

use crate::parts::{func_type_ref, Parts};
use anyhow::{anyhow, bail, Context, Result};
use std::borrow::Cow;
use std::collections::BTreeMap;
use wasm_encoder::reencode::{Error as ReError, Reencode};
use wasm_encoder::{
    CodeSection, ConstExpr, CustomSection, DataCountSection, DataSection, ElementSection, Elements,
    ExportSection, Function, FunctionSection, ImportSection, Instruction, MemorySection, Module,
    NameMap, NameSection, StartSection, TableSection, TypeSection,
};
use wasmparser::{ExternalKind, FuncType, KnownCustom, Name, TableInit, TypeRef, ValType};

/// A function import of the main module to remove; calls to it reach a local function of the same
/// type that returns `result` (as i32 or i64).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stub {
    pub module: String,
    pub name: String,
    pub result: i32,
}

/// One relocation: store the table index of the aux module's defined function number `func`
/// (among its defined functions) at the linear-memory address `slot`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    pub slot: u32,
    pub func: u32,
}

/// The contract with whatever generated the aux module.
pub struct AuxFormat<'a> {
    /// Module name of the aux module's imports.
    pub import_module: &'a str,
    /// Export name of the patch function, which is dropped.
    pub patch_export: &'a str,
    /// The custom section holding the relocations.
    pub relocs_section: &'a str,
    /// Decodes that section; `None` if malformed.
    pub decode_relocs: &'a dyn Fn(&[u8]) -> Option<Vec<Reloc>>,
}

/// The merged module and what went into it.
#[derive(Debug)]
pub struct Merged {
    pub wasm: Vec<u8>,
    /// Aux functions added (and placed in the table).
    pub functions: u32,
    /// Relocations applied.
    pub relocations: u32,
}

/// Merges `aux` (if any) into `main` and replaces the `stubs` imports. The result is validated.
pub fn merge(
    main: &[u8],
    aux: Option<&[u8]>,
    format: &AuxFormat,
    stubs: &[Stub],
) -> Result<Merged> {
    let main = Parts::parse(main).context("reading the main module")?;
    let layout = Layout::new(&main, stubs)?;
    let aux_parts = aux
        .map(Parts::parse)
        .transpose()
        .context("reading the aux module")?;
    let linked = match &aux_parts {
        Some(a) => Some(AuxLink::new(&main, &layout, a, format)?),
        None => None,
    };
    let wasm = emit(&main, &layout, aux_parts.as_ref().zip(linked.as_ref()))?;
    validate(&wasm).context("the merged module is invalid")?;
    let (functions, relocations) =
        linked.map_or((0, 0), |l| (l.kept.len() as u32, l.relocs.len() as u32));
    Ok(Merged {
        wasm,
        functions,
        relocations,
    })
}

/// Validates a module with the default (standard) feature set, as a stock host would.
pub fn validate(wasm: &[u8]) -> Result<()> {
    wasmparser::Validator::new().validate_all(wasm)?;
    Ok(())
}

/// Where the main module's functions and stubs go.
struct Layout {
    /// Old function index → new.
    funcs: Vec<u32>,
    /// Indices (into `Parts::imports`) of the imports kept.
    kept_imports: Vec<usize>,
    /// Stub functions, in order: type index, constant, name.
    stubs: Vec<(u32, i32, String)>,
    /// Index of the first aux function.
    aux_base: u32,
}

impl Layout {
    fn new(main: &Parts, stubs: &[Stub]) -> Result<Layout> {
        let stub_for = |i: &wasmparser::Import| {
            stubs
                .iter()
                .find(|s| s.module == i.module && s.name == i.name)
        };
        let kept_funcs = main
            .imports
            .iter()
            .filter(|i| func_type_ref(i.ty).is_some() && stub_for(i).is_none())
            .count() as u32;
        let stub_base = kept_funcs + main.funcs.len() as u32;
        let mut l = Layout {
            funcs: Vec::new(),
            kept_imports: Vec::new(),
            stubs: Vec::new(),
            aux_base: 0,
        };
        let mut next_kept = 0;
        for (k, import) in main.imports.iter().enumerate() {
            match (func_type_ref(import.ty), stub_for(import)) {
                (Some(ty), Some(stub)) => {
                    l.funcs.push(stub_base + l.stubs.len() as u32);
                    l.stubs.push((
                        ty,
                        stub.result,
                        format!("{}.{} (stub)", import.module, import.name),
                    ));
                }
                (Some(_), None) => {
                    l.funcs.push(next_kept);
                    next_kept += 1;
                    l.kept_imports.push(k);
                }
                (None, Some(_)) => bail!(
                    "{}.{} is not a function import: it cannot be stubbed",
                    import.module,
                    import.name
                ),
                (None, None) => l.kept_imports.push(k),
            }
        }
        l.funcs.extend(kept_funcs..stub_base);
        l.aux_base = stub_base + l.stubs.len() as u32;
        Ok(l)
    }
}

/// How the aux module's index spaces map into the merged module's.
struct AuxLink {
    /// Aux function index → new (`None`: the dropped patch function).
    funcs: Vec<Option<u32>>,
    memories: Vec<u32>,
    tables: Vec<u32>,
    type_offset: u32,
    /// The aux module's defined functions that are kept, by defined index, in order.
    kept: Vec<u32>,
    /// New index of the first kept function (the others follow).
    func_base: u32,
    /// Main table receiving the functions, and the index of the first.
    table: u32,
    table_base: u32,
    /// (slot address, table index) pairs.
    relocs: Vec<(u32, u32)>,
    /// Main memory the relocations write to.
    memory: u32,
}

impl AuxLink {
    fn new(main: &Parts, layout: &Layout, aux: &Parts, format: &AuxFormat) -> Result<AuxLink> {
        if !aux.memories.is_empty()
            || !aux.tables.is_empty()
            || aux.globals.is_some()
            || aux.data.is_some()
        {
            bail!("the aux module defines memories, tables, globals or data; the static linker supports none of them");
        }
        if aux.start.is_some() {
            bail!("the aux module has a start function");
        }
        let mut l = AuxLink {
            funcs: Vec::new(),
            memories: Vec::new(),
            tables: Vec::new(),
            type_offset: main.types.len() as u32,
            kept: Vec::new(),
            func_base: layout.aux_base,
            table: 0,
            table_base: 0,
            relocs: Vec::new(),
            memory: 0,
        };
        l.resolve_imports(main, layout, aux, format)?;
        let patch = aux
            .exported_func(format.patch_export)
            .context("the aux module has no patch function")?;
        let imported = aux.func_imports();
        for j in 0..aux.funcs.len() as u32 {
            if imported + j == patch {
                l.funcs.push(None);
            } else {
                l.funcs.push(Some(layout.aux_base + l.kept.len() as u32));
                l.kept.push(j);
            }
        }
        l.place_in_table(main)?;
        l.relocate(main, aux, format)?;
        Ok(l)
    }

    fn resolve_imports(
        &mut self,
        main: &Parts,
        layout: &Layout,
        aux: &Parts,
        format: &AuxFormat,
    ) -> Result<()> {
        for import in &aux.imports {
            let name = import.name;
            if import.module != format.import_module {
                bail!(
                    "the aux module imports {}.{name}, not from {:?}",
                    import.module,
                    format.import_module
                );
            }
            let export = main.export(name).ok_or_else(|| {
                anyhow!("the aux module imports {name:?}, which the main module does not export")
            })?;
            match (import.ty, export.kind) {
                (TypeRef::Func(t) | TypeRef::FuncExact(t), ExternalKind::Func) => {
                    let want = aux.func_type(t)?;
                    let have = main.func_type(main.func_type_index(export.index)?)?;
                    if want != have {
                        bail!("the aux module imports {name:?} as {want}, but the main module's is {have}");
                    }
                    self.funcs.push(Some(layout.funcs[export.index as usize]));
                }
                (TypeRef::Memory(_), ExternalKind::Memory) => self.memories.push(export.index),
                (TypeRef::Table(_), ExternalKind::Table) => self.tables.push(export.index),
                _ => bail!("the aux module's import {name:?} is not the kind of thing the main module exports"),
            }
        }
        Ok(())
    }

    /// The functions go right past the end of the table the aux module imports.
    fn place_in_table(&mut self, main: &Parts) -> Result<()> {
        if self.kept.is_empty() {
            return Ok(());
        }
        self.table = *self
            .tables
            .first()
            .context("the aux module imports no table to put its functions in")?;
        let imported_tables = main
            .imports
            .iter()
            .filter(|i| matches!(i.ty, TypeRef::Table(_)))
            .count() as u32;
        let table = self
            .table
            .checked_sub(imported_tables)
            .and_then(|i| main.tables.get(i as usize))
            .context("the main module's table is imported; it must be defined to grow it")?;
        self.table_base = u32::try_from(table.ty.initial).context("table too large")?;
        Ok(())
    }

    fn relocate(&mut self, main: &Parts, aux: &Parts, format: &AuxFormat) -> Result<()> {
        let bytes = aux.custom(format.relocs_section).with_context(|| {
            format!("the aux module has no {:?} section", format.relocs_section)
        })?;
        let relocs = (format.decode_relocs)(bytes)
            .with_context(|| format!("the {:?} section is malformed", format.relocs_section))?;
        if !relocs.is_empty() {
            self.memory = *self
                .memories
                .first()
                .context("the aux module relocates memory but imports none")?;
        }
        let imported_memories = main
            .imports
            .iter()
            .filter(|i| matches!(i.ty, TypeRef::Memory(_)))
            .count() as u32;
        let memory_bytes = main
            .memory_bytes(self.memory.saturating_sub(imported_memories))
            .unwrap_or(0);
        for r in relocs {
            let pos = self
                .kept
                .iter()
                .position(|&j| j == r.func)
                .with_context(|| {
                    format!(
                        "a relocation names function {}, which the aux module does not define",
                        r.func
                    )
                })?;
            if u64::from(r.slot) + 4 > memory_bytes {
                bail!(
                    "a relocation writes at {:#x}, outside the main module's initial memory",
                    r.slot
                );
            }
            self.relocs.push((r.slot, self.table_base + pos as u32));
        }
        Ok(())
    }
}

/// Re-encodes the main module's index references.
struct MainMap<'l>(&'l Layout);

impl Reencode for MainMap<'_> {
    type Error = String;

    fn function_index(&mut self, func: u32) -> Result<u32, ReError<String>> {
        self.0
            .funcs
            .get(func as usize)
            .copied()
            .ok_or_else(|| ReError::UserError(format!("function index {func} out of range")))
    }
}

/// Re-encodes the aux module's index references into the merged module's.
struct AuxMap<'l>(&'l AuxLink);

fn unsupported<T>(what: &str) -> Result<T, ReError<String>> {
    Err(ReError::UserError(format!(
        "an aux function uses {what}, which the static linker does not support"
    )))
}

impl Reencode for AuxMap<'_> {
    type Error = String;

    fn function_index(&mut self, func: u32) -> Result<u32, ReError<String>> {
        match self.0.funcs.get(func as usize) {
            Some(Some(f)) => Ok(*f),
            Some(None) => unsupported("the patch function"),
            None => unsupported("an out-of-range function index"),
        }
    }

    fn type_index(&mut self, ty: u32) -> Result<u32, ReError<String>> {
        Ok(ty + self.0.type_offset)
    }

    fn memory_index(&mut self, memory: u32) -> Result<u32, ReError<String>> {
        self.0
            .memories
            .get(memory as usize)
            .copied()
            .map_or_else(|| unsupported("an undefined memory"), Ok)
    }

    fn table_index(&mut self, table: u32) -> Result<u32, ReError<String>> {
        self.0
            .tables
            .get(table as usize)
            .copied()
            .map_or_else(|| unsupported("an undefined table"), Ok)
    }

    fn element_index(&mut self, _: u32) -> Result<u32, ReError<String>> {
        unsupported("an element segment")
    }

    fn data_index(&mut self, _: u32) -> Result<u32, ReError<String>> {
        unsupported("a data segment")
    }

    fn global_index(&mut self, _: u32) -> Result<u32, ReError<String>> {
        unsupported("a global")
    }
}

/// Converts a re-encoding error (whose `Display` hides parse errors' details).
fn re<T>(r: Result<T, ReError<String>>) -> Result<T> {
    r.map_err(|e| match e {
        ReError::ParseError(e) => anyhow!(e),
        e => anyhow!("{e}"),
    })
}

/// Builds the merged module, sections in the required order.
fn emit(main: &Parts, layout: &Layout, aux: Option<(&Parts, &AuxLink)>) -> Result<Vec<u8>> {
    let mut m = MainMap(layout);
    let mut module = Module::new();
    let mut types = TypeSection::new();
    if let Some(r) = &main.type_section {
        re(m.parse_type_section(&mut types, r.clone()))?;
    }
    if let Some((a, l)) = aux {
        if let Some(r) = &a.type_section {
            re(AuxMap(l).parse_type_section(&mut types, r.clone()))?;
        }
    }
    module.section(&types);
    let mut imports = ImportSection::new();
    for &k in &layout.kept_imports {
        let i = &main.imports[k];
        imports.import(i.module, i.name, re(m.entity_type(i.ty))?);
    }
    module.section(&imports);
    let mut funcs = FunctionSection::new();
    main.funcs.iter().for_each(|&t| _ = funcs.function(t));
    layout.stubs.iter().for_each(|s| _ = funcs.function(s.0));
    if let Some((a, l)) = aux {
        l.kept
            .iter()
            .for_each(|&j| _ = funcs.function(a.funcs[j as usize] + l.type_offset));
    }
    module.section(&funcs);
    module.section(&tables(main, &mut m, aux.map(|(_, l)| l))?);
    let mut memories = MemorySection::new();
    for &mt in &main.memories {
        memories.memory(re(m.memory_type(mt))?);
    }
    module.section(&memories);
    if let Some(r) = &main.globals {
        let mut globals = wasm_encoder::GlobalSection::new();
        re(m.parse_global_section(&mut globals, r.clone()))?;
        module.section(&globals);
    }
    let mut exports = ExportSection::new();
    for e in &main.exports {
        exports.export(
            e.name,
            re(m.export_kind(e.kind))?,
            re(m.external_index(e.kind, e.index))?,
        );
    }
    module.section(&exports);
    if let Some(start) = main.start {
        module.section(&StartSection {
            function_index: re(m.function_index(start))?,
        });
    }
    module.section(&elements(main, &mut m, aux.map(|(_, l)| l))?);
    let added_data = aux.map_or(0, |(_, l)| l.relocs.len() as u32);
    if let Some(count) = main.data_count {
        module.section(&DataCountSection {
            count: count + added_data,
        });
    }
    module.section(&code(main, &mut m, layout, aux)?);
    module.section(&data(main, &mut m, aux.map(|(_, l)| l))?);
    for c in main.customs.iter().filter(|c| c.name() != "name") {
        module.section(&CustomSection {
            name: Cow::Borrowed(c.name()),
            data: Cow::Borrowed(c.data()),
        });
    }
    module.section(&names(main, &mut m, layout, aux)?);
    Ok(module.finish())
}

fn tables(main: &Parts, m: &mut MainMap, aux: Option<&AuxLink>) -> Result<TableSection> {
    let imported = main
        .imports
        .iter()
        .filter(|i| matches!(i.ty, TypeRef::Table(_)))
        .count() as u32;
    let mut tables = TableSection::new();
    for (i, t) in main.tables.iter().enumerate() {
        let mut ty = re(m.table_type(t.ty))?;
        if let Some(l) = aux.filter(|l| !l.kept.is_empty() && l.table == imported + i as u32) {
            ty.minimum += l.kept.len() as u64;
            if ty.maximum.is_some_and(|max| max < ty.minimum) {
                bail!(
                    "the main table's maximum ({:?}) leaves no room for {} functions",
                    ty.maximum,
                    l.kept.len()
                );
            }
        }
        match &t.init {
            TableInit::RefNull => tables.table(ty),
            TableInit::Expr(e) => tables.table_with_init(ty, &re(m.const_expr(e.clone()))?),
        };
    }
    Ok(tables)
}

fn elements(main: &Parts, m: &mut MainMap, aux: Option<&AuxLink>) -> Result<ElementSection> {
    let mut elems = ElementSection::new();
    if let Some(r) = &main.elements {
        re(m.parse_element_section(&mut elems, r.clone()))?;
    }
    if let Some(l) = aux.filter(|l| !l.kept.is_empty()) {
        let indices: Vec<u32> = (l.func_base..l.func_base + l.kept.len() as u32).collect();
        let table = (l.table != 0).then_some(l.table);
        elems.active(
            table,
            &ConstExpr::i32_const(l.table_base as i32),
            Elements::Functions(Cow::Owned(indices)),
        );
    }
    Ok(elems)
}

fn code(
    main: &Parts,
    m: &mut MainMap,
    layout: &Layout,
    aux: Option<(&Parts, &AuxLink)>,
) -> Result<CodeSection> {
    let mut code = CodeSection::new();
    for body in &main.bodies {
        re(m.parse_function_body(&mut code, body.clone()))?;
    }
    for (ty, result, name) in &layout.stubs {
        code.function(
            &stub(main.func_type(*ty)?, *result).with_context(|| format!("stubbing {name}"))?,
        );
    }
    if let Some((a, l)) = aux {
        let mut map = AuxMap(l);
        for &j in &l.kept {
            re(map.parse_function_body(&mut code, a.bodies[j as usize].clone()))?;
        }
    }
    Ok(code)
}

/// A function of type `ty` returning `result` (it ignores its parameters).
fn stub(ty: &FuncType, result: i32) -> Result<Function> {
    let mut f = Function::new([]);
    for r in ty.results() {
        f.instruction(&match r {
            ValType::I32 => Instruction::I32Const(result),
            ValType::I64 => Instruction::I64Const(result.into()),
            other => bail!("cannot stub a function returning {other}"),
        });
    }
    f.instruction(&Instruction::End);
    Ok(f)
}

fn data(main: &Parts, m: &mut MainMap, aux: Option<&AuxLink>) -> Result<DataSection> {
    let mut data = DataSection::new();
    if let Some(r) = &main.data {
        re(m.parse_data_section(&mut data, r.clone()))?;
    }
    for &(slot, index) in aux.iter().flat_map(|l| &l.relocs) {
        let memory = aux.map_or(0, |l| l.memory);
        data.active(
            memory,
            &ConstExpr::i32_const(slot as i32),
            index.to_le_bytes(),
        );
    }
    Ok(data)
}

/// Function names of the main module (renumbered), the stubs and the aux functions; the module
/// name. Other name subsections (locals, data segments…) are dropped: Wizer renumbers data.
fn names(
    main: &Parts,
    m: &mut MainMap,
    layout: &Layout,
    aux: Option<(&Parts, &AuxLink)>,
) -> Result<NameSection> {
    let mut section = NameSection::new();
    let mut functions = BTreeMap::new();
    for name in name_subsections(main)? {
        match name? {
            Name::Module { name, .. } => section.module(name),
            Name::Function(map) => {
                for n in map {
                    let n = n?;
                    functions.insert(re(m.function_index(n.index))?, n.name.to_string());
                }
            }
            _ => {}
        }
    }
    for (i, (_, _, name)) in layout.stubs.iter().enumerate() {
        functions.insert(
            layout.aux_base - layout.stubs.len() as u32 + i as u32,
            name.clone(),
        );
    }
    if let Some((a, l)) = aux {
        let imported = a.func_imports();
        for name in name_subsections(a)? {
            if let Name::Function(map) = name? {
                for n in map {
                    let n = n?;
                    if let Some(Some(new)) = l
                        .funcs
                        .get(n.index as usize)
                        .filter(|_| n.index >= imported)
                    {
                        functions.insert(*new, n.name.to_string());
                    }
                }
            }
        }
    }
    let mut map = NameMap::new();
    functions.iter().for_each(|(i, n)| map.append(*i, n));
    section.functions(&map);
    Ok(section)
}

fn name_subsections<'a>(p: &Parts<'a>) -> Result<Vec<wasmparser::Result<Name<'a>>>> {
    Ok(
        match p
            .customs
            .iter()
            .find(|c| c.name() == "name")
            .map(|c| c.as_known())
        {
            Some(KnownCustom::Name(reader)) => reader.into_iter().collect(),
            _ => Vec::new(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = r#"(module
        (import "host" "log" (func $log (param i32)))
        (import "kiln:jit" "link" (func $link (param i32 i32) (result i32)))
        (type $code (func (param i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (table (export "table") 2 funcref)
        (elem (i32.const 1) $double)
        (func $double (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
        (func (export "call_slot") (result i32)
            i32.const 10 i32.const 0 i32.const 0 i32.const 64 i32.load call_indirect (type $code))
        (func (export "try_link") (result i32) i32.const 0 call $log i32.const 0 i32.const 0 call $link)
        (data (i32.const 60) "\ff\ff\ff\ff\00\00\00\00"))"#;

    /// Function 0 returns `double(proc) + 1`; the relocation puts it in the slot at 64.
    const AUX: &str = r#"(module
        (type $code (func (param i32 i32 i32) (result i32)))
        (import "env" "double" (func $double (param i32) (result i32)))
        (import "env" "memory" (memory 0))
        (import "env" "table" (table 0 funcref))
        (func $f (type $code) local.get 0 call $double i32.const 1 i32.add)
        (func (export "patch") (result i32) ref.null func i32.const 1 table.grow 0)
        (@custom "relocs" "\01\01\40\00"))"#;

    fn decode(b: &[u8]) -> Option<Vec<Reloc>> {
        let pairs = b.get(2..)?.chunks(2);
        (b.len() == 2 + 2 * *b.get(1)? as usize).then(|| {
            pairs
                .map(|c| Reloc {
                    slot: c[0].into(),
                    func: c[1].into(),
                })
                .collect()
        })
    }

    fn format() -> AuxFormat<'static> {
        AuxFormat {
            import_module: "env",
            patch_export: "patch",
            relocs_section: "relocs",
            decode_relocs: &decode,
        }
    }

    fn stubs() -> Vec<Stub> {
        vec![Stub {
            module: "kiln:jit".into(),
            name: "link".into(),
            result: -1,
        }]
    }

    fn merge_text(aux: Option<&str>) -> Result<Merged> {
        let aux = aux.map(|a| wat::parse_str(a).unwrap());
        merge(
            &wat::parse_str(MAIN).unwrap(),
            aux.as_deref(),
            &format(),
            &stubs(),
        )
    }

    fn call(wasm: &[u8], export: &str) -> i32 {
        let engine = wasmtime::Engine::default();
        let module = wasmtime::Module::new(&engine, wasm).unwrap();
        let mut linker = wasmtime::Linker::new(&engine);
        linker.func_wrap("host", "log", |_: i32| {}).unwrap();
        let mut store = wasmtime::Store::new(&engine, ());
        let instance = linker.instantiate(&mut store, &module).unwrap();
        instance
            .get_typed_func::<(), i32>(&mut store, export)
            .unwrap()
            .call(&mut store, ())
            .unwrap()
    }

    #[test]
    fn aux_code_is_linked_through_its_relocation() {
        let merged = merge_text(Some(AUX)).unwrap();
        assert_eq!((merged.functions, merged.relocations), (1, 1));
        assert_eq!(call(&merged.wasm, "call_slot"), 21);
        assert_eq!(
            crate::inspect::data_image(&merged.wasm, 0, 60, 8).unwrap(),
            [0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0]
        );
        let table = Parts::parse(&merged.wasm).unwrap().tables[0].ty;
        assert_eq!(table.initial, 3);
    }

    #[test]
    fn stubbed_import_is_gone_and_returns_its_constant() {
        for aux in [None, Some(AUX)] {
            let merged = merge_text(aux).unwrap();
            assert_eq!(
                crate::inspect::imports(&merged.wasm).unwrap(),
                [("host".to_string(), "log".to_string())]
            );
            assert_eq!(call(&merged.wasm, "try_link"), -1);
        }
    }

    #[test]
    fn output_is_deterministic_and_keeps_names() {
        let a = merge_text(Some(AUX)).unwrap().wasm;
        assert_eq!(a, merge_text(Some(AUX)).unwrap().wasm);
        let p = Parts::parse(&a).unwrap();
        let names: Vec<String> = name_subsections(&p)
            .unwrap()
            .into_iter()
            .filter_map(|n| match n.unwrap() {
                Name::Function(map) => Some(
                    map.into_iter()
                        .map(|n| n.unwrap().name.to_string())
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .flatten()
            .collect();
        assert!(
            names.contains(&"kiln:jit.link (stub)".to_string()),
            "{names:?}"
        );
        assert!(
            names.contains(&"double".to_string()) && names.contains(&"f".to_string()),
            "{names:?}"
        );
    }

    #[test]
    fn bad_aux_modules_are_refused() {
        let missing = AUX.replace(r#""env" "double""#, r#""env" "triple""#);
        assert!(
            format!("{:#}", merge_text(Some(&missing)).unwrap_err()).contains("does not export")
        );
        let wrong_type = AUX
            .replace(
                "(import \"env\" \"double\" (func $double (param i32) (result i32)))",
                "(import \"env\" \"double\" (func $double (param i32 i32) (result i32)))",
            )
            .replace("local.get 0 call", "local.get 0 local.get 0 call");
        assert!(format!("{:#}", merge_text(Some(&wrong_type)).unwrap_err()).contains("as (func"));
        let bad_func = AUX.replace(r#"\01\01\40\00"#, r#"\01\01\40\05"#);
        assert!(
            format!("{:#}", merge_text(Some(&bad_func)).unwrap_err()).contains("does not define")
        );
        let corrupt = AUX.replace(r#"\01\01\40\00"#, r#"\01\02\40"#);
        assert!(format!("{:#}", merge_text(Some(&corrupt)).unwrap_err()).contains("malformed"));
    }
}
