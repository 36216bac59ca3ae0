//! Pins the runtime to `kiln_jit::layout`: every constructor writes its object exactly as the
//! layout module says (checked word by word through the named offsets), so the collector, the
//! accessors and JIT code, which read the same offsets, see what was written. wasm32 only: values
//! are 32-bit heap addresses.

use crate::heap::object::{
    boxed, bytevector, case_lambda, cell, closure, continuation, error, flonum, header, load,
    load_f64, pair, parameter, primitive, promise, record, record_type, symbol, tag, tag_at,
    values, vector,
};
use crate::print::testkit::{call, datum, vm};
use crate::value::Value;
use crate::vm::Vm;

/// The value in the word at `off` of `v`.
fn word(v: Value, off: u32) -> Value {
    Value(load(v.0, off))
}

/// Runs the Scheme `src` (definitions) and returns global `name`.
fn define(vm: &mut Vm, src: &str, name: &str) -> Value {
    let Ok(forms) = crate::load::read_program(vm, "<layout test>", src) else {
        panic!("reading {src}");
    };
    for form in &forms {
        assert!(crate::load::run_form(vm, form).is_ok(), "running {src}");
    }
    vm.global_value(name).expect("defined")
}

#[test]
fn data_constructors_write_the_documented_layout() {
    let vm = vm();
    let (a, b) = (Value::fixnum(1), Value::fixnum(2));
    let p = vm.cons(a, b);
    vm.protect(p);
    assert_eq!(tag_at(p.0), tag::PAIR);
    assert_eq!((word(p, pair::CAR), word(p, pair::CDR)), (a, b));

    let x = vm.flonum(2.5);
    vm.protect(x);
    assert_eq!(tag_at(x.0), tag::FLONUM);
    assert_eq!(load_f64(x.0, flonum::VALUE), 2.5);

    let v = vm.vector_of(&[a, b, p]);
    vm.protect(v);
    assert_eq!(load(v.0, vector::LENGTH), 3);
    assert_eq!(word(v, vector::element(2)), p);

    let vals = vm.values(&[a, b]);
    vm.protect(vals);
    assert_eq!(tag_at(vals.0), tag::VALUES);
    assert_eq!(load(vals.0, values::LENGTH), 2);
    assert_eq!(word(vals, values::element(1)), b);

    let bv = vm.bytevector(&[7, 8, 9]);
    vm.protect(bv);
    assert_eq!(load(bv.0, bytevector::LENGTH), 3);
    // SAFETY: the bytevector holds three bytes at `ELEMENTS`.
    let last = unsafe { *((bv.0 + bytevector::ELEMENTS + 2) as usize as *const u8) };
    assert_eq!(last, 9);

    let bx = vm.make_box(p);
    vm.protect(bx);
    assert_eq!(tag_at(bx.0), tag::BOX);
    assert_eq!(word(bx, boxed::VALUE), p);

    let name = vm.intern("layout-test-symbol");
    assert_eq!(tag_at(name.0), tag::SYMBOL);
    assert_eq!(load(name.0, symbol::LEN), "layout-test-symbol".len() as u32);
    assert_eq!(crate::obj::symbol_name(name), "layout-test-symbol");
    let c = vm.make_cell(name);
    vm.protect(c);
    assert_eq!(word(c, cell::VALUE), Value::UNASSIGNED);
    assert_eq!(word(c, cell::NAME), name);

    let message = vm.string("bad");
    vm.protect(message);
    let e = vm.error_object(name, message, p);
    vm.protect(e);
    assert_eq!(tag_at(e.0), tag::ERROR);
    assert_eq!(word(e, error::KIND), name);
    assert_eq!(word(e, error::MESSAGE), message);
    assert_eq!(word(e, error::IRRITANTS), p);
    assert_eq!(
        load(e.0, header::OFFSET) & header::MARK_BIT,
        0,
        "no mark outside a GC"
    );
}

#[test]
fn runtime_objects_write_the_documented_layout() {
    let vm = vm();
    let generic = crate::jit_glue::generic_code();

    let promise_obj = call(vm, "make-promise", &[Value::fixnum(5)]).unwrap();
    assert_eq!(tag_at(promise_obj.0), tag::PROMISE);
    let state = word(promise_obj, promise::STATE);
    assert_eq!(crate::obj::cdr(state), Value::fixnum(5));

    let param = call(vm, "make-parameter", &[Value::fixnum(3)]).unwrap();
    assert_eq!(tag_at(param.0), tag::PARAMETER);
    assert_eq!(load(param.0, parameter::CODE), generic);
    assert_eq!(word(param, parameter::VALUE), Value::fixnum(3));
    assert_eq!(word(param, parameter::CONVERTER), Value::FALSE);

    let car = vm.global_value("car").unwrap();
    assert_eq!(tag_at(car.0), tag::PRIMITIVE);
    // `car` has a fast entry for compiled code; a primitive without one has the generic entry.
    assert_eq!(
        load(car.0, primitive::CODE),
        crate::jit_glue::entry::code_for("car")
    );
    assert_ne!(load(car.0, primitive::CODE), generic);
    let append = vm.global_value("append").unwrap();
    assert_eq!(load(append.0, primitive::CODE), generic);
    assert_eq!(crate::prims::prim_of(vm, car).name, "car");
    assert_eq!(word(car, primitive::DATA), Value::FALSE);

    let name = vm.intern("point");
    let fields = datum(vm, "(x y)");
    let rtd = call(vm, "%make-record-type", &[name, fields]).unwrap();
    assert_eq!(tag_at(rtd.0), tag::RECORD_TYPE);
    assert_eq!(word(rtd, record_type::NAME), name);
    assert_eq!(word(rtd, record_type::FIELDS), fields);
    assert!(word(rtd, record_type::UID).is_fixnum());
    let order = datum(vm, "(y x)");
    let make = call(vm, "%record-constructor", &[rtd, order]).unwrap();
    assert_eq!(tag_at(make.0), tag::PRIMITIVE);
    assert_eq!(crate::obj::car(word(make, primitive::DATA)), rtd);
    let r = vm
        .call(make, &[Value::fixnum(10), Value::fixnum(20)])
        .unwrap();
    vm.protect(r);
    assert_eq!(tag_at(r.0), tag::RECORD);
    assert_eq!(load(r.0, record::LENGTH), 2);
    assert_eq!(word(r, record::TYPE), rtd);
    // The constructor took (y x): field x is the second argument.
    assert_eq!(word(r, record::field(0)), Value::fixnum(20));
    assert_eq!(word(r, record::field(1)), Value::fixnum(10));

    // `(call/cc vector)` returns a vector holding its continuation, dead once call/cc returned.
    let vector_prim = vm.global_value("vector").unwrap();
    let kv = call(vm, "call/cc", &[vector_prim]).unwrap();
    let k = word(kv, vector::element(0));
    assert_eq!(tag_at(k.0), tag::CONTINUATION);
    assert_eq!(load(k.0, continuation::CODE), generic);
    assert!(word(k, continuation::ID).is_fixnum());
    assert_eq!(word(k, continuation::LIVE), Value::FALSE);
}

#[test]
fn closures_write_the_documented_layout() {
    let vm = vm();
    let adder = define(
        vm,
        "(define (layout-test-adder a b) (lambda (x) (+ x a b)))",
        "layout-test-adder",
    );
    let clo = vm
        .call(adder, &[Value::fixnum(1), Value::fixnum(2)])
        .unwrap();
    vm.protect(clo);
    assert_eq!(tag_at(clo.0), tag::CLOSURE);
    let lam = crate::ir::node::lambda_of(clo);
    assert_eq!(lam.nfree, 2);
    assert_eq!(
        load(clo.0, closure::LAMBDA),
        lam as *const _ as usize as u32
    );
    let mut free = [word(clo, closure::free(0)), word(clo, closure::free(1))];
    free.sort_by_key(|v| v.0);
    assert_eq!(free, [Value::fixnum(1), Value::fixnum(2)]);

    let f = define(
        vm,
        "(define layout-test-case (case-lambda ((x) x) ((x y) y)))",
        "layout-test-case",
    );
    assert_eq!(tag_at(f.0), tag::CASE_LAMBDA);
    assert_eq!(
        load(f.0, case_lambda::CODE),
        crate::jit_glue::generic_code()
    );
    assert_eq!(load(f.0, case_lambda::COUNT), 2);
    for i in 0..2 {
        let clause = word(f, case_lambda::clause(i));
        assert_eq!(tag_at(clause.0), tag::CLOSURE);
        assert_eq!(crate::ir::node::lambda_of(clause).nreq, i + 1);
    }
}
