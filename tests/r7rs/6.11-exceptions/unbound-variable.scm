; The condition of an unbound variable, read or assigned, interpreted or compiled: the message
; "unbound variable" and the variable's name (a symbol) as its one irritant.
(import (scheme base) (scheme write))

(define (read-it) nowhere)
(define (assign-it) (set! nowhere 1))
(define (describe thunk)
  (guard (e ((error-object? e)
             (write (list (error-object-message e)
                          (error-object-irritants e)
                          (symbol? (car (error-object-irritants e)))))
             (newline)))
    (thunk)))
(describe read-it)
(describe assign-it)
(describe (lambda () also-nowhere))
