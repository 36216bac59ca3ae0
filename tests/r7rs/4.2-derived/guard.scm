; 4.2.7: guard clauses, =>, else, re-raise when no clause matches, body values.
(import (scheme base) (scheme write))

(write (guard (condition
               ((assq 'a condition) => cdr)
               ((assq 'b condition)))
         (raise (list (cons 'a 42))))) (newline)
(write (guard (condition
               ((assq 'a condition) => cdr)
               ((assq 'b condition)))
         (raise (list (cons 'b 23))))) (newline)
(write (guard (e ((symbol? e) (list 'sym e))
                 ((string? e) (list 'str e))
                 (else (list 'other e)))
         (raise 42))) (newline)
;; No exception: the body's value is returned.
(write (guard (e (#t 'handled)) (+ 1 2))) (newline)
;; No clause matches: re-raised to the outer guard with the same object.
(write (guard (outer (#t (list 'outer outer)))
         (guard (inner ((string? inner) 'inner))
           (raise 'not-a-string)))) (newline)
;; The clause body runs after leaving the guard body's dynamic extent.
(define trace '())
(guard (e (#t (set! trace (cons 'handler trace))))
  (dynamic-wind
   (lambda () (set! trace (cons 'in trace)))
   (lambda () (raise 'x))
   (lambda () (set! trace (cons 'out trace)))))
(write (reverse trace)) (newline)
;; Errors raised by error are caught, with message and irritants.
(write (guard (e ((error-object? e) (cons (error-object-message e) (error-object-irritants e))))
         (error "bad thing:" 1 'two "three"))) (newline)
;; guard inside a loop: each iteration handles its own raise.
(define (safe-div a b) (guard (e (#t 'div-error)) (if (= b 0) (raise 'zero) (/ a b))))
(write (map (lambda (b) (safe-div 12 b)) '(1 0 4))) (newline)
;; Multiple clause body expressions.
(write (guard (e ((number? e) (set! trace 'reset) (* e 2))) (raise 21))) (write trace) (newline)
