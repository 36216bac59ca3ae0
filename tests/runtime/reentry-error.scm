; Continuations are escape-only in every JIT mode: invoking one after its call/cc returned
; (re-entry, as generators and amb need) is a clear, catchable error — never a wrong answer.
(import (scheme base) (scheme write))

(define saved #f)
(define r (+ 1 (call/cc (lambda (k) (set! saved k) 1))))
(write r)
(newline)
(write (guard (e ((error-object? e) (error-object-message e))) (saved 5)))
(newline)
;; Escaping out of a dynamic-wind still runs the after thunk once; re-entering is refused
;; before any before thunk runs again.
(define log '())
(define k2 #f)
(dynamic-wind (lambda () (set! log (cons 'before log)))
              (lambda () (call/cc (lambda (k) (set! k2 k))))
              (lambda () (set! log (cons 'after log))))
(write (guard (e ((error-object? e) 'refused)) (k2 'again)))
(newline)
(write (reverse log))
(newline)
