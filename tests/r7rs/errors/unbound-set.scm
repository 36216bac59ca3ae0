; `set!` of an unbound variable names it once in the uncaught error, as a read does.
(import (scheme base) (scheme write))

(define (assign!) (set! never-defined 1))
(display "before")
(newline)
(assign!)
(display "not reached")
