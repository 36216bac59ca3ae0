; 4.1.5-4.1.6: conditionals and assignment.
(import (scheme base) (scheme write))

(write (if (> 3 2) 'yes 'no)) (newline)
(write (if (> 2 3) 'yes 'no)) (newline)
(write (if (> 3 2) (- 3 2) (+ 3 2))) (newline)
;; Only #f is false.
(write (list (if '() 'true 'false) (if 0 'true 'false) (if "" 'true 'false) (if #f 'true 'false)))
(newline)
;; One-armed if: the alternative is not evaluated.
(define hit #f)
(if #f (set! hit 'wrong))
(if #t (set! hit 'right))
(write hit) (newline)
(define x 2)
(write (+ x 1)) (newline)
(set! x 4)
(write (+ x 1)) (newline)
;; set! on a captured variable is visible to every closure sharing it.
(define get #f)
(define put #f)
(let ((v 'initial))
  (set! get (lambda () v))
  (set! put (lambda (n) (set! v n))))
(write (get))
(put 'changed)
(write (get)) (newline)
;; set! of a parameter does not affect the caller's variable.
(define y 10)
(define (bump z) (set! z (+ z 1)) z)
(write (list (bump y) y)) (newline)
