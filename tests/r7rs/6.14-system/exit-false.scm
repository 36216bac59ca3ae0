; 6.14: (exit #f) signals failure, status 1.
(import (scheme base) (scheme write) (scheme process-context))

(display "failing")
(newline)
(exit #f)
(display "not reached")
