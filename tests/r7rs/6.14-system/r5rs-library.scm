; Appendix A: (scheme r5rs) has R5RS's names, under their R5RS spellings (exact->inexact,
; inexact->exact), the environments of R5RS's eval, and (scheme complex)'s procedures (over
; Kiln's real numbers); transcript-on and transcript-off, which R7RS dropped, are not there.
(import (scheme r5rs) (only (scheme base) guard open-input-string))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (exact->inexact 1/4) (inexact->exact 0.5) (exact? (inexact->exact 2.0)))
(show (eval '(* 6 7) (scheme-report-environment 5)) (eval '(if #f 1 2) (null-environment 5))
      (eval '(+ 1 2) (interaction-environment)))
(show (force (delay (+ 1 2))) (call-with-current-continuation (lambda (k) (k 'escaped)))
      (call-with-values (lambda () (values 1 2)) +))
(show (let-syntax ((swap (syntax-rules () ((_ a b) (list b a))))) (swap 1 2))
      (letrec-syntax ((my-or (syntax-rules () ((_) #f) ((_ e r ...) (let ((t e)) (if t t (my-or r ...)))))))
        (my-or #f 7)))
(show (real-part 1.5) (imag-part 2) (magnitude -3) (angle 4) (angle -1.0)
      (make-rectangular 2 0) (make-polar 3 0) (rationalize 1/3 1/100))
(show (char-ready? (open-input-string "x")) (cadddr '(1 2 3 4)) (string-ci=? "Ab" "aB")
      (procedure? load) (procedure? with-input-from-file))
(define (bound? thunk) (guard (e (#t #f)) (thunk) #t))
(show (bound? (lambda () transcript-on)) (bound? (lambda () transcript-off))
      (bound? (lambda () make-polar)))
;; Only R5RS's names: R7RS's newer ones are not imported with it.
(show (bound? (lambda () bytevector)) (bound? (lambda () exact)) (bound? (lambda () char-foldcase)))
