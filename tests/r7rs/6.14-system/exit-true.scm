; 6.14: (exit #t) signals success, status 0, even from inside nested calls.
(import (scheme base) (scheme write) (scheme process-context))

(define (deep n) (if (= n 0) (exit #t) (+ 1 (deep (- n 1)))))
(display "ok")
(newline)
(deep 100)
(display "not reached")
