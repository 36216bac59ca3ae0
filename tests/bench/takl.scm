(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; takl: the Takeuchi function on lists, after Gabriel's TAKL: numbers are lists whose lengths
;; are compared by walking them (shorterp), so the work is list traversal and recursion.
;; Stresses: non-tail recursion, car/cdr, null? tests.
(define (listn n) (if (= n 0) '() (cons n (listn (- n 1)))))
(define (shorterp x y)
  (and (not (null? y)) (or (null? x) (shorterp (cdr x) (cdr y)))))
(define (mas x y z)
  (if (not (shorterp y x))
      z
      (mas (mas (cdr x) y z) (mas (cdr y) z x) (mas (cdr z) x y))))
(define (run n)
  (let loop ((i 0) (r 0))
    (if (= i n) r (loop (+ i 1) (+ r (length (mas (listn 18) (listn 12) (listn 6))))))))
(display (bench-run (lambda () (run 30)))) (newline)
