(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; paraffins: the structural isomers of the paraffins (alkanes) C_n H_2n+2, after the classic
;; PARAFFINS benchmark (radicals built from smaller radicals, molecules rooted at their centroid:
;; bond-centred when two halves of n/2 carbons, carbon-centred otherwise). Every radical and
;; molecule is built as a vector tree; prints the number of molecules for n = 1 .. 19.
;; Stresses: vector allocation, nested enumeration with closures, list building.
;; A radical is 'h (no carbon) or #(r1 r2 r3); radicals of each size are kept in a vector,
;; and a combination is canonical when indices do not decrease within equal sizes.
(define (for-each-combination rads sizes k)
  ;; Calls k on every canonical list of radicals with the given non-decreasing sizes.
  (let walk ((sizes sizes) (prev-size -1) (min-index 0) (acc '()))
    (if (null? sizes)
        (k (reverse acc))
        (let* ((s (car sizes)) (v (vector-ref rads s)))
          (do ((i (if (= s prev-size) min-index 0) (+ i 1))) ((= i (vector-length v)))
            (walk (cdr sizes) s i (cons (vector-ref v i) acc)))))))
;; Non-decreasing lists of `parts` sizes, each at most `most`, summing to `total`.
(define (partitions total parts least most)
  (cond ((= parts 0) (if (= total 0) (list '()) '()))
        (else
         (let loop ((s least) (acc '()))
           (if (or (> s most) (> (* s parts) total))
               (reverse acc)
               (loop (+ s 1)
                     (append (reverse (map (lambda (rest) (cons s rest))
                                           (partitions (- total s) (- parts 1) s most)))
                             acc)))))))
(define (radicals n)
  (let ((rads (make-vector (+ n 1) '#())))
    (vector-set! rads 0 (vector 'h))
    (do ((k 1 (+ k 1))) ((> k n) rads)
      (let ((acc '()))
        (for-each (lambda (sizes)
                    (for-each-combination rads sizes
                                          (lambda (rs) (set! acc (cons (list->vector rs) acc)))))
                  (partitions (- k 1) 3 0 (- k 1)))
        (vector-set! rads k (list->vector (reverse acc)))))))
(define (molecules n rads)
  (let ((count 0))
    ;; Carbon-centred: four radicals, each of at most (n-1)/2 carbons.
    (for-each (lambda (sizes)
                (for-each-combination rads sizes
                                      (lambda (rs) (list->vector rs) (set! count (+ count 1)))))
              (partitions (- n 1) 4 0 (quotient (- n 1) 2)))
    ;; Bond-centred: two radicals of n/2 carbons.
    (when (even? n)
      (for-each-combination rads (list (quotient n 2) (quotient n 2))
                            (lambda (rs) (cons (car rs) (cadr rs)) (set! count (+ count 1)))))
    count))
(define (run n)
  (let ((rads (radicals (quotient n 2))))
    (let loop ((k 1) (acc '()))
      (if (> k n) (reverse acc) (loop (+ k 1) (cons (molecules k rads) acc))))))
(write (bench-run (lambda () (run 19)))) (newline)
