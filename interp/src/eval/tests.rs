//! Tests of the bytecode interpreter, inside Wasm (values are 32-bit heap addresses).

use super::code::{op, PrimOp, PRIM_OPS};
use crate::load::{self, Failure};
use crate::vm::Vm;

/// Runs every form of `src` in the test VM; the last value as `write` prints it, or
/// `error: MESSAGE IRRITANT…`.
fn eval(src: &str) -> String {
    let vm: &mut Vm = crate::print::testkit::vm();
    eval_in(vm, src)
}

/// As `eval`, without collecting at every allocation (for programs too big for that).
fn eval_unstressed(src: &str) -> String {
    let vm: &mut Vm = crate::print::testkit::vm();
    vm.heap.set_stress(false);
    let r = eval_in(vm, src);
    vm.heap.set_stress(true);
    r
}

fn eval_in(vm: &mut Vm, src: &str) -> String {
    let forms = crate::syntax::reader::read_all(src, 0).expect("test source reads");
    let mut last = String::new();
    for form in &forms {
        last = match load::run_form(vm, form) {
            Ok(v) => crate::print::to_text(vm, v, true),
            Err(Failure::Unwound(crate::vm::Unwind::Raise(e) | crate::vm::Unwind::Bypass(e))) => {
                format!("error: {}", load::describe_condition(vm, e))
            }
            Err(Failure::Unwound(u)) => format!("unwound: {u:?}"),
            Err(Failure::Syntax(s)) => s,
        };
    }
    last
}

#[test]
fn opcodes_of_inline_primitives_are_the_dispatch_table() {
    // `run` spells these numbers out in its match; they must follow `PrimOp::opcode`.
    assert_eq!(op::PRIM_BASE, 32);
    assert_eq!(PrimOp::Add.opcode(false), 32);
    assert_eq!(PrimOp::VectorLength.opcode(true), 32 + 2 * PRIM_OPS - 1);
    for k in 0..2 * PRIM_OPS {
        let (p, pushed) = PrimOp::decode(op::PRIM_BASE + k);
        assert_eq!(p.opcode(pushed), op::PRIM_BASE + k);
    }
}

#[test]
fn non_tail_recursion_uses_no_native_stack() {
    // Far deeper than the shadow stack or the Wasm stack could hold natively, and across
    // many value-stack segments.
    let src = "(define (build n) (if (= n 0) '() (cons n (build (- n 1)))))
               (define (sum l) (if (null? l) 0 (+ (car l) (sum (cdr l)))))
               (sum (build 1000000))";
    assert_eq!(eval_unstressed(src), "500000500000");
}

#[test]
fn calls_of_every_shape() {
    assert_eq!(eval("((lambda (a . r) (list a r)) 1 2 3)"), "(1 (2 3))");
    assert_eq!(eval("((lambda r r))"), "()");
    assert_eq!(
        eval("(define (f x) (set! x (+ x 1)) (lambda () x)) ((f 41))"),
        "42"
    );
    assert_eq!(eval("(apply + 1 2 '(3 4))"), "10");
    assert_eq!(
        eval("(define g (case-lambda ((a) a) ((a b) (list b a)))) (g 1 2)"),
        "(2 1)"
    );
    assert_eq!(eval("(letrec ((ev? (lambda (n) (if (= n 0) #t (od? (- n 1))))) (od? (lambda (n) (if (= n 0) #f (ev? (- n 1)))))) (ev? 1001))"), "#f");
    assert_eq!(
        eval("(let loop ((i 0) (acc '())) (if (= i 3) acc (loop (+ i 1) (cons i acc))))"),
        "(2 1 0)"
    );
}

#[test]
fn tail_calls_run_in_constant_space() {
    assert_eq!(
        eval_unstressed("(define (loop n) (if (= n 0) 'done (loop (- n 1)))) (loop 3000000)"),
        "done"
    );
    // A tail call through `apply` and through a primitive's general path.
    assert_eq!(
        eval_unstressed(
            "(define (loop2 n) (if (= n 0) 'done (apply loop2 (list (- n 1))))) (loop2 300000)"
        ),
        "done"
    );
}

#[test]
fn inline_primitives_obey_redefinition() {
    assert_eq!(eval("(define (f a b) (+ a b)) (f 1 2)"), "3");
    assert_eq!(
        eval("(define saved+ +) (set! + -) (define r (f 10 4)) (set! + saved+) r"),
        "6"
    );
    // Overflow and non-fixnums take the general path.
    assert_eq!(eval("(f 1073741823 1)"), "1073741824");
    assert_eq!(eval("(f 1.5 2)"), "3.5");
    assert_eq!(
        eval("(define (g p) (car p)) (g 5)"),
        "error: car: expected a pair 5"
    );
    assert_eq!(
        eval("(define (h v) (vector-ref v 9)) (h (vector 1))").starts_with("error: vector-ref"),
        true
    );
}

#[test]
fn errors_name_what_went_wrong() {
    assert_eq!(
        eval("(define (u) nowhere) (u)"),
        "error: unbound variable nowhere"
    );
    assert_eq!(
        eval("(define (two a b) a) (two 1)"),
        "error: two: wrong number of arguments (expected 2, got 1) #<procedure two>"
    );
    assert_eq!(eval("(5 1)"), "error: application of a non-procedure 5");
}
