; Uncaught runtime error from a primitive: output so far is kept, exit status 70.
(import (scheme base) (scheme write))

(display "before")
(newline)
(define (get-first x) (car x))
(display (get-first 5))
(display "not reached")
