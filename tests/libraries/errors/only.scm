(define-library (bad dup2) (export f) (begin (define f 1)))
(import (only (bad dup2) g))
