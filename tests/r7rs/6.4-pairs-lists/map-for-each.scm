; 6.4/6.10: map and for-each over one and several lists, including unequal lengths.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (map cadr '((a b) (d e) (g h))) (map (lambda (n) (expt n n)) '(1 2 3 4 5)))
(show (map + '(1 2 3) '(10 20 30)) (map list '(1 2) '(a b) '("x" "y")))
;; Shortest list determines the length.
(show (map + '(1 2 3) '(10 20)) (map cons '(a b c d) '(1 2)) (map + '(1) '() '(3)))
(show (map (lambda (x) x) '()))
(define v (make-vector 5))
(for-each (lambda (i) (vector-set! v i (* i i))) '(0 1 2 3 4))
(show v)
;; for-each goes left to right, stops at the shortest list.
(define acc '())
(for-each (lambda (x y z) (set! acc (cons (list x y z) acc))) '(1 2 3) '(a b c d) '(p q))
(show (reverse acc))
;; A map result is a fresh list.
(define src (list 1 2 3))
(define copy (map (lambda (x) x) src))
(show (eq? src copy) (equal? src copy))
