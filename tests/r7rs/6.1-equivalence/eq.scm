; 6.1: eq? on symbols, lists, procedures, empty collections and small integers.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (eq? 'a 'a) (eq? (list 'a) (list 'a)) (eq? '() '()) (eq? car car))
(show (let ((x '(a))) (eq? x x)) (let ((x '#())) (eq? x x)) (let ((p (lambda (x) x))) (eq? p p)))
(show (eq? #t #t) (eq? #f #f) (eq? 'abc (string->symbol "abc")))
;; Small exact integers and characters are eq? in practice in every implementation
;; that uses immediates; R7RS leaves it unspecified, so only eqv? is checked for them.
(show (eqv? 42 42) (eqv? #\x #\x))
(define lst (list 1 2 3))
(show (eq? (cdr lst) (cdr lst)) (eq? lst (list-copy lst)))
