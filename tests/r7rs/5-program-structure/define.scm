; 5.3: top-level definitions, redefinition and forward references.
(import (scheme base) (scheme write))

(define add3 (lambda (x) (+ x 3)))
(write (add3 3)) (newline)
(define first car)
(write (first '(1 2))) (newline)
;; A procedure may refer to a variable defined later, as long as it runs later.
(define (use-later) (* later 2))
(define later 21)
(write (use-later)) (newline)
;; Redefinition at top level acts like assignment: existing closures see the new value.
(define v 1)
(define (get-v) v)
(define v 2)
(write (get-v)) (newline)
;; define with rest formals.
(define (count-args . args) (length args))
(define (head-and-rest h . t) (list h t))
(write (list (count-args) (count-args 1 2 3) (head-and-rest 1) (head-and-rest 1 2 3))) (newline)
;; A definition inside begin at top level is a top-level definition.
(begin (define b1 10) (define b2 (+ b1 1)))
(write (list b1 b2)) (newline)
;; Redefining a builtin name at top level only affects later uses in this program.
(define (square x) (list 'my-square x))
(write (square 3)) (newline)
