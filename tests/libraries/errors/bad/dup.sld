(define-library (bad dup)
  (import (scheme base))
  (export f)
  (begin
    (define (f) 1)
    (define (f) 2)))
