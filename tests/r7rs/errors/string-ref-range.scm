; string-ref with an index past the end is an error naming string-ref.
(import (scheme base) (scheme write))

(define s "héllo")
(write (string-ref s 4))
(newline)
(write (string-ref s 5))
(display "not reached")
