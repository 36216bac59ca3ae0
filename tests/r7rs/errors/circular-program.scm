; 2.4: a circular datum is legal only as a quoted literal; as program text it is a syntax error
; (exit 65) naming it, not an endless expansion.
(import (scheme base) (scheme write))

(display "before")
(newline)
(display #0=(car . #0#))
