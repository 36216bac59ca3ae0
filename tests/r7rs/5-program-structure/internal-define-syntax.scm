; 5.3/5.4: define-syntax in bodies and at top level interleaved with definitions.
(import (scheme base) (scheme write))

(define (g lst)
  (define-syntax push!
    (syntax-rules () ((_ item place) (set! place (cons item place)))))
  (define out '())
  (for-each (lambda (x) (push! (* x 2) out)) lst)
  out)
(write (g '(1 2 3))) (newline)
;; A top-level macro used by a procedure defined before the macro's use site runs.
(define-syntax unless-zero
  (syntax-rules () ((_ n e) (if (zero? n) 'zero e))))
(define (inv n) (unless-zero n (/ 1 n)))
(write (map inv '(0 2 4))) (newline)
