; A malformed let binding is a syntax error reported with its position.
(import (scheme base) (scheme write))

(let ((x)) x)
(display "not reached")
