//! Records (`define-record-type`): the runtime half. A record type is `[name, field names, uid]`;
//! constructors, predicates, accessors and modifiers are primitive objects carrying their data
//! (the record type, and for accessors the field index).

use crate::heap::object::{primitive, record, record_type, store, tag};
use crate::obj;
use crate::prims::VARIADIC;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Primitive indices of the four generic record procedures.
struct Indices {
    construct: u32,
    predicate: u32,
    access: u32,
    modify: u32,
}

thread_local! {
    static INDICES: std::cell::Cell<Option<(u32, u32, u32, u32)>> = const { std::cell::Cell::new(None) };
}

fn indices() -> Indices {
    let (construct, predicate, access, modify) =
        INDICES.with(|c| c.get()).expect("records installed");
    Indices {
        construct,
        predicate,
        access,
        modify,
    }
}

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("%make-record-type", 2, 2, make_record_type),
        ("%record-constructor", 2, 2, record_constructor),
        ("%record-predicate", 1, 1, record_predicate),
        ("%record-accessor", 2, 2, record_accessor),
        ("%record-modifier", 2, 2, record_modifier),
    ]);
    let construct = vm.register_prim("record constructor", 0, VARIADIC, construct);
    let predicate = vm.register_prim("record predicate", 1, 1, predicate);
    let access = vm.register_prim("record accessor", 1, 1, access);
    let modify = vm.register_prim("record modifier", 2, 2, modify);
    INDICES.with(|c| c.set(Some((construct, predicate, access, modify))));
}

fn make_record_type(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(make_type(vm, a[0], a[1]))
}

/// A new record type named `name` (a symbol) with `fields` (a list of symbols): what
/// `define-record-type` makes. The allocation keeps both alive.
pub fn make_type(vm: &mut Vm, name: Value, fields: Value) -> Value {
    let uid = Value::fixnum(vm.fresh_id() as i32 & 0x3FFF_FFFF);
    vm.fixed(
        tag::RECORD_TYPE,
        record_type::SIZE,
        [
            (record_type::NAME, name),
            (record_type::FIELDS, fields),
            (record_type::UID, uid),
        ],
    )
}

/// A record type of the runtime's own (hash tables, http requests), from its name and field names.
pub fn builtin_type(vm: &mut Vm, name: &str, fields: &[&str]) -> Value {
    let name = vm.intern(name);
    // Interned symbols are never freed: only the list needs keeping, which `make_type` does.
    let symbols: Vec<Value> = fields.iter().map(|f| vm.intern(f)).collect();
    let fields = vm.list(&symbols);
    make_type(vm, name, fields)
}

/// The index of field `name` in record type `rtd`.
fn field_index(vm: &mut Vm, rtd: Value, name: Value) -> R<u32> {
    let fields = obj::list_to_vec(obj::load_field(rtd, record_type::FIELDS)).unwrap_or_default();
    match fields.iter().position(|&f| f == name) {
        Some(i) => Ok(i as u32),
        None => Err(vm.error("define-record-type: unknown field", &[name])),
    }
}

fn record_constructor(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let names = obj::list_to_vec(a[1]).unwrap_or_default();
    let mut idx = Vec::with_capacity(names.len());
    for n in names {
        idx.push(Value::fixnum(field_index(vm, a[0], n)? as i32));
    }
    let map = vm.vector_of(&idx);
    let data = vm.cons(a[0], map);
    Ok(vm.prim_object(indices().construct, data))
}

fn record_predicate(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(vm.prim_object(indices().predicate, a[0]))
}

fn record_accessor(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let i = field_index(vm, a[0], a[1])?;
    let data = vm.cons(a[0], Value::fixnum(i as i32));
    Ok(vm.prim_object(indices().access, data))
}

fn record_modifier(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let i = field_index(vm, a[0], a[1])?;
    let data = vm.cons(a[0], Value::fixnum(i as i32));
    Ok(vm.prim_object(indices().modify, data))
}

/// The data of the running primitive object (its frame's procedure slot).
fn data(vm: &Vm, fslot: usize) -> Value {
    obj::load_field(vm.stack.get(fslot), primitive::DATA)
}

fn construct(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let d = data(vm, fslot);
    let (rtd, map) = (obj::car(d), obj::cdr(d));
    if a.len() as u32 != obj::length(map) {
        let msg = format!(
            "record constructor: wrong number of arguments (expected {}, got {})",
            obj::length(map),
            a.len()
        );
        return Err(vm.error(&msg, &[obj::load_field(rtd, record_type::NAME)]));
    }
    let n =
        obj::list_to_vec(obj::load_field(rtd, record_type::FIELDS)).map_or(0, |f| f.len()) as u32;
    let r = Value(vm.alloc(tag::RECORD, record::size(n), &[]));
    store(r.0, record::LENGTH, n);
    obj::store_field(r, record::TYPE, rtd);
    for i in 0..n {
        obj::set_record_field(r, i, Value::FALSE);
    }
    for (k, &v) in a.iter().enumerate() {
        let i = obj::elem(map, k as u32).fixnum_value() as u32;
        obj::set_record_field(r, i, v);
    }
    Ok(r)
}

fn is_instance(v: Value, rtd: Value) -> bool {
    obj::is(v, tag::RECORD) && obj::load_field(v, record::TYPE) == rtd
}

fn predicate(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    Ok(Value::bool(is_instance(a[0], data(vm, fslot))))
}

fn check_instance(vm: &mut Vm, v: Value, rtd: Value, what: &str) -> R<()> {
    if is_instance(v, rtd) {
        return Ok(());
    }
    let name = obj::symbol_name(obj::load_field(rtd, record_type::NAME)).to_string();
    Err(vm.error(
        &format!("record {what}: expected a record of type {name}"),
        &[v],
    ))
}

fn access(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let d = data(vm, fslot);
    check_instance(vm, a[0], obj::car(d), "accessor")?;
    let i = obj::cdr(d).fixnum_value() as u32;
    Ok(obj::record_field(a[0], i))
}

fn modify(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let d = data(vm, fslot);
    check_instance(vm, a[0], obj::car(d), "modifier")?;
    let i = obj::cdr(d).fixnum_value() as u32;
    obj::set_record_field(a[0], i, a[1]);
    Ok(Value::VOID)
}
