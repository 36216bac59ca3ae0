; 6.2: printed form of inexact numbers (shortest round-trip digits, Chez style).
(import (scheme base) (scheme write) (scheme inexact) (only (scheme r5rs) exact->inexact))

(define (show . xs) (for-each (lambda (x) (display x) (newline)) xs))
(show 1.5 100.0 -2.5 0.1 (+ 0.1 0.2) (/ 1. 3) (/ 2. 3) (sqrt 2) 4.35 -0.75)
(show 1e300 1.5e300 -1e300 1e21 1e-7 1e-300 1.7976931348623157e308)
(show 123456789.0 1234567.0 0.001 100.5 3.0)
(show +inf.0 -inf.0 (/ 0. 0.) -0.0 0.0 (- 0.0))
(show 1/3 -7/2 (exact->inexact 1/8))
;; write and display agree for numbers; number->string too.
(write 2.5) (display " ") (write -1e300) (display " ") (display (number->string 1e300)) (newline)
(write (list 1.0 2 3/4 -0.5)) (newline)
