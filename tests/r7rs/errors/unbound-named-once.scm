; An unbound variable is named once in the uncaught error ("unbound variable x"), read by
; interpreted or compiled code (`show` is compiled under --jit=eager).
(import (scheme base) (scheme write))

(define (show) (display undefined-thing))
(display "before")
(newline)
(show)
(display "not reached")
