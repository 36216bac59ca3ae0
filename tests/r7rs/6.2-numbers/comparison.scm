; 6.2.6: = < > <= >= with several arguments and mixed exactness.
(import (scheme base) (scheme write) (only (scheme r5rs) exact->inexact))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (= 1 1) (= 1 1 1 1) (= 1 1 2) (= 1 1.0) (= 1/2 0.5))
(show (< 1 2 3) (< 1 3 2) (< 1 1) (<= 1 1 2) (<= 1 2 1))
(show (> 3 2 1) (> 3 1 2) (>= 3 3 2) (>= 1 2))
(show (< -1 0 1/2 0.75 1 (expt 2 64)) (> (expt 2 64) 1e19 100))
(show (< 1 +inf.0) (< -inf.0 -1e308) (= +nan.0 +nan.0) (< +nan.0 1) (> +nan.0 1))
(show (= 0.0 -0.0) (< -0.0 0.0) (= (expt 2 53) (+ (expt 2 53) 0.0)) (= (+ (expt 2 53) 1) (exact->inexact (+ (expt 2 53) 1))))
