(define-library (bad cycle-a) (import (scheme base) (bad cycle-b)) (export a) (begin (define a 1)))
