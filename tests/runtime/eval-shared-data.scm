;; eval of data with shared parts: a DAG whose paths number 2^30 is converted and built once
;; per object (it was copied once per path: minutes for depth 20, forever for 30) and keeps
;; its eq? sharing; circular parts of quasiquote templates are one constant, and an unquote
;; inside one is a clear syntax error, never a hang.
(import (scheme base) (scheme write) (scheme eval) (scheme cxr) (scheme repl))
(define (show x) (write x) (newline))
(define (dag n) (if (= n 0) '(leaf) (let ((d (dag (- n 1)))) (cons d d))))
(define (depth x) (if (eq? (car x) 'leaf) 0 (+ 1 (depth (car x)))))
(define (shared-all-the-way? x)
  (or (eq? (car x) 'leaf) (and (eq? (car x) (cdr x)) (shared-all-the-way? (car x)))))
(define env (environment '(scheme base)))
(define d (dag 30))
(define q (eval (list 'quote d) env))
(show (list (depth q) (shared-all-the-way? q) (eq? q d)))
(define qq (eval (list 'quasiquote (list 1 d d)) env))
(show (list (depth (cadr qq)) (shared-all-the-way? (cadr qq)) (eq? (cadr qq) (caddr qq))))
;; A DAG inside a vector, and shared and unquoted parts side by side.
(define v (eval (list 'quote (vector d d)) env))
(show (list (eq? (vector-ref v 0) (vector-ref v 1)) (shared-all-the-way? (vector-ref v 0))))
(define x 7)
(define mixed (eval (list 'quasiquote (list (list 'unquote 'x) d)) (interaction-environment)))
(show (list (car mixed) (depth (cadr mixed)) (shared-all-the-way? (cadr mixed))))
;; A circular datum in a template is one constant, whole (Chez loops on these).
(define c1 (let ((y 1)) `#0=(a . #0#)))
(show (list (car c1) (eq? c1 (cdr c1))))
(define c2 (let ((y 1)) `(,y #0=(a b . #0#))))
(show (list (car c2) (caadr c2) (eq? (cadr c2) (cddr (cadr c2)))))
(define c3 `#(1 #0=(z . #0#)))
(show (eq? (vector-ref c3 1) (cdr (vector-ref c3 1))))
;; The same from eval of a circular value.
(define ring (list 'p 'q))
(set-cdr! (cdr ring) ring)
(define c4 (eval (list 'quasiquote ring) env))
(show (list (car c4) (cadr c4) (eq? c4 (cddr c4))))
;; An unquote inside the circular part: a syntax error, not a constant with (unquote y) in it.
(show (guard (e (#t (error-object-message e)))
        (eval '(let ((y 1)) `#0=(,y . #0#)) env)))
(define loop (list 'a (list 'unquote 'x)))
(set-cdr! (cdr loop) loop)
(show (guard (e (#t (error-object-message e)))
        (eval (list 'quasiquote (list 'b loop)) env)))
