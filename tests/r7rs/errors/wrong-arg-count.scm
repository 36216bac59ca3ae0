; Calling a procedure with the wrong number of arguments is an error.
(import (scheme base) (scheme write))

(define (two a b) (+ a b))
(display (two 1 2))
(newline)
(display (two 1))
(display "not reached")
