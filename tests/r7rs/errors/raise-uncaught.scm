; Raising a non-condition object that nobody handles terminates with status 70
; and shows the raised object.
(import (scheme base) (scheme write))

(display "raising")
(newline)
(raise 'kiln-custom-condition-token)
(display "not reached")
