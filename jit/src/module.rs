//! Assembling one aux module: imports (memory, table, runtime functions), the compiled functions,
//! the patch function, a passive element segment, the relocation section and a name section.
//!
//! Function index space: runtime imports `0..R`, compiled functions `R..R+N`, patch `R+N`, then
//! the out-of-line helpers the compiled functions call (`emit::helpers`; not in the table).
//! The patch function (export `patch`, `() -> i32`): grows the table by N, copies the functions in
//! with `table.init`, stores each function's table index into its lambda's code slot, and returns
//! the first new index (-1 if the table could not grow).

use crate::emit::{self, Helpers, CODE_TYPE};
use crate::ir::Batch;
use crate::relocs::{self, Reloc};
use crate::runtime::RUNTIME;
use std::borrow::Cow;
use wasm_encoder::{
    CodeSection, CustomSection, ElementSection, Elements, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, ImportSection, Instruction as I, MemArg, MemoryType, Module,
    NameMap, NameSection, RefType, TableType, TypeSection, ValType,
};

/// Name of the patch function's export.
pub const PATCH_EXPORT: &str = "patch";

/// Builds the aux module for `batch`.
pub fn assemble(batch: &Batch) -> Vec<u8> {
    let n = batch.functions.len() as u32;
    let r = RUNTIME.len() as u32;
    // The bodies first: they decide which helpers the module needs.
    let mut helpers = Helpers::new(r + n + 1);
    let bodies: Vec<Function> = batch
        .functions
        .iter()
        .enumerate()
        .map(|(i, f)| emit::compile(batch, f, r, i as u32, &mut helpers))
        .collect();
    let helper_fns = helpers.functions(&batch.vm);
    let mut module = Module::new();
    let mut types = types();
    for (_, params, _) in &helper_fns {
        types.ty().function(params.iter().copied(), [ValType::I32]);
    }
    module.section(&types);
    module.section(&imports());
    let mut funcs = FunctionSection::new();
    for _ in 0..n {
        funcs.function(CODE_TYPE);
    }
    funcs.function(patch_type_index());
    for k in 0..helper_fns.len() as u32 {
        funcs.function(patch_type_index() + 1 + k);
    }
    module.section(&funcs);
    let mut exports = ExportSection::new();
    exports.export(PATCH_EXPORT, ExportKind::Func, r + n);
    module.section(&exports);
    let mut elems = ElementSection::new();
    let indices: Vec<u32> = (r..r + n).collect();
    elems.passive(Elements::Functions(Cow::Owned(indices)));
    module.section(&elems);
    let mut code = CodeSection::new();
    for body in &bodies {
        code.function(body);
    }
    code.function(&patch(batch));
    for (_, _, body) in &helper_fns {
        code.function(body);
    }
    module.section(&code);
    let relocs: Vec<Reloc> = batch
        .functions
        .iter()
        .enumerate()
        .map(|(i, f)| Reloc {
            slot: f.code_slot,
            func: i as u32,
        })
        .collect();
    module.section(&CustomSection {
        name: Cow::Borrowed(relocs::SECTION),
        data: Cow::Owned(relocs::encode(&relocs)),
    });
    let helper_names: Vec<&str> = helper_fns
        .iter()
        .map(|(name, _, _)| name.as_str())
        .collect();
    module.section(&names(batch, r, &helper_names));
    module.finish()
}

/// Type 0: compiled code; then one type per runtime function; then the patch type (then the
/// helpers' types, one per helper, added by `assemble`).
fn types() -> TypeSection {
    let mut t = TypeSection::new();
    t.ty().function([ValType::I32; 3], [ValType::I32]);
    for f in RUNTIME {
        t.ty()
            .function(f.params.iter().copied(), f.results.iter().copied());
    }
    t.ty().function([], [ValType::I32]);
    t
}

fn patch_type_index() -> u32 {
    1 + RUNTIME.len() as u32
}

fn imports() -> ImportSection {
    let mut imports = ImportSection::new();
    for (i, f) in RUNTIME.iter().enumerate() {
        imports.import("env", f.name, EntityType::Function(1 + i as u32));
    }
    let memory = MemoryType {
        minimum: 0,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    };
    imports.import("env", "memory", memory);
    let table = TableType {
        element_type: RefType::FUNCREF,
        table64: false,
        minimum: 0,
        maximum: None,
        shared: false,
    };
    imports.import("env", "__indirect_function_table", table);
    imports
}

fn patch(batch: &Batch) -> Function {
    let n = batch.functions.len() as i32;
    let mut f = Function::new_with_locals_types([ValType::I32]);
    let base = 0;
    f.instruction(&I::RefNull(wasm_encoder::HeapType::FUNC));
    f.instruction(&I::I32Const(n));
    f.instruction(&I::TableGrow(0));
    f.instruction(&I::LocalTee(base));
    f.instruction(&I::I32Const(-1));
    f.instruction(&I::I32Eq);
    f.instruction(&I::If(wasm_encoder::BlockType::Empty));
    f.instruction(&I::I32Const(-1));
    f.instruction(&I::Return);
    f.instruction(&I::End);
    f.instruction(&I::LocalGet(base));
    f.instruction(&I::I32Const(0));
    f.instruction(&I::I32Const(n));
    f.instruction(&I::TableInit {
        elem_index: 0,
        table: 0,
    });
    for (i, func) in batch.functions.iter().enumerate() {
        f.instruction(&I::I32Const(func.code_slot as i32));
        f.instruction(&I::LocalGet(base));
        f.instruction(&I::I32Const(i as i32));
        f.instruction(&I::I32Add);
        f.instruction(&I::I32Store(MemArg {
            offset: 0,
            align: 2,
            memory_index: 0,
        }));
    }
    f.instruction(&I::LocalGet(base));
    f.instruction(&I::End);
    f
}

fn names(batch: &Batch, r: u32, helpers: &[&str]) -> NameSection {
    let mut map = NameMap::new();
    for (i, f) in RUNTIME.iter().enumerate() {
        map.append(i as u32, f.name);
    }
    for (i, f) in batch.functions.iter().enumerate() {
        map.append(r + i as u32, &f.name);
    }
    let patch = r + batch.functions.len() as u32;
    map.append(patch, "patch");
    for (k, name) in helpers.iter().enumerate() {
        map.append(patch + 1 + k as u32, name);
    }
    let mut s = NameSection::new();
    s.functions(&map);
    s
}
