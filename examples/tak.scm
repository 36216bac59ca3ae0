; The Takeuchi function, a classic call-intensive benchmark.
(import (scheme base) (scheme write))

(define (tak x y z)
  (if (not (< y x))
      z
      (tak (tak (- x 1) y z)
           (tak (- y 1) z x)
           (tak (- z 1) x y))))

(define (repeat n thunk)
  (let loop ((i 1) (result #f))
    (if (> i n) result (loop (+ i 1) (thunk)))))

(display "tak(18, 12, 6) = ")
(write (repeat 5 (lambda () (tak 18 12 6))))
(newline)
(display "tak(12, 8, 4) = ")
(write (tak 12 8 4))
(newline)
