; 4.2.5: delay-force chains must run in constant space (the R7RS "loop" example),
; here 200,000 steps deep.
(import (scheme base) (scheme write) (scheme lazy))

(define (loop n)
  (delay-force
   (if (= n 0)
       (make-promise 'done)
       (loop (- n 1)))))
(write (force (loop 200000))) (newline)
;; A lazy stream walked far along without holding its head.
(define (from n) (delay (cons n (from (+ n 1)))))
(define (stream-ref s k)
  (if (= k 0) (car (force s)) (stream-ref (cdr (force s)) (- k 1))))
(write (stream-ref (from 0) 100000)) (newline)
