; 4.2.4: do loops with and without steps, multiple result expressions.
(import (scheme base) (scheme write))

(write (do ((vec (make-vector 5))
            (i 0 (+ i 1)))
           ((= i 5) vec)
         (vector-set! vec i i))) (newline)
(write (let ((x '(1 3 5 7 9)))
         (do ((x x (cdr x))
              (sum 0 (+ sum (car x))))
             ((null? x) sum)))) (newline)
;; A variable without a step keeps its value; the body runs for side effects.
(define acc '())
(do ((i 0 (+ i 1)) (k 'fixed))
    ((= i 3) (set! acc (cons k acc)))
  (set! acc (cons i acc)))
(write (reverse acc)) (newline)
;; Steps are computed in parallel (like a named let), not sequentially.
(write (do ((a 0 b) (b 1 (+ a b)) (n 0 (+ n 1)))
           ((= n 10) (list a b))))
(newline)
;; Multiple result expressions: the last one is the value.
(write (do ((i 0 (+ i 1))) ((= i 2) 'first 'last))) (newline)
