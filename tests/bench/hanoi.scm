(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; hanoi: the towers of Hanoi with the pegs as lists in a vector: disks really move (car/cdr/cons),
;; every move is checked to put a smaller disk on a larger one, and moves are counted.
;; Stresses: non-tail recursion, vector-ref/vector-set!, small allocations.
(define (hanoi n)
  (let ((pegs (vector (let loop ((i n) (l '())) (if (= i 0) l (loop (- i 1) (cons i l)))) '() '()))
        (moves 0) (bad 0))
    (define (move! from to)
      (let ((disk (car (vector-ref pegs from))))
        (when (and (pair? (vector-ref pegs to)) (> disk (car (vector-ref pegs to))))
          (set! bad (+ bad 1)))
        (vector-set! pegs from (cdr (vector-ref pegs from)))
        (vector-set! pegs to (cons disk (vector-ref pegs to)))
        (set! moves (+ moves 1))))
    (let solve ((k n) (from 0) (to 2) (via 1))
      (when (> k 0)
        (solve (- k 1) from via to)
        (move! from to)
        (solve (- k 1) via to from)))
    (list moves bad (length (vector-ref pegs 2)))))
(write (bench-run (lambda () (hanoi 21)))) (newline)
