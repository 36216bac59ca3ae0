(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; Printing and parsing big integers: number->string of 7^1184000 (1,000,597 digits), then
;; string->number of its first 100,000 digits (Guile's and Chez's parsers are quadratic: a
;; million digits takes them minutes), with checks of both results.
(define n (expt 7 1184000))
(define (round-trip)
  (let* ((s (number->string n)) (m (string->number (substring s 0 100000))))
    (list (string-length s) (string-ref s 0) (string-ref s (- (string-length s) 1))
          (= (quotient n (expt 10 900597)) m))))
(display (bench-run round-trip)) (newline)
