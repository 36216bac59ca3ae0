//! Whole-program tests: the hygiene examples of R7RS section 4.3 and a realistic program.

use super::test_util::{ex, last};

#[test]
fn r7rs_let_syntax_example() {
    let src = "(let-syntax ((given-that (syntax-rules () ((_ test stmt1 stmt2 ...) (if test (begin stmt1 stmt2 ...))))))
                 (let ((if #t)) (given-that if (set! if 'now)) if))";
    assert_eq!(
        ex(src),
        "(let ((if.0 #t)) (begin (if if.0 (set! if.0 'now) #<unspecified>) if.0))"
    );
}

#[test]
fn r7rs_letrec_syntax_example() {
    let src = "(letrec-syntax ((my-or (syntax-rules () ((my-or) #f) ((my-or e) e)
                   ((my-or e1 e2 ...) (let ((temp e1)) (if temp temp (my-or e2 ...)))))))
                 (let ((x #f) (y 7) (temp 8) (let odd?) (if even?)) (my-or x (let temp) (if y) y)))";
    assert_eq!(
        ex(src),
        "(let ((x.0 #f) (y.1 7) (temp.2 8) (let.3 odd?) (if.4 even?)) \
         (let ((temp.5 x.0)) (if temp.5 temp.5 (let ((temp.6 (let.3 temp.2))) \
         (if temp.6 temp.6 (let ((temp.7 (if.4 y.1))) (if temp.7 temp.7 y.1)))))))"
    );
}

#[test]
fn r7rs_internal_macro_sees_outer_binding() {
    let src =
        "(let ((x 'outer)) (define-syntax m (syntax-rules () ((m) x))) (let ((x 'inner)) (m)))";
    assert_eq!(ex(src), "(let ((x.0 'outer)) (let ((x.1 'inner)) x.0))");
}

#[test]
fn r7rs_be_like_begin() {
    let src = "(define-syntax be-like-begin (syntax-rules () ((be-like-begin name)
                 (define-syntax name (syntax-rules () ((name expr (... ...)) (begin expr (... ...))))))))
               (be-like-begin sequence)
               (sequence 1 2 3 4)";
    assert_eq!(last(src), "(begin 1 2 3 4)");
}

#[test]
fn r7rs_arrow_can_be_shadowed() {
    assert_eq!(
        ex("(let ((=> #f)) (cond (#t => 'ok)))"),
        "(let ((=>.0 #f)) (if #t (begin =>.0 'ok) #<unspecified>))"
    );
}

#[test]
fn realistic_program() {
    let src = r#"#!/usr/bin/env kiln
        (import (scheme base) (scheme write))
        (define-record-type <queue> (make-queue* front back) queue? (front q-front set-q-front!) (back q-back set-q-back!))
        (define (make-queue) (make-queue* '() '()))
        (define (enqueue! q x) (set-q-back! q (cons x (q-back q))))
        (define (dequeue! q)
          (when (null? (q-front q))
            (set-q-front! q (reverse (q-back q)))
            (set-q-back! q '()))
          (let ((x (car (q-front q))))
            (set-q-front! q (cdr (q-front q)))
            x))
        (define-syntax while
          (syntax-rules () ((_ c body ...) (let loop () (when c body ... (loop))))))
        (define (fib n) (let loop ((a 0) (b 1) (i 0)) (if (= i n) a (loop b (+ a b) (+ i 1)))))
        (let ((q (make-queue)) (i 0))
          (while (< i 3) (enqueue! q (fib i)) (set! i (+ i 1)))
          (display `(got ,(dequeue! q) ,@(list (dequeue! q))))
          (newline))
        (call-with-current-continuation (lambda (k) (dynamic-wind (lambda () #f) (lambda () (k 1)) (lambda () #f))))
    "#;
    let out = ex(src);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 9);
    assert_eq!(lines[0], "#<unspecified>");
    assert_eq!(lines[5], "#<unspecified>");
    assert!(
        lines[1].starts_with("(begin (define <queue> (%make-record-type '<queue> '(front back)))")
    );
    assert_eq!(
        lines[6],
        "(define fib (lambda fib (n.4) (letrec ((loop.5 (lambda loop (a.6 b.7 i.8) \
         (if (= i.8 n.4) a.6 (loop.5 b.7 (+ a.6 b.7) (+ i.8 1)))))) (loop.5 0 1 0))))"
    );
    assert!(lines[7].contains(
        "(letrec ((loop.11 (lambda loop () (if (< i.10 3) (begin (enqueue! q.9 (fib i.10))"
    ));
    assert!(
        lines[7].contains("(display (%append (%list 'got (dequeue! q.9)) (list (dequeue! q.9))))")
    );
}
