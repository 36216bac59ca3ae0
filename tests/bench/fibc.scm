(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; fibc: the doubly recursive Fibonacci function where each result is returned through an
;; escaping continuation, after the classic FIBC. Stresses: call/cc on every call, closures.
(define (fibc n)
  (call-with-current-continuation
   (lambda (k)
     (if (< n 2)
         (k n)
         (k (+ (fibc (- n 1)) (fibc (- n 2))))))))
(display (bench-run (lambda () (fibc 24)))) (newline)
