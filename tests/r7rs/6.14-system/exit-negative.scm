; 6.14: a negative status is taken modulo 256, as a POSIX parent sees it: -200 gives 56 (a
; status under 126, which every WASI host can carry; -1 would be 255).
(import (scheme base) (scheme write) (scheme process-context))

(display "exiting")
(newline)
(exit -200)
(display "not reached")
