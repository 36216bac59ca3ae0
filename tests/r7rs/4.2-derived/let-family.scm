; 4.2.2: let, let*, letrec, letrec*, let-values, let*-values.
(import (scheme base) (scheme write))

(write (let ((x 2) (y 3)) (* x y))) (newline)
;; let inits are evaluated in the outer scope.
(write (let ((x 2) (y 3))
         (let ((x 7) (z (+ x y)))
           (* z x)))) (newline)
(write (let ((x 2) (y 3))
         (let* ((x 7) (z (+ x y)))
           (* z x)))) (newline)
(write (letrec ((even? (lambda (n) (if (zero? n) #t (odd? (- n 1)))))
                (odd? (lambda (n) (if (zero? n) #f (even? (- n 1))))))
         (even? 88))) (newline)
;; letrec*: later inits may use the values of earlier ones.
(write (letrec* ((p (lambda (x) (+ 1 (q (- x 1)))))
                 (q (lambda (y) (if (zero? y) 0 (+ 1 (p (- y 1))))))
                 (x (p 5))
                 (y x))
         y)) (newline)
(write (let-values (((root rem) (exact-integer-sqrt 32)))
         (* root rem))) (newline)
(write (let ((a 'a) (b 'b) (x 'x) (y 'y))
         (let*-values (((a b) (values x y))
                       ((x y) (values a b)))
           (list a b x y)))) (newline)
;; let-values with rest formals and with a single variable list.
(write (let-values (((a . rest) (values 1 2 3)) (all (values 4 5)))
         (list a rest all))) (newline)
;; let with an empty binding list and a multi-expression body.
(write (let () (define z 5) (+ z 1))) (newline)
;; let* with duplicate names shadows sequentially.
(write (let* ((x 1) (x (+ x 1)) (x (* x 10))) x)) (newline)
