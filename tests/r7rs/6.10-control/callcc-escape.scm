; 6.10: call/cc used for escapes only: early exit from loops, searches and nested calls.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (call-with-current-continuation
       (lambda (exit)
         (for-each (lambda (x) (if (negative? x) (exit x))) '(54 0 37 -3 245 19))
         #t)))
(define list-length
  (lambda (obj)
    (call-with-current-continuation
     (lambda (return)
       (letrec ((r (lambda (obj)
                     (cond ((null? obj) 0)
                           ((pair? obj) (+ (r (cdr obj)) 1))
                           (else (return #f))))))
         (r obj))))))
(show (list-length '(1 2 3 4)) (list-length '(a b . c)))
;; Escape from deep non-tail recursion in a tree walk.
(define (find-first pred tree)
  (call/cc
   (lambda (k)
     (let walk ((t tree))
       (cond ((pair? t) (walk (car t)) (walk (cdr t)))
             ((pred t) (k t))
             (else #f)))
     'none)))
(show (find-first string? '(1 (2 (3 "found" 4) "later"))) (find-first char? '(1 (2 3))))
;; Nested escapes: the inner continuation returns to the inner call only.
(show (+ 1 (call/cc (lambda (outer) (+ 10 (call/cc (lambda (inner) (inner 100) 1000)))))))
(show (+ 1 (call/cc (lambda (outer) (+ 10 (call/cc (lambda (inner) (outer 100) 1000)))))))
;; Escaping with several values.
(show (call-with-values (lambda () (call/cc (lambda (k) (k 1 2 3)))) list))
;; A continuation stored and invoked later from within its own extent (still an escape).
(define saved #f)
(define (product lst)
  (call/cc
   (lambda (k)
     (set! saved k)
     (let loop ((l lst))
       (cond ((null? l) 1)
             ((= (car l) 0) (saved 0))
             (else (* (car l) (loop (cdr l)))))))))
(show (product '(1 2 3 4)) (product '(1 2 0 4)))
;; Escaping from a deep loop of 100000 frames.
(define (deep n k) (if (= n 0) (k 'escaped) (+ 1 (deep (- n 1) k))))
(show (call/cc (lambda (k) (deep 100000 k))))
;; call/cc's value when the receiver returns normally.
(show (call/cc (lambda (k) 42)))
