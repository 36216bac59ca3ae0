(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; perms: all permutations of (1 ... 8), three times, built as a list of fresh lists (after the
;; classic PERM9 allocation benchmark; here by the insert-everywhere method), then summed by a
;; weighted walk.
;; Stresses: allocation of many short-lived and long-lived pairs, the garbage collector.
(define (insert-everywhere x l)
  ;; Every list obtained by inserting x at some position of l.
  (if (null? l)
      (list (list x))
      (cons (cons x l) (map (lambda (rest) (cons (car l) rest)) (insert-everywhere x (cdr l))))))
(define (permutations l)
  (if (null? l)
      (list '())
      (let loop ((ps (permutations (cdr l))) (acc '()))
        (if (null? ps)
            acc
            (loop (cdr ps) (append (insert-everywhere (car l) (car ps)) acc))))))
(define (weighted-sum perms)
  (let loop ((ps perms) (s 0))
    (if (null? ps)
        s
        (loop (cdr ps)
              (let inner ((p (car ps)) (k 1) (s s))
                (if (null? p) (modulo s 65521) (inner (cdr p) (+ k 1) (+ s (* k (car p))))))))))
(define (run n reps)
  (let loop ((r 0) (acc '()))
    (if (= r reps)
        acc
        (let ((ps (permutations (let iota ((i n) (l '())) (if (= i 0) l (iota (- i 1) (cons i l)))))))
          (loop (+ r 1) (list (length ps) (weighted-sum ps)))))))
(write (bench-run (lambda () (run 8 3)))) (newline)
