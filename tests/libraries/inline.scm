;; define-library in the program itself; the body runs at the first import.
(define-library (inline greet)
  (import (scheme base) (scheme write))
  (export greet (rename shout loud) define-greeter)
  (begin
    (display "greet body\n")
    (define greeting "hello")
    (define (greet who) (string-append greeting ", " who))
    (define (shout who) (string-append (greet who) "!"))
    (define-syntax define-greeter
      (syntax-rules () ((_ name who) (define (name) (greet who)))))))
(import (scheme base) (scheme write))
(display "before import\n")
(import (inline greet))
(import (inline greet))
(define-greeter hi "you")
(write (list (greet "world") (loud "world") (hi))) (newline)
(define greeting "mine")
(write (greet "again")) (newline)
(cond-expand
  ((library (inline greet)) (display "have (inline greet)\n"))
  (else (display "no (inline greet)\n")))
(cond-expand
  ((library (no such lib)) (display "wrong\n"))
  ((library (stack core)) (display "have (stack core)\n")))
