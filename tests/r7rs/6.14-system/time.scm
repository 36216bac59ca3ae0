; 6.14: current-second, current-jiffy, jiffies-per-second sanity checks.
(import (scheme base) (scheme write) (scheme time))

(define s (current-second))
(write (real? s)) (newline)
(write (inexact? s)) (newline)
;; After 2020-01-01 and before 2200.
(write (and (> s 1577836800.0) (< s 7258118400.0))) (newline)
(define j1 (current-jiffy))
(define (spin n) (if (> n 0) (spin (- n 1)) 'done))
(spin 100000)
(define j2 (current-jiffy))
(write (exact-integer? j1)) (newline)
(write (>= j2 j1)) (newline)
(write (and (exact-integer? (jiffies-per-second)) (positive? (jiffies-per-second)))) (newline)
;; Elapsed time measured in jiffies is non-negative and below an hour.
(write (< (/ (- j2 j1) (jiffies-per-second)) 3600)) (newline)
(write (>= (current-second) s)) (newline)
