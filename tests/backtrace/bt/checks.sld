; A library whose procedure fails: the backtrace names this file.
(define-library (bt checks)
  (export checked-ref)
  (import (scheme base))
  (begin
    (define (checked-ref v i)
      (let ((x (vector-ref v i)))
        x))))
