; 6.14: (exit n) exits with status n after flushing output; later code does not run.
(import (scheme base) (scheme write) (scheme process-context))

(display "before exit")
(newline)
(display "partial line without newline")
(exit 3)
(display "not reached")
