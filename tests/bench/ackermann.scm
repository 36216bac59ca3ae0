(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
(define (ack m n)
  (cond ((= m 0) (+ n 1))
        ((= n 0) (ack (- m 1) 1))
        (else (ack (- m 1) (ack m (- n 1))))))
(display (bench-run (lambda () (list (ack 3 8) (ack 2 200))))) (newline)
