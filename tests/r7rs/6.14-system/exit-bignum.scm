; 6.14: an exact integer out of the byte range exits with its low 8 bits, a bignum too:
; 2^100 + 3 gives 3.
(import (scheme base) (scheme write) (scheme process-context))

(display "exiting")
(newline)
(exit (+ (expt 2 100) 3))
(display "not reached")
