; `(apply +)` lacks the argument list R7RS requires: an uncaught arity error, not 0.
(import (scheme base) (scheme write))

(display "before")
(newline)
(display (apply +))
(display "not reached")
