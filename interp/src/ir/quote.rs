//! Literal data: `Datum` → heap value (for `quote` and self-evaluating constants) and heap value →
//! `Datum` (for `eval`, which expands data built at run time).

use crate::heap::object::tag;
use crate::obj;
use crate::syntax::datum::Datum;
use crate::value::Value;
use crate::vm::Vm;
use std::rc::Rc;

/// The heap value of a literal, kept alive for as long as the code that holds it.
pub fn constant(vm: &mut Vm, d: &Datum) -> Value {
    let v = datum_to_value(vm, d);
    vm.constants.push(v);
    v
}

/// Builds the heap value of a datum.
pub fn datum_to_value(vm: &mut Vm, d: &Datum) -> Value {
    match d {
        Datum::Bool(b) => Value::bool(*b),
        Datum::Num(n) => vm.number(n.clone()),
        Datum::Char(c) => Value::char(*c),
        Datum::Str(s) => vm.string(s),
        Datum::Sym(s, _) => vm.intern(s),
        Datum::List(items, _) => sequence(vm, items, None),
        Datum::Dotted(items, tail, _) => sequence(vm, items, Some(tail)),
        Datum::Vector(items) => {
            let mark = vm.roots.len();
            for x in items {
                let v = datum_to_value(vm, x);
                vm.roots.push(v);
            }
            let vals = vm.roots[mark..].to_vec();
            let v = vm.vector_of(&vals);
            vm.roots.truncate(mark);
            v
        }
        Datum::Bytevector(b) => vm.bytevector(b),
        Datum::Alias(a) => datum_to_value(vm, &a.name),
        Datum::Unspecified => Value::VOID,
    }
}

fn sequence(vm: &mut Vm, items: &[Datum], tail: Option<&Datum>) -> Value {
    let mark = vm.roots.len();
    for x in items {
        let v = datum_to_value(vm, x);
        vm.roots.push(v);
    }
    let tail = match tail {
        Some(t) => datum_to_value(vm, t),
        None => Value::NIL,
    };
    let vals = vm.roots[mark..].to_vec();
    let l = vm.list_with_tail(&vals, tail);
    vm.roots.truncate(mark);
    l
}

/// The datum of a heap value, for `eval`; `None` for values with no datum syntax inside code
/// (procedures etc. are embedded as… not at all: eval of such data is an error).
pub fn value_to_datum(v: Value) -> Option<Datum> {
    if v.is_fixnum() {
        return Some(Datum::Num(crate::num::Number::Int(v.fixnum_value() as i64)));
    }
    if v.is_char() {
        return Some(Datum::Char(v.char_value()));
    }
    match v {
        Value::TRUE => return Some(Datum::Bool(true)),
        Value::FALSE => return Some(Datum::Bool(false)),
        Value::NIL => return Some(Datum::List(vec![], Default::default())),
        Value::VOID => return Some(Datum::Unspecified),
        _ => {}
    }
    match obj::type_of(v) {
        tag::SYMBOL => Some(Datum::Sym(
            Rc::from(obj::symbol_name(v)),
            Default::default(),
        )),
        tag::STRING => Some(Datum::Str(Rc::from(obj::string(v).as_str()))),
        tag::FLONUM | tag::BIGNUM | tag::RATNUM => crate::numeric::to_number(v).map(Datum::Num),
        tag::PAIR => pair_to_datum(v),
        tag::VECTOR => {
            let items = (0..obj::length(v))
                .map(|i| value_to_datum(obj::elem(v, i)))
                .collect::<Option<_>>()?;
            Some(Datum::Vector(items))
        }
        tag::BYTEVECTOR => Some(Datum::Bytevector(obj::bytes(v).to_vec())),
        _ => None,
    }
}

fn pair_to_datum(mut v: Value) -> Option<Datum> {
    let mut items = Vec::new();
    while obj::is_pair(v) {
        items.push(value_to_datum(obj::car(v))?);
        v = obj::cdr(v);
        if items.len() > 10_000_000 {
            return None;
        }
    }
    if v.is_null() {
        Some(Datum::List(items, Default::default()))
    } else {
        Some(Datum::Dotted(
            items,
            Box::new(value_to_datum(v)?),
            Default::default(),
        ))
    }
}
