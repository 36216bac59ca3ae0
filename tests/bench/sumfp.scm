(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; sumfp: float summation loops after the classic SUMFP (sum of 0..n in flonums, repeated), plus
;; the partial sums of 1/k^2 and of the alternating harmonic series, printed as fixed decimals
;; formatted here. Stresses: flonum boxing/unboxing in named-let loops, float comparison.
(define (fixed x digits)
  (let* ((scale (expt 10 digits)) (n (exact (round (* x scale))))
         (a (abs n)) (fs (number->string (remainder a scale))))
    (string-append (if (< n 0) "-" "") (number->string (quotient a scale)) "."
                   (make-string (- digits (string-length fs)) #\0) fs)))
(define (sum-to n)
  (let loop ((i n) (s 0.)) (if (< i 0.) s (loop (- i 1.) (+ s i)))))
(define (basel n)
  (let loop ((k 1.) (s 0.)) (if (> k n) s (loop (+ k 1.) (+ s (/ 1. (* k k)))))))
(define (alt-harmonic n)
  (let loop ((k 1.) (sign 1.) (s 0.)) (if (> k n) s (loop (+ k 1.) (- sign) (+ s (/ sign k))))))
(define (run reps)
  (let loop ((r 0) (acc 0.))
    (if (= r reps)
        (list (fixed acc 1) (fixed (basel 250000.) 12) (fixed (alt-harmonic 250000.) 12))
        (loop (+ r 1) (+ acc (sum-to 10000.))))))
(for-each (lambda (s) (display s) (newline)) (bench-run (lambda () (run 100))))
