; 6.14: 256 is 0 modulo 256: success.
(import (scheme base) (scheme write) (scheme process-context))

(display "exiting")
(newline)
(exit 256)
(display "not reached")
