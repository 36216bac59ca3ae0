; 6.14: (exit obj) with an object that is neither a boolean nor an integer exits with the
; failure status 1, as (exit #f) does.
(import (scheme base) (scheme write) (scheme process-context))

(display "exiting")
(newline)
(exit 'foo)
(display "not reached")
