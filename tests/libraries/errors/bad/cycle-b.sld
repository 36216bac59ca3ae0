(define-library (bad cycle-b)
  (import (scheme base) (bad cycle-a))
  (export b)
  (begin (define b 2)))
