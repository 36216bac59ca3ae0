; 6.14: a negative status is taken modulo 256, as a POSIX parent sees it: -1 gives 255.
(import (scheme base) (scheme write) (scheme process-context))

(display "exiting")
(newline)
(exit -1)
(display "not reached")
