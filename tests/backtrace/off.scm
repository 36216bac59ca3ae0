; --backtrace=off prints the message alone, as before backtraces.
(define (f x) (+ 1 (car x)))
(display (f 5))
