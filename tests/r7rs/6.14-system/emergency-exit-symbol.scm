; 6.14: emergency-exit takes the same objects as exit: a symbol is failure, 1.
(import (scheme base) (scheme write) (scheme process-context))

(display "exiting")
(newline)
(emergency-exit 'foo)
(display "not reached")
