(define-library (util counter)
  (import (scheme base) (scheme write))
  (export tick! ticks counter)
  (begin
    (define counter 0)
    (define (tick!) (set! counter (+ counter 1)))
    (define (ticks) counter)
    ;; The body runs once, at the first import, before its importers' bodies.
    (display "counter loaded\n")))
