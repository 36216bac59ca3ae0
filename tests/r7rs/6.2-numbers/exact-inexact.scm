; 6.2.6: exact/inexact conversion and contagion.
(import (scheme base) (scheme write) (only (scheme r5rs) exact->inexact) (only (scheme r5rs) inexact->exact))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (inexact 1) (inexact 1/2) (inexact -3) (exact 2.0) (exact -0.5) (exact 1e18))
(show (exact->inexact 7) (inexact->exact 7.0) (exact 0.1))
(show (exact? (exact 3.0)) (inexact? (inexact 3)) (exact? 3.0) (inexact? 3))
;; Contagion: any inexact operand makes the result inexact.
(show (+ 1 2.0) (* 2 0.5) (- 5 0.5) (/ 1 2.0) (+ 1/2 0.5))
(show (max 1 2.0) (min 1 2.0) (max 3 2.5))
(show (+ 0.0 0) (exact (* 1.5 2)))
;; Exact results from exact operands stay exact.
(show (/ 9 3) (exact? (/ 9 3)) (* 1/2 4) (exact? (* 1/2 4)))
;; Large and bignum values converted to inexact.
(show (inexact (expt 2 70)) (exact (inexact (expt 2 70))))
(show (= (inexact (expt 10 22)) 1e22) (exact 1e22))
