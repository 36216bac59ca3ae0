(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; trialdiv: count the primes below 300,000 by trial division with two nested named lets (the
;; example of issue 13). Stresses: fixnum remainder and multiplication, loop-carried variables,
;; self tail calls.
(define (count-primes limit)
  (let outer ((n 2) (count 0))
    (if (>= n limit)
        count
        (outer (+ n 1)
               (let inner ((d 2))
                 (cond ((> (* d d) n) (+ count 1))
                       ((= (remainder n d) 0) count)
                       (else (inner (+ d 1)))))))))
(display (bench-run (lambda () (count-primes 300000)))) (newline)
