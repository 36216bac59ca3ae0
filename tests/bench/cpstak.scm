(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; cpstak: the Takeuchi function in continuation-passing style, after Gabriel's CPSTAK: every
;; call is a tail call and every pending computation is a freshly allocated closure.
;; Stresses: closure allocation, tail calls, free-variable access.
(define (cpstak x y z)
  (define (tak x y z k)
    (if (not (< y x))
        (k z)
        (tak (- x 1) y z
             (lambda (v1)
               (tak (- y 1) z x
                    (lambda (v2)
                      (tak (- z 1) x y
                           (lambda (v3) (tak v1 v2 v3 k)))))))))
  (tak x y z (lambda (a) a)))
(define (run n)
  (let loop ((i 0) (r 0)) (if (= i n) r (loop (+ i 1) (+ r (cpstak 18 12 6))))))
(display (bench-run (lambda () (run 30)))) (newline)
