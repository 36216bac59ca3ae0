; 4.2.1: when and unless evaluate their bodies in order and return the last value.
(import (scheme base) (scheme write))

(write (when (= 1 1.0) 'a 'b)) (newline)
(write (unless (= 1 2) 'c 'd)) (newline)
(define out '())
(when (< 1 2) (set! out (cons 'w1 out)) (set! out (cons 'w2 out)))
(when (> 1 2) (set! out (cons 'never out)))
(unless (> 1 2) (set! out (cons 'u1 out)))
(unless (< 1 2) (set! out (cons 'never out)))
(write (reverse out)) (newline)
(define (sign n) (when (negative? n) (display "neg ")) (unless (negative? n) (display "nonneg ")) n)
(for-each (lambda (n) (write (sign n)) (display " ")) (list -1 0 1)) (newline)
