; 6.14: (exit) with no argument exits with status 0.
(import (scheme base) (scheme write) (scheme process-context))

(for-each (lambda (i) (display i)) '(1 2 3))
(newline)
(exit)
(display "not reached")
