; Operands are evaluated left to right in compiled code too: a variable operand is read before a
; later operand assigns it (the inline primitives once read it last).
(define (f x) (+ x (begin (set! x 5) 1)))
(define (g x) (cons x (begin (set! x 5) 1)))
(define (h x y) (- (begin (set! y (* y 10)) x) y))
(let loop ((i 0))
  (when (< i 3000) (f i) (g i) (h i i) (loop (+ i 1))))
(display (list (f 1) (f 1) (g 1) (h 2 3)))
(newline)
