; `+` and `-` with a fixnum constant operand compile to an i32 addition with a wrap check
; (`emit/prim.rs`, `constant_arith`), and comparisons with a fixnum constant test only the other
; operand: the fixnum limits must overflow into bignums, and every other number type (and a
; non-number) must take the slow path, as interpreted.
(define (inc x) (+ x 1))
(define (dec x) (- x 1))
(define (inc-left x) (+ 1 x))
(define (sub-negative x) (- x -5))
(define (add-greatest x) (+ x 1073741823))
(define (sub-least x) (- x -1073741824))
(define (add-zero x) (+ x 0))
(define (sub-from x) (- 10 x))
(define (below-one x) (if (< x 1) 'below 'not-below))
(define (compare-five x) (list (< 5 x) (= x 5) (>= x 5) (> 5 x) (<= x 5)))
(for-each
 (lambda (x)
   (write (list x (inc x) (dec x) (inc-left x) (sub-negative x) (add-greatest x) (sub-least x)
                (add-zero x) (sub-from x) (below-one x) (compare-five x)))
   (newline))
 (list 0 -1 5 1073741823 -1073741824 1073741822 -1073741823 1.5 -0.5 (expt 2 40) 1/2))
(define (message thunk)
  (guard (e ((error-object? e) (error-object-message e))) (thunk)))
(write (list (message (lambda () (inc "a")))
             (message (lambda () (dec 'b)))
             (message (lambda () (below-one #\c)))
             (message (lambda () (compare-five '())))))
(newline)
