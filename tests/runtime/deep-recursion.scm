; Deep non-tail recursion (100,000 frames) must work: naive length, a map-like
; recursion, a recursive sum, and builtins on 100,000-element lists.
(import (scheme base) (scheme write))

(define (make-range n) (let loop ((i (- n 1)) (acc '())) (if (< i 0) acc (loop (- i 1) (cons i acc)))))
(define big (make-range 100000))
(define (my-length l) (if (null? l) 0 (+ 1 (my-length (cdr l)))))
(write (my-length big)) (newline)
(define (my-map f l) (if (null? l) '() (cons (f (car l)) (my-map f (cdr l)))))
(define doubled (my-map (lambda (x) (* 2 x)) big))
(write (list (car doubled) (list-ref doubled 99999) (my-length doubled))) (newline)
(define (sum-to n) (if (= n 0) 0 (+ n (sum-to (- n 1)))))
(write (sum-to 100000)) (newline)
;; Builtins over long lists.
(write (length (map + big big))) (newline)
(write (apply + big)) (newline)
(write (equal? big (list-copy big))) (newline)
(write (length (append big big))) (newline)
(write (car (reverse big))) (newline)
(write (vector-length (list->vector big))) (newline)
;; Deep recursion building a nested structure, then walking it recursively.
(define (nest n) (if (= n 0) '() (list (nest (- n 1)))))
(define (depth t) (if (null? t) 0 (+ 1 (depth (car t)))))
(write (depth (nest 100000))) (newline)
;; Deep recursion through an escape continuation and back out normally.
(write (call/cc (lambda (k) (sum-to 50000)))) (newline)
