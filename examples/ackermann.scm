; The Ackermann function: deep, non-primitive recursion.
(import (scheme base) (scheme write))

(define (ack m n)
  (cond ((= m 0) (+ n 1))
        ((= n 0) (ack (- m 1) 1))
        (else (ack (- m 1) (ack m (- n 1))))))

(for-each (lambda (args)
            (display "ack") (write args) (display " = ")
            (write (apply ack args))
            (newline))
          '((0 0) (1 5) (2 3) (2 9) (3 3) (3 6) (3 7)))
