; A syntax error deep inside a definition reports the line of the offending form.
(import (scheme base) (scheme write))

(define (f x)
  (let ((y (* x 2)))
    (lambda)))
(display "not reached")
