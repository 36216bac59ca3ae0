(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; lattice: counting monotone maps between finite lattices, after the classic LATTICE benchmark:
;; the lattice of monotone maps from a 3-chain to itself is built (ordered pointwise), then the
;; monotone maps from that lattice to itself are counted by backtracking.
;; Stresses: vector-ref, small-integer comparisons, closures, deep backtracking.
;; A poset is (size . leq), leq a procedure on element indices 0..size-1 listed in an order
;; that extends the partial order (so every predecessor of i comes before i).
(define (chain n) (cons n (lambda (i j) (<= i j))))
(define (monotone-maps p q)
  ;; Every monotone map from p to q as a vector, in lexicographic order.
  (let ((np (car p)) (leqp (cdr p)) (nq (car q)) (leqq (cdr q)))
    (let extend ((i 0) (f (make-vector np 0)))
      (if (= i np)
          (list (vector-copy f))
          (let try ((v 0) (acc '()))
            (if (= v nq)
                acc
                (try (+ v 1)
                     (if (let ok ((j 0))
                           (or (= j i) (and (or (not (leqp j i)) (leqq (vector-ref f j) v)) (ok (+ j 1)))))
                         (begin (vector-set! f i v) (append acc (extend (+ i 1) f)))
                         acc))))))))
(define (map-lattice p q)
  (let* ((maps (list->vector (monotone-maps p q))) (n (vector-length maps)) (leqq (cdr q))
         (table (make-vector (* n n) #f)))
    (do ((a 0 (+ a 1))) ((= a n))
      (do ((b 0 (+ b 1))) ((= b n))
        (vector-set! table (+ (* a n) b)
                     (let ((f (vector-ref maps a)) (g (vector-ref maps b)))
                       (let loop ((k 0))
                         (or (= k (vector-length f))
                             (and (leqq (vector-ref f k) (vector-ref g k)) (loop (+ k 1)))))))))
    (cons n (lambda (a b) (vector-ref table (+ (* a n) b))))))
(define (count-monotone p q)
  (let* ((np (car p)) (leqp (cdr p)) (nq (car q)) (leqq (cdr q)) (f (make-vector np 0)))
    (let extend ((i 0))
      (if (= i np)
          1
          (let try ((v 0) (count 0))
            (if (= v nq)
                count
                (try (+ v 1)
                     (if (let ok ((j 0))
                           (or (= j i) (and (or (not (leqp j i)) (leqq (vector-ref f j) v)) (ok (+ j 1)))))
                         (begin (vector-set! f i v) (+ count (extend (+ i 1))))
                         count))))))))
(define (run)
  (let* ((l3 (map-lattice (chain 3) (chain 3))))
    (list (car l3) (count-monotone l3 l3))))
(write (bench-run run)) (newline)
