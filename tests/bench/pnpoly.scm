(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; pnpoly: the even-odd (crossing number) point-in-polygon test, after the classic PNPOLY, for a
;; grid of points against a 40-vertex spiky polygon with float coordinates built from exact
;; rationals. Stresses: float comparisons and arithmetic over vectors, boolean flips in loops.
(define (inside? xs ys x y)
  (let ((n (vector-length xs)))
    (let loop ((i 0) (j (- n 1)) (c #f))
      (if (= i n)
          c
          (let ((xi (vector-ref xs i)) (yi (vector-ref ys i))
                (xj (vector-ref xs j)) (yj (vector-ref ys j)))
            (loop (+ i 1) i
                  (if (and (not (eq? (> yi y) (> yj y)))
                           (< x (+ xi (/ (* (- xj xi) (- y yi)) (- yj yi)))))
                      (not c)
                      c)))))))
(define (star points)
  ;; Vertices alternate between radius 10 and 4 at points placed without trig by a
  ;; rational parametrisation of the circle, ((1-t^2)/(1+t^2), 2t/(1+t^2)) for t in [-2, 2).
  (let ((n (* 2 points)) (xs (make-vector (* 2 points))) (ys (make-vector (* 2 points))))
    (do ((k 0 (+ k 1))) ((= k n) (cons xs ys))
      (let* ((t (- (/ (* 4 k) n) 2)) (d (+ 1 (* t t))) (r (if (even? k) 10 4)))
        (vector-set! xs k (inexact (* r (/ (- 1 (* t t)) d))))
        (vector-set! ys k (inexact (* r (/ (* 2 t) d))))))))
(define (count-inside poly steps)
  (let ((xs (car poly)) (ys (cdr poly)))
    (let loop ((i 0) (j 0) (count 0))
      (cond ((= i steps) count)
            ((= j steps) (loop (+ i 1) 0 count))
            (else
             (let ((x (- (* 22. (/ i steps)) 11.)) (y (- (* 22. (/ j steps)) 11.)))
               (loop i (+ j 1) (if (inside? xs ys x y) (+ count 1) count))))))))
(display (bench-run (lambda () (count-inside (star 20) 200)))) (newline)
