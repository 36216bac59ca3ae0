; 6.14: only exact integers are exit statuses: 3.0 is failure, 1.
(import (scheme base) (scheme write) (scheme process-context))

(display "exiting")
(newline)
(exit 3.0)
(display "not reached")
