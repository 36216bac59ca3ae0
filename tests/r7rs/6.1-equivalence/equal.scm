; 6.1: equal? recursively compares pairs, vectors, strings and bytevectors.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (equal? 'a 'a) (equal? '(a) '(a)) (equal? '(a (b) c) '(a (b) c)))
(show (equal? "abc" "abc") (equal? "abc" "abC") (equal? 2 2) (equal? 2 2.0))
(show (equal? (make-vector 5 'a) (make-vector 5 'a)) (equal? #(1 #(2 "x")) (vector 1 (vector 2 "x"))))
(show (equal? #u8(1 2 3) (bytevector 1 2 3)) (equal? #u8(1 2) #u8(1 2 3)))
(show (equal? '(1 2 . 3) (cons 1 (cons 2 3))) (equal? '(1 2) '(1 2 3)) (equal? '() '()))
(show (equal? (list 1.5 #\a "s") (list 1.5 #\a "s")) (equal? '#() '#()) (equal? '(#()) '(())))
;; Longer lists compare element by element (the 100,000-element case is in tests/runtime).
(define (iota n) (let loop ((i (- n 1)) (acc '())) (if (< i 0) acc (loop (- i 1) (cons i acc)))))
(show (equal? (iota 2000) (iota 2000)) (equal? (iota 2000) (append (iota 1999) '(x))))
