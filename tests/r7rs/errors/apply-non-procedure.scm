; Applying a non-procedure is an error.
(import (scheme base) (scheme write))

(define x 5)
(display "calling")
(newline)
(display (x 3))
(display "not reached")
