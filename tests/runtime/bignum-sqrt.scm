; exact-integer-sqrt and exact sqrt of big integers (num/isqrt.rs: a root of the high half, then
; one Newton step): s*s + r = n with 0 <= r and n < (s+1)^2, at perfect squares, just below and
; above them and at up to 200,000 digits.
(import (scheme base) (scheme write) (scheme inexact))

(define (check n)
  (call-with-values (lambda () (exact-integer-sqrt n))
    (lambda (s r) (and (= n (+ (* s s) r)) (<= 0 r) (< n (* (+ s 1) (+ s 1)))))))

(define a (expt 3 9000))
(define b (+ (expt 7 118000) 12345))
(display (map check (list 0 1 2 3 4 15 16 17 (expt 10 5000) (- (expt 10 5000) 1)
                          (* a a) (- (* a a) 1) (+ (* a a) a a) (+ (* a a) a a 1)
                          b (* b b) (- (* b b) 1) (expt 2 664000) (- (expt 2 664001) 1))))
(newline)
(display (list (= (sqrt (* a a)) a) (= (sqrt (* b b)) b) (exact? (sqrt (/ (* a a) (* b b))))
               (exact? (sqrt (+ (* a a) 1)))))
(newline)
