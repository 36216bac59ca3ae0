; 6.4: list make-list length append reverse list-tail list-ref list-set! list-copy.
(import (scheme base) (scheme write) (scheme cxr))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (list 'a (+ 3 4) 'c) (list) (make-list 2 3) (length (make-list 0)))
(show (length '(a b c)) (length '(a (b) (c d e))) (length '()))
(show (append '(x) '(y)) (append '(a) '(b c d)) (append '(a (b)) '((c))))
(show (append '(a b) '(c . d)) (append '() 'a) (append) (append '(1)) (append '() '() '(1) '() '(2 3)))
;; append copies all but the last argument, which is shared.
(define tail (list 'shared))
(define joined (append (list 1 2) tail))
(show (eq? (cddr joined) tail))
(show (reverse '(a b c)) (reverse '(a (b c) d (e (f)))) (reverse '()))
(show (list-tail '(a b c d) 2) (list-tail '(a b) 2) (list-ref '(a b c d) 2) (list-ref '(a b c d) (exact (round 1.8))))
(define ls (list 'one 'two 'five!))
(list-set! ls 2 'three)
(show ls)
;; list-copy makes fresh pairs; improper tails and non-lists are returned as is.
(define a '(1 8 2 8))
(define b (list-copy a))
(set-car! b 3)
(show a b (list-copy '()) (list-copy 5) (list-copy '(1 2 . 3)))
(define lst (list 1 2 3))
(show (eq? lst (list-copy lst)) (equal? lst (list-copy lst)))
;; make-list with a fill of a compound value shares it.
(define ml (make-list 3 (list 'x)))
(show (eq? (car ml) (caddr ml)) ml)
