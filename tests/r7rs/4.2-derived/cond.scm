; 4.2.1: cond with else, =>, test-only clauses and multiple body expressions.
(import (scheme base) (scheme write))

(define (classify x)
  (cond ((> x 0) 'greater)
        ((< x 0) 'less)
        (else 'equal)))
(write (map classify '(3 -2 0))) (newline)
(write (cond ((assv 'b '((a 1) (b 2))) => cadr) (else #f))) (newline)
;; A clause with only a test yields the test's value.
(write (cond ((memv 3 '(1 2 3 4))) (else 'no))) (newline)
;; Body expressions run in order; the last one is the value.
(define log '())
(write (cond (#f 'skipped)
             ((begin (set! log (cons 'tested log)) #t)
              (set! log (cons 'body1 log))
              'result)))
(write (reverse log)) (newline)
;; Falls through to later clauses; else is only reached when all fail.
(write (cond ((= 1 2) 'a) ((= 1 3) 'b) (else 'c 'd))) (newline)
;; => receives the test value, not #t.
(write (cond ((+ 1 2) => (lambda (v) (* v 10))))) (newline)
;; Nested cond inside a procedure with early results.
(define (fizz n)
  (cond ((= 0 (modulo n 15)) "FizzBuzz")
        ((= 0 (modulo n 3)) "Fizz")
        ((= 0 (modulo n 5)) "Buzz")
        (else n)))
(let loop ((i 1))
  (when (<= i 15)
    (display (fizz i)) (display " ")
    (loop (+ i 1))))
(newline)
