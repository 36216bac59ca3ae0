; 6.10: values and call-with-values.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (call-with-values (lambda () (values 4 5)) (lambda (a b) b)))
(show (call-with-values * -))
(show (call-with-values (lambda () (values)) list) (call-with-values (lambda () (values 1)) list))
(show (call-with-values (lambda () 7) (lambda (x) (* x 2))))
(show (call-with-values (lambda () (values 1 2 3)) +))
(define (split n) (values (quotient n 10) (remainder n 10)))
(show (call-with-values (lambda () (split 47)) cons))
(define-values (q r) (split 93))
(show q r)
(show (let-values (((a b) (values 1 2)) ((c) (values 3))) (list a b c)))
;; values passed through procedures that return them in tail position.
(define (pass) (split 12))
(define (pass2) (if #t (pass) 'no))
(show (call-with-values pass2 list))
(show (call-with-values (lambda () (apply values '(a b c))) list))
