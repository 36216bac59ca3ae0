; 6.11: calling non-procedures and calling with the wrong number of arguments are
; catchable errors.
(import (scheme base) (scheme write))

(define (try thunk)
  (guard (e ((error-object? e) 'error-object) (#t 'other-condition))
    (thunk)
    'no-error))
(define (two a b) (list a b))
(define not-a-proc 5)
(write (list (try (lambda () (two 1)))
             (try (lambda () (two 1 2 3)))
             (try (lambda () ((lambda (x . r) x))))
             (try (lambda () (not-a-proc 1)))
             (try (lambda () (apply "str" '())))
             (try (lambda () (car)))
             (try (lambda () (two 1 2)))))
(newline)
