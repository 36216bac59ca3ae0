(define-library (bad export)
  (import (scheme base))
  (export f missing)
  (begin (define (f) 1)))
