; 5.3.2: internal definitions in lambda, let, and other bodies.
(import (scheme base) (scheme write))

(write (let ((x 5))
         (define foo (lambda (y) (bar x y)))
         (define bar (lambda (a b) (+ (* a b) a)))
         (foo (+ x 3)))) (newline)
;; Mutually recursive internal procedures.
(define (parity n)
  (define (ev? n) (if (= n 0) #t (od? (- n 1))))
  (define (od? n) (if (= n 0) #f (ev? (- n 1))))
  (if (ev? n) 'even 'odd))
(write (list (parity 10) (parity 7))) (newline)
;; Internal definitions shadow outer ones within the whole body only.
(define x 'outer)
(define (shadow)
  (define x 'inner)
  x)
(write (list (shadow) x)) (newline)
;; begin splicing definitions into a body.
(define (spliced)
  (begin (define a 1) (define b 2))
  (+ a b))
(write (spliced)) (newline)
;; Internal definitions in lambda bodies nested in other forms.
(write (map (lambda (n) (define sq (* n n)) (define cube (* sq n)) (list sq cube)) '(1 2 3)))
(newline)
;; Each call gets fresh internal state.
(define (make-acc)
  (define total 0)
  (define (add! n) (set! total (+ total n)) total)
  add!)
(define a1 (make-acc))
(define a2 (make-acc))
(a1 10)
(write (list (a1 5) (a2 1))) (newline)
;; Internal definitions in when/do bodies are not allowed, but in let*/letrec bodies they are.
(write (let* ((p 2)) (define q (* p 3)) (letrec ((r 4)) (define s (+ q r)) s))) (newline)
