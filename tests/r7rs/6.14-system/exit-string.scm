; 6.14: a string is no exit status: failure, 1 (as for #f).
(import (scheme base) (scheme write) (scheme process-context))

(display "exiting")
(newline)
(exit "done")
(display "not reached")
