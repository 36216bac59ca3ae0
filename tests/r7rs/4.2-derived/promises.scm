; 4.2.5: delay, force, delay-force, make-promise, promise? and memoization.
(import (scheme base) (scheme write) (scheme lazy))

(write (force (delay (+ 1 2)))) (newline)
(write (let ((p (delay (+ 1 2)))) (list (force p) (force p)))) (newline)
;; The body runs only once even when forced repeatedly.
(define count 0)
(define p (delay (begin (set! count (+ count 1)) (if (> count x) count (force p)))))
(define x 5)
(write (force p)) (newline)
(set! x 10)
(write (force p)) (newline)
(write count) (newline)
;; Streams from the R7RS text.
(define integers
  (letrec ((next (lambda (n) (delay (cons n (next (+ n 1)))))))
    (next 0)))
(define (head stream) (car (force stream)))
(define (tail stream) (cdr (force stream)))
(write (head (tail (tail integers)))) (newline)
(define (stream-filter p? s)
  (delay-force
   (if (null? (force s))
       (delay '())
       (let ((h (car (force s))) (t (cdr (force s))))
         (if (p? h)
             (delay (cons h (stream-filter p? t)))
             (stream-filter p? t))))))
(write (head (tail (tail (stream-filter odd? integers))))) (newline)
;; make-promise wraps a value; a promise passed to make-promise is returned as is.
(define mp (make-promise 42))
(write (list (promise? mp) (force mp))) (newline)
(write (eq? mp (make-promise mp))) (newline)
(write (list (promise? (delay 1)) (promise? 1) (promise? (lambda () 1)))) (newline)
;; Side effects happen at force time, not at delay time.
(define log '())
(define q (delay (begin (set! log (cons 'forced log)) 'v)))
(set! log (cons 'created log))
(force q) (force q)
(write (reverse log)) (newline)
