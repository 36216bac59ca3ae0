(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; Digits of pi by Gibbons' unbounded spigot on exact integers (after the pi benchmark): the
;; state grows to thousands of digits, so this is bignum multiplication by small numbers, exact
;; quotients and comparisons.
(define (pi-digits n)
  (let loop ((q 1) (r 0) (t 1) (k 1) (m 3) (x 3) (count 0) (digits 0))
    (if (= count n)
        digits
        (if (< (+ (* 4 q) r) (+ (* m t) t))
            (loop (* 10 q) (* 10 (- r (* m t))) t k
                  (- (quotient (* 10 (+ (* 3 q) r)) t) (* 10 m))
                  x (+ count 1) (modulo (+ (* digits 10) m) 1000000007))
            (loop (* q k) (* (+ (* 2 q) r) x) (* t x) (+ k 1)
                  (quotient (+ (* q (+ (* 7 k) 2)) (* r x)) (* t x))
                  (+ x 2) count digits)))))
(display (bench-run (lambda () (pi-digits 2000)))) (newline)
