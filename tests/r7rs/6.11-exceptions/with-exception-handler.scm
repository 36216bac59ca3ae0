; 6.11: with-exception-handler with raise-continuable, handler nesting and escapes.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
;; raise-continuable: the handler's value is returned to the raise point.
(show (with-exception-handler
       (lambda (con)
         (cond ((string? con) (display con))
               (else (display "a warning has been issued")))
         42)
       (lambda ()
         (+ (raise-continuable "should be a number ") 23))))
;; Escaping from a handler with call/cc (the R7RS example).
(show (call-with-current-continuation
       (lambda (k)
         (with-exception-handler
          (lambda (x) (display "condition: ") (write x) (newline) (k 'exception))
          (lambda () (+ 1 (raise 'an-error)))))))
;; The handler runs with the outer handler installed: raising inside it goes outward.
(show (with-exception-handler
       (lambda (outer) (list 'outer-got outer))
       (lambda ()
         (with-exception-handler
          (lambda (inner) (raise-continuable (list 'wrapped inner)))
          (lambda () (raise-continuable 'x))))))
;; Handlers are installed only for the dynamic extent of the thunk.
(define log '())
(show (with-exception-handler
       (lambda (e) (set! log (cons e log)) 0)
       (lambda () (let* ((a (raise-continuable 'one)) (b (raise-continuable 'two))) (+ a b 5)))))
(show (reverse log))
;; The thunk's normal return value passes through.
(show (with-exception-handler (lambda (e) 'unused) (lambda () 'normal)))
;; A handler can be used several times from a loop.
(show (with-exception-handler
       (lambda (e) (* e 10))
       (lambda () (let loop ((i 1) (acc '())) (if (> i 3) (reverse acc) (loop (+ i 1) (cons (raise-continuable i) acc)))))))
