; --max-depth bounds non-tail recursion in compiled code as in the interpreter: a recursion
; well within the limit runs, one ten times past it raises "stack overflow" (catchable), and
; tail calls never count.
(import (scheme base) (scheme write))

(define (deep n) (if (= n 0) 0 (+ 1 (deep (- n 1)))))
(define (loop n acc) (if (= n 0) acc (loop (- n 1) (+ acc 1))))

(display (deep 500))
(newline)
(display (guard (e ((error-object? e) (error-object-message e)))
           (deep 10000)))
(newline)
(display (loop 100000 0))
(newline)
(display (deep 900))
(newline)
