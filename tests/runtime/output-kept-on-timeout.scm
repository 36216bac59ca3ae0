; Output printed before a --timeout stops the program reaches stdout (the host writes out what
; the guest still had buffered).
(import (scheme base) (scheme write))

(display "printed before the loop")
(newline)
(display "and a line without a newline")
(let loop ((i 0)) (loop (+ i 1)))
