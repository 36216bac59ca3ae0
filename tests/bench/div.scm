(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; div: Gabriel's DIV: dividing a list of 200 elements by two, iteratively (every other element,
;; accumulated in a loop) and recursively, many times. Stresses: cddr walks, cons, recursion.
(define (make-list-n n) (let loop ((n n) (a '())) (if (= n 0) a (loop (- n 1) (cons '() a)))))
(define (iterative-div2 l)
  (let loop ((l l) (a '())) (if (null? l) a (loop (cddr l) (cons (car l) a)))))
(define (recursive-div2 l)
  (if (null? l) '() (cons (car l) (recursive-div2 (cddr l)))))
(define (run reps)
  (let ((l (make-list-n 200)))
    (let loop ((i 0) (n 0))
      (if (= i reps)
          n
          (loop (+ i 1) (+ n (length (iterative-div2 l)) (length (recursive-div2 l))))))))
(display (bench-run (lambda () (run 10000)))) (newline)
