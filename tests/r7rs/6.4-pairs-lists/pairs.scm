; 6.4: pairs: cons car cdr set-car! set-cdr! pair? null? list? and printing of improper lists.
(import (scheme base) (scheme write) (scheme cxr))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (cons 'a '()) (cons '(a) '(b c d)) (cons "a" '(b c)) (cons 'a 3) (cons '(a b) 'c))
(show (car '(a b c)) (car '((a) b c d)) (car '(1 . 2)) (cdr '((a) b c d)) (cdr '(1 . 2)))
(define x (list 'a 'b 'c))
(set-car! x 1)
(set-cdr! (cddr x) '(d . e))
(show x)
(show (pair? '(a . b)) (pair? '(a b c)) (pair? '()) (pair? '#(a b)))
(show (null? '()) (null? '(a)) (null? #f) (list? '(a b c)) (list? '()) (list? '(a . b)))
;; list? must terminate on circular lists and return #f.
(define circ (list 1 2 3))
(set-cdr! (cddr circ) circ)
(show (list? circ) (pair? circ) (car (cdddr circ)))
(show '(1 (2 . 3) ((4))) '((a . b) (c . d)) '(() ()) (list '() (cons '() '())))
(show (cons 1 (cons 2 (cons 3 '()))) (cons (cons 1 2) (cons 3 4)))
