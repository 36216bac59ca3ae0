; 4.3: recursive macros, macro-generating macros and macros used inside bodies.
(import (scheme base) (scheme write))

;; Recursive expansion computing at expansion time (Peano counting).
(define-syntax count
  (syntax-rules ()
    ((_) 0)
    ((_ x rest ...) (+ 1 (count rest ...)))))
(write (count a b c d e)) (newline)
;; Reverse a list of forms at expansion time with an accumulator.
(define-syntax rev
  (syntax-rules ()
    ((_ () acc) 'acc)
    ((_ (x rest ...) (acc ...)) (rev (rest ...) (x acc ...)))))
(write (rev (1 2 3 4) ())) (newline)
;; Macro that defines a macro.
(define-syntax def-const-macro
  (syntax-rules ()
    ((_ name value) (define-syntax name (syntax-rules () ((_) value))))))
(def-const-macro forty-two 42)
(write (forty-two)) (newline)
;; my-and with recursion and shadowing of its own temporaries.
(define-syntax my-and
  (syntax-rules ()
    ((_) #t)
    ((_ e) e)
    ((_ e1 e2 ...) (if e1 (my-and e2 ...) #f))))
(write (list (my-and) (my-and 1 2 3) (my-and 1 #f 3))) (newline)
;; Macro used in an internal-definition context.
(define (f x)
  (define-syntax double (syntax-rules () ((_ e) (* 2 e))))
  (define y (double x))
  (+ y 1))
(write (f 10)) (newline)
;; A for loop macro with a step keyword.
(define-syntax for
  (syntax-rules (from to)
    ((_ v from lo to hi body ...)
     (let loop ((v lo)) (when (<= v hi) body ... (loop (+ v 1)))))))
(define acc '())
(for k from 1 to 4 (for j from 1 to k (set! acc (cons (* k j) acc))))
(write (reverse acc)) (newline)
