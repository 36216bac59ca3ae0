; A malformed special form is a syntax error reported with its position, exit 65.
(import (scheme base) (scheme write))
(if)
(display "not reached")
