; Exact division by zero is an error naming the operator.
(import (scheme base) (scheme write))

(display (/ 10 4))
(newline)
(display (/ 1 0))
(display "not reached")
