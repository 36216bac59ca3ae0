; 4.2.9: case-lambda dispatch on argument count, including rest clauses.
(import (scheme base) (scheme write) (scheme case-lambda))

(define range
  (case-lambda
    ((e) (range 0 e))
    ((b e) (do ((r '() (cons e r))
                (e (- e 1) (- e 1)))
               ((< e b) r)))))
(write (range 3)) (newline)
(write (range 3 5)) (newline)
(define plus
  (case-lambda
    (() 0)
    ((x) x)
    ((x y) (+ x y))
    ((x y z) (+ (+ x y) z))
    (args (apply + args))))
(write (list (plus) (plus 1) (plus 1 2) (plus 1 2 3) (plus 1 2 3 4 5))) (newline)
(define which
  (case-lambda
    ((a) 'one)
    ((a b . rest) (list 'two-plus (length rest)))))
(write (list (which 1) (which 1 2) (which 1 2 3 4))) (newline)
;; First matching clause wins.
(define first-wins (case-lambda ((a . r) 'rest-clause) ((a b) 'exact-two)))
(write (first-wins 1 2)) (newline)
