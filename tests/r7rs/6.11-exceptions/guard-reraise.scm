; 6.11 / 4.2.7: guard re-raises unmatched conditions in the dynamic environment of
; the original raise, so outer handlers and guards see them.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
;; Unmatched: the outer guard receives the identical object.
(define payload (list 'payload))
(show (guard (e (#t (eq? e payload)))
        (guard (e ((string? e) 'wrong))
          (raise payload))))
;; Three levels, the middle one matches.
(show (guard (e (#t (list 'outer e)))
        (guard (e ((number? e) (list 'middle e)))
          (guard (e ((string? e) (list 'inner e)))
            (raise 7)))))
;; A re-raised raise-continuable can still be resumed by an outer handler.
(show (with-exception-handler
       (lambda (e) 10)
       (lambda ()
         (+ 1 (guard (e ((string? e) 'str))
                (+ 100 (raise-continuable 'sym)))))))
;; An error re-raised from a guard clause body is a new raise seen by the outer guard.
(show (guard (e ((error-object? e) (list (error-object-message e) (error-object-irritants e))))
        (guard (e ((symbol? e) (error "converted" e)))
          (raise 'oops))))
;; Explicit re-raise from a clause with (raise e).
(show (guard (e (#t (list 'outer-saw e)))
        (guard (e ((symbol? e) (raise (list 'rethrown e))))
          (raise 'x))))
;; The outer after thunk runs before the outer guard's clause body.
(define trace '())
(guard (e (#t (set! trace (cons (list 'caught e) trace))))
  (dynamic-wind
   (lambda () #f)
   (lambda () (guard (e ((string? e) 'no)) (raise 'deep)))
   (lambda () (set! trace (cons 'outer-after trace)))))
(show (reverse trace))
