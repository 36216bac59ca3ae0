; 6.2: exact integers have unlimited range; results overflow fixnums into bignums
; and come back down transparently.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
;; Around 2^62, 2^63 and 2^64 boundaries (typical fixnum / machine-word limits).
(define p62 (expt 2 62))
(define p63 (expt 2 63))
(show p62 (+ p62 p62) (* p62 2) (- (- p62) p62))
(show (- p63 1) p63 (+ p63 1) (- p63) (- (- p63) 1))
(show (* 4611686018427387904 4) (+ 9223372036854775807 1) (- -9223372036854775808 1))
(show (* 9223372036854775807 9223372036854775807))
(show (expt 2 64) (expt 2 100) (expt -3 41))
;; Multiplying fixnums that overflow 64 bits.
(show (* 3037000500 3037000500) (* -3037000500 3037000500))
(show (* 123456789012 987654321098))
;; Demotion: results that fit again are ordinary exact integers and compare equal.
(define big (expt 10 40))
(show (- (+ big 5) big) (eqv? (- (+ big 5) big) 5) (= (quotient big (expt 10 39)) 10))
(show (exact-integer? big) (integer? big) (exact? big) (number? big))
;; Factorial 25 and a Fibonacci number past 2^64.
(define (fact n) (if (= n 0) 1 (* n (fact (- n 1)))))
(show (fact 25))
(define (fib n) (let loop ((a 0) (b 1) (i 0)) (if (= i n) a (loop b (+ a b) (+ i 1)))))
(show (fib 100))
;; Mixed-sign bignum arithmetic and comparisons.
(show (- (expt 10 20) (expt 10 21)) (< (- (expt 2 70)) (expt 2 3)) (> (expt 2 70) (expt 2 69)))
(show (+ (expt 2 64) (- (expt 2 64))) (* (expt 2 64) 0) (abs (- (expt 2 65))))
(show (even? (expt 2 80)) (odd? (+ (expt 2 80) 1)) (zero? (- big big)) (negative? (- big)))
(show (square (expt 10 20)) (max (expt 2 70) 3) (min (- (expt 2 70)) 3))
