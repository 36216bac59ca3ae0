; Unbounded non-tail recursion must end with a "stack overflow" error (status 70),
; not a crash of the host.
(import (scheme base) (scheme write))

(display "recursing")
(newline)
(define (forever n) (+ 1 (forever (+ n 1))))
(forever 0)
(display "not reached")
