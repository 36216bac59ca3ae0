; An uncaught (error ...) prints its message and written irritants.
(import (scheme base) (scheme write))

(display "working")
(newline)
(error "boom:" 1 2)
(display "not reached")
