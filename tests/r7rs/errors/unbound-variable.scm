; Referencing an undefined variable at run time is an error naming the variable.
(import (scheme base) (scheme write))

(display "start")
(newline)
(define (use-it) (+ 1 kiln-no-such-variable-xyz))
(use-it)
(display "not reached")
