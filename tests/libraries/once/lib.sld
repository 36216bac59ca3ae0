;; A library whose body says when it runs: it must run exactly once per program, at whatever
;; needs it first.
(define-library (once lib)
  (import (scheme base) (scheme write))
  (export hello loads)
  (begin
    (define loads 0)
    (set! loads (+ loads 1))
    (define (hello) (list 'hello loads))
    (display "(once lib) loaded\n")))
