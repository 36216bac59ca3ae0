; 6.2.6: numerical type predicates and the tests on signs, parity, nan and infinity.
(import (scheme base) (scheme write) (scheme inexact))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (number? 3) (complex? 3) (real? 3) (rational? 3) (integer? 3))
(show (real? 1.5) (rational? 1.5) (integer? 1.5) (integer? 3.0) (rational? 6/10))
(show (rational? +inf.0) (rational? +nan.0) (real? +nan.0) (integer? +inf.0))
(show (number? 'a) (number? "1") (integer? "1") (real? #\1))
(show (exact? 3) (exact? 3.0) (inexact? 3.0) (exact-integer? 32) (exact-integer? 32.0) (exact-integer? 32/5))
(show (nan? +nan.0) (nan? 32) (nan? 1.5) (infinite? -inf.0) (infinite? 3.0) (infinite? +nan.0))
(show (finite? 3) (finite? +inf.0) (finite? +nan.0) (finite? 1e300))
(show (zero? 0) (zero? 0.0) (zero? -0.0) (zero? 1/2) (positive? 1/2) (negative? -0.5) (positive? 0))
(show (odd? 3) (odd? -3) (even? 0) (even? -2) (odd? 2.0) (even? 4.0))
