; 6.10: procedure? and apply with spread arguments.
(import (scheme base) (scheme write) (scheme inexact))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (procedure? car) (procedure? 'car) (procedure? (lambda (x) (* x x))) (procedure? '(lambda (x) (* x x))))
(show (call-with-current-continuation procedure?))
(show (apply + (list 3 4)) (apply + '()) (apply + 1 2 '(3 4 5)) (apply list 'a 'b '(c d)))
(define compose
  (lambda (f g)
    (lambda args
      (f (apply g args)))))
(show ((compose sqrt *) 12 75))
(show (apply max '(3 9 2)) (apply vector 'x '(y z)) (apply apply (list + (list 1 2))))
(show (apply (lambda (a . rest) (list a rest)) 1 '(2 3)) (apply string-append (map symbol->string '(a b c))))
;; apply with a long argument list.
(define (iota n) (let loop ((i n) (acc '())) (if (= i 0) acc (loop (- i 1) (cons i acc)))))
(show (apply + (iota 10000)))
(show (apply map list '((1 2 3) (4 5 6))))
