; Using a macro with no matching rule is a syntax error.
(import (scheme base) (scheme write))

(define-syntax two-args (syntax-rules () ((_ a b) (list a b))))
(two-args 1)
(display "not reached")
