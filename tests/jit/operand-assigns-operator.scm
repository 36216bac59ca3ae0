; The operator is evaluated before the operands: an operand that assigns the operator's global
; does not change which procedure the call applies (the interpreter's order), in compiled code too.
(define saved+ +)
(define saved< <)
(define (f x) (+ (begin (set! + *) x) 10))
(define (g x)
  (set! + saved+)
  (f x))
(let loop ((i 0))
  (if (saved< i 3000) (begin (g i) (loop (saved+ i 1)))))
(set! + saved+)
(write (f 5)) (newline)
(write (f 5)) (newline)
