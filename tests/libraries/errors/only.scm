(define-library (bad dup2) (export f) (import (scheme base)) (begin (define f 1)))
(import (only (bad dup2) g))
