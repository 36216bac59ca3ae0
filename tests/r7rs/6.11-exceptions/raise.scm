; 6.11: raise with arbitrary objects, caught by guard; non-continuable handler return.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(define (catch thunk) (guard (e (#t (list 'caught e))) (thunk)))
(show (catch (lambda () (raise 'sym))) (catch (lambda () (raise 42))) (catch (lambda () (raise "str"))))
(show (catch (lambda () (raise (list 1 2)))) (catch (lambda () (raise #f))) (catch (lambda () (raise (vector 'v)))))
;; The very same object is delivered.
(define obj (list 'unique))
(show (guard (e (#t (eq? e obj))) (raise obj)))
;; Raised objects are not error objects unless made by error.
(show (guard (e (#t (error-object? e))) (raise 'x)) (guard (e (#t (error-object? e))) (error "x")))
;; If a handler returns from a non-continuable raise, a secondary exception is raised
;; in the handler's dynamic environment, which the outer guard catches.
(show (guard (e (#t 'secondary-caught))
        (with-exception-handler
         (lambda (e) 'handler-returned)
         (lambda () (raise 'first) 'not-reached))))
;; raise from deep inside nested procedure calls.
(define (dive n) (if (= n 0) (raise 'bottom) (cons n (dive (- n 1)))))
(show (guard (e ((symbol? e) e)) (dive 500)))
