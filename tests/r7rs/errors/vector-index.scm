; vector-ref with an index past the end is an error naming vector-ref.
(import (scheme base) (scheme write))

(define v (vector 1 2 3))
(display (vector-ref v 2))
(newline)
(display (vector-ref v 3))
(display "not reached")
