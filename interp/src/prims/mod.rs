//! Primitive procedures: Rust functions callable from Scheme. Each file registers one family
//! (`install` functions); `invoke` checks arity and calls.
//!
//! A primitive gets the VM, its arguments (a slice of the value stack: rooted for the whole call)
//! and `fslot`, the address of its own frame, which it needs only to make a tail call
//! (`Vm::tail_call`, as `apply` does).

mod args;
mod bytevectors;
mod chars;
pub mod equivalence;
mod lists;
pub mod records;
mod strings;
mod symbols;
mod vectors;

pub use args::{char_arg, procedure_arg, string_arg};

use crate::heap::object::{load, primitive, store, tag};
use crate::value::Value;
use crate::vm::{Vm, R};

/// A primitive's Rust function.
pub type PrimFn = fn(vm: &mut Vm, args: &[Value], fslot: usize) -> R<Value>;

/// Marks a primitive as taking any number of arguments from `min` on.
pub const VARIADIC: u32 = u32::MAX;

/// One primitive: its Scheme name, arity range and function.
#[derive(Clone, Copy)]
pub struct Prim {
    pub name: &'static str,
    pub min: u32,
    pub max: u32,
    pub f: PrimFn,
}

/// Defines every primitive as a global.
pub fn install(vm: &mut Vm) {
    lists::install(vm);
    equivalence::install(vm);
    symbols::install(vm);
    chars::install(vm);
    strings::install(vm);
    vectors::install(vm);
    bytevectors::install(vm);
    crate::control::install(vm);
    records::install(vm);
    crate::numeric::install(vm);
    crate::io::install(vm);
    crate::http::types::install(vm);
}

impl Vm {
    /// Defines primitive `name` (and the same object under each alias).
    pub fn def_prim(&mut self, name: &'static str, min: u32, max: u32, f: PrimFn) -> Value {
        let index = self.prims.len() as u32;
        self.prims.push(Prim { name, min, max, f });
        let p = self.prim_object(index, Value::FALSE);
        self.define_global(name, p);
        p
    }

    /// A new primitive object for primitive `index` carrying `data` (a procedure made at run time,
    /// such as a record accessor, is one primitive function plus its data).
    pub fn prim_object(&mut self, index: u32, data: Value) -> Value {
        let p = self.fixed(tag::PRIMITIVE, primitive::SIZE, [(primitive::DATA, data)]);
        // Common primitives have a fast entry for compiled code (`jit_glue::entry`).
        let code = crate::jit_glue::entry::code_for(self.prims[index as usize].name);
        store(p.0, primitive::CODE, code);
        store(p.0, primitive::INDEX, index);
        p
    }

    /// Registers a primitive function without a global name; returns its index for `prim_object`.
    pub fn register_prim(&mut self, name: &'static str, min: u32, max: u32, f: PrimFn) -> u32 {
        self.prims.push(Prim { name, min, max, f });
        self.prims.len() as u32 - 1
    }

    /// Defines several primitives from a table.
    pub fn def_prims(&mut self, table: &[(&'static str, u32, u32, PrimFn)]) {
        for &(name, min, max, f) in table {
            self.def_prim(name, min, max, f);
        }
    }

    /// Defines `alias` as another name for the existing global `name`.
    pub fn def_alias(&mut self, alias: &str, name: &str) {
        let v = self.global_value(name).expect("aliased primitive exists");
        self.define_global(alias, v);
    }
}

/// The primitive record of a primitive object.
pub fn prim_of(vm: &Vm, p: Value) -> Prim {
    vm.prims[load(p.0, primitive::INDEX) as usize]
}

/// Calls the primitive at `fslot` with the `argc` arguments above it.
pub fn invoke(vm: &mut Vm, p: Value, fslot: usize, argc: usize) -> R<Value> {
    let prim = prim_of(vm, p);
    let n = argc as u32;
    if n < prim.min || n > prim.max {
        return Err(arity_error(vm, &prim, p, argc));
    }
    let args = vm.stack.slice(fslot + 4, argc);
    (prim.f)(vm, args, fslot)
}

fn arity_error(vm: &mut Vm, prim: &Prim, p: Value, argc: usize) -> crate::vm::Unwind {
    let expected = match (prim.min, prim.max) {
        (a, b) if a == b => a.to_string(),
        (a, VARIADIC) => format!("at least {a}"),
        (a, b) => format!("{a} to {b}"),
    };
    let msg = format!(
        "{}: wrong number of arguments (expected {expected}, got {argc})",
        prim.name
    );
    vm.error(&msg, &[p])
}

/// Argument `i` if given, else `default` (for optional arguments).
pub fn opt(args: &[Value], i: usize, default: Value) -> Value {
    match args.get(i) {
        Some(&v) if v != Value::DEFAULT => v,
        _ => default,
    }
}
