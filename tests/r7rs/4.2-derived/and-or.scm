; 4.2.1: and / or, short-circuiting and returned values.
(import (scheme base) (scheme write))

(write (and (= 2 2) (> 2 1))) (newline)
(write (and (= 2 2) (< 2 1))) (newline)
(write (and 1 2 'c '(f g))) (newline)
(write (and)) (newline)
(write (or (= 2 2) (> 2 1))) (newline)
(write (or (= 2 2) (< 2 1))) (newline)
(write (or #f #f #f)) (newline)
(write (or (memq 'b '(a b c)) (/ 3 0))) (newline)
(write (or)) (newline)
;; Short-circuit: later operands are not evaluated.
(define trace '())
(define (t x) (set! trace (cons x trace)) x)
(and (t 1) (t #f) (t 3))
(or (t #f) (t 2) (t 4))
(write (reverse trace)) (newline)
(write (and 1 #f (car '()))) (newline)
