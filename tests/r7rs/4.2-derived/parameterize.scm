; 4.2.6: make-parameter with and without converters, parameterize, nesting and escapes.
(import (scheme base) (scheme write))

(define radix (make-parameter 10 (lambda (x) (if (and (exact-integer? x) (<= 2 x 16)) x (error "invalid radix")))))
(define (f n) (number->string n (radix)))
(write (f 12)) (newline)
(write (parameterize ((radix 2)) (f 12))) (newline)
(write (f 12)) (newline)
;; The converter is applied to parameterize values too.
(define p (make-parameter 1 (lambda (x) (* x 10))))
(write (p)) (newline)
(write (parameterize ((p 5)) (p))) (newline)
(write (p)) (newline)
;; Nested parameterize and dynamic (not lexical) scoping.
(define depth (make-parameter 0))
(define (show) (depth))
(write (parameterize ((depth 1))
         (list (show)
               (parameterize ((depth 2)) (show))
               (show)))) (newline)
;; Escaping out of parameterize with call/cc restores the old value.
(write (call-with-current-continuation
        (lambda (k)
          (parameterize ((depth 99)) (k (depth)))))) (write (depth)) (newline)
;; Leaving via an exception restores it too.
(write (guard (e (#t (list 'caught e (depth))))
         (parameterize ((depth 7)) (raise (depth))))) (newline)
;; Several parameters bound at once; a closure sees the dynamic value at call time.
(define a (make-parameter 'a0))
(define b (make-parameter 'b0))
(define get-both (lambda () (list (a) (b))))
(write (parameterize ((a 'a1) (b 'b1)) (get-both))) (write (get-both)) (newline)
