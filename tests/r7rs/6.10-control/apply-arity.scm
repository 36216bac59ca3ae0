; 6.10: `(apply proc arg1 … args)` needs its list: with the procedure alone (or nothing) it is an
; arity error, worded as every other one, from interpreted and compiled callers alike.
(import (scheme base) (scheme write))

(define (message thunk)
  (guard (e ((error-object? e) (error-object-message e)))
    (thunk)))
(define (apply-alone f) (apply f))
(write (message (lambda () (apply +)))) (newline)
(write (message (lambda () (apply-alone list)))) (newline)
(write (message (lambda () (apply)))) (newline)
(define my-apply apply)
(write (message (lambda () (my-apply +)))) (newline)
; Two arguments are enough.
(write (apply + '())) (newline)
(write (apply list 1 2 (quote (3)))) (newline)
