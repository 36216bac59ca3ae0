; 4.2.4: named let, including the R7RS example and loops that accumulate.
(import (scheme base) (scheme write))

(write (let loop ((numbers '(3 -2 1 6 -5))
                  (nonneg '())
                  (neg '()))
         (cond ((null? numbers) (list nonneg neg))
               ((>= (car numbers) 0)
                (loop (cdr numbers) (cons (car numbers) nonneg) neg))
               ((< (car numbers) 0)
                (loop (cdr numbers) nonneg (cons (car numbers) neg))))))
(newline)
(write (let fact ((n 20) (acc 1)) (if (= n 0) acc (fact (- n 1) (* acc n))))) (newline)
;; The loop name is bound only inside the body, and can be passed around.
(define (f) 'outer)
(write (let f ((n 2)) (if (= n 0) (procedure? f) (f (- n 1))))) (newline)
(write (f)) (newline)
;; Non-tail use of the loop variable: build a list in order.
(write (let build ((i 0)) (if (= i 5) '() (cons (* i i) (build (+ i 1)))))) (newline)
