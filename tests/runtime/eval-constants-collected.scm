; The literal constants of code that can no longer run are collected: 8,000 evals of a quoted
; 1,000-element list used to keep all of them (443 MB); under --max-memory 100 they must fit.
(import (scheme base) (scheme write) (scheme eval))

(define big (let loop ((i 0) (acc '())) (if (= i 1000) acc (loop (+ i 1) (cons i acc)))))
(define env (environment '(scheme base)))
(define (count-evals n total)
  (if (= n 0)
      total
      (count-evals (- n 1) (+ total (length (eval (list 'quote big) env))))))
(display (count-evals 8000 0))
(newline)
; A constant of code that stays reachable stays intact.
(define keep (eval '(lambda () '(a b c)) env))
(count-evals 2000 0)
(display (keep))
(newline)
