; 6.2.6: exp log sin cos tan asin acos atan sqrt exact-integer-sqrt expt square.
; Inputs are chosen so that results are correctly rounded in any decent libm.
(import (scheme base) (scheme write) (scheme inexact))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (exp 0.0) (exp 1.0) (log 1.0) (log (exp 2.0)))
(show (sin 0.0) (cos 0.0) (tan 0.0) (asin 1.0) (acos 1.0) (acos 0.0))
(show (atan 1.0) (atan 1 1) (atan -1 0) (atan 0 -1) (* 4 (atan 1.0)))
(show (sqrt 2) (sqrt 2.25) (sqrt 16.0) (sqrt 1e10))
;; Exact perfect squares give exact results (R7RS: (sqrt 9) => 3).
(show (sqrt 9) (sqrt 16) (sqrt 1/4) (sqrt 0) (sqrt (expt 10 40)))
(show (sqrt (+ 1 (expt 10 40))))
(show (call-with-values (lambda () (exact-integer-sqrt 4)) list)
      (call-with-values (lambda () (exact-integer-sqrt 5)) list)
      (call-with-values (lambda () (exact-integer-sqrt 17)) list)
      (call-with-values (lambda () (exact-integer-sqrt (+ (expt 10 40) 5))) list))
(show (expt 2 10) (expt 2.0 10) (expt 2 0.5) (expt 0 0) (expt 0 5) (expt 1/2 2) (expt 10 -2) (expt 2.5 2))
(show (expt -2 3) (expt -1/2 3) (expt 7 0) (expt 1.5 2))
(show (square 1.5) (square 1/3) (exp 10.0) (log 0.5))
