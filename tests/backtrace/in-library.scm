; An error raised inside library code names the library's file.
(import (scheme base) (scheme write) (bt checks))
(define (second v)
  (+ 1 (checked-ref v 1)))
(display (second (vector 10 20)))
(newline)
(display (second (vector 10)))
(newline)
