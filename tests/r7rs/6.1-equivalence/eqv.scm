; 6.1: eqv? on the cases R7RS defines.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (eqv? 'a 'a) (eqv? 'a 'b) (eqv? 2 2) (eqv? 2 2.0) (eqv? '() '()))
(show (eqv? 100000000 100000000) (eqv? 0.0 +nan.0) (eqv? (cons 1 2) (cons 1 2)))
(show (eqv? (lambda () 1) (lambda () 2)) (let ((p (lambda (x) x))) (eqv? p p)) (eqv? #f 'nil))
;; Bignums and rationals compare by value under eqv?.
(show (eqv? (expt 10 30) (expt 10 30)) (eqv? 1/2 (/ 2 4)) (eqv? 1/2 0.5))
(show (eqv? 0.0 -0.0) (eqv? 1.5 1.5) (eqv? #\a #\a) (eqv? "" "x"))
(show (let ((s "abc")) (eqv? s s)) (let ((v (vector 1))) (eqv? v v)))
(define gen-counter
  (lambda ()
    (let ((n 0))
      (lambda () (set! n (+ n 1)) n))))
(show (let ((g (gen-counter))) (eqv? g g)) (eqv? (gen-counter) (gen-counter)))
