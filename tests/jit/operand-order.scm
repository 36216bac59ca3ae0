; Operands are evaluated left to right in compiled code too: a variable operand is read before a
; later operand assigns it (the inline primitives once read it last).
(define (f x) (+ x (begin (set! x 5) 1)))
(define (g x) (cons x (begin (set! x 5) 1)))
(define (h x y) (- (begin (set! y (* y 10)) x) y))
(let loop ((i 0))
  (when (< i 3000) (f i) (g i) (h i i) (loop (+ i 1))))
(display (list (f 1) (f 1) (g 1) (h 2 3)))
(newline)
; A variable operand whose value a later operand's code changes (by `set!` or inside it) is
; read first; one that no later operand assigns is read last, which must not matter.
(define (k x) (let ((y x)) (= y (let ((z (+ y 1))) (set! y z) z))))
(define (m x) (let ((y x)) (< y (let ((z (+ y 1))) (cons z z) z))))
(let loop ((i 0))
  (when (< i 3000) (k i) (m i) (loop (+ i 1))))
(display (list (k 1) (m 1)))
(newline)
