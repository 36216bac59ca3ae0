;; SRFI 8: receive, the example of its document and the other formals shapes.
(import (scheme base) (scheme write) (srfi 8))
(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (receive (a . rest) (values 1 2 3) (list a rest)))
(show (receive all (values 1 2) all) (receive (x y) (values 'x 'y) (list y x)) (receive () (values) 'none))
