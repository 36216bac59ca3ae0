; eval of an expression holding circular data built at run time (a quoted cycle) terminates and
; gives a constant of the same shape.
(import (scheme base) (scheme write) (scheme eval) (scheme cxr))

(define env (environment '(scheme base)))
(define ring (list 1 2 3))
(set-cdr! (cddr ring) ring)
(define r (eval (list 'quote ring) env))
(write (list r (eq? r (cdddr r)))) (newline)
(define v (vector 'x #f))
(vector-set! v 1 v)
(define w (eval (list 'quote v) env))
(write (list w (eq? w (vector-ref w 1)))) (newline)
(define lasso (list 'a 'b 'c))
(set-cdr! (cddr lasso) (cdr lasso))
(write (eval (list 'quote lasso) env)) (newline)
(write (eval (list 'car (list 'quote ring)) env)) (newline)
