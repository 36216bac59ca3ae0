; An error in a procedure: the message at the failing expression, then the calls around it.
(define (average xs)
  (/ (apply + xs) (length xs)))
(define (report xs)
  (display (average xs))
  (newline))
(display "before")
(newline)
(report '(1 x 3))
