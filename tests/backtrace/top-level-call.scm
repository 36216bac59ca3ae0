; A top-level form that is itself a call: its call site is the backtrace's last line, as for a
; call nested in a top-level expression (the form's own call is not a tail call).
(define (g x)
  (car x))
(define (h x)
  (+ 1 (g x)))
(display "before")
(newline)
(h 1)
