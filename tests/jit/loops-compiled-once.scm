; Each loop body is compiled once (issue 13; a small leaf loop is the exception, also inside its
; enclosing procedure): a named let that got hot before its enclosing
; procedure keeps its own code and the procedure calls it; one queued with its enclosing
; procedure is compiled only inside it; and an activation that was interpreted when the
; procedure's code arrived, still running the loop, gets the loop compiled on its own after all.
; Every case must agree with the interpreter.
(define (fill! v n)
  (if (= n 0)
      'skip
      (let loop ((i 0) (s 0))
        (if (< i n)
            (begin (vector-set! v i (* i i)) (loop (+ i 1) (+ s (vector-ref v i))))
            s))))
(define v (make-vector 5000 0))
; The loop first: 20 iterations a call.
(define (repeat k n acc) (if (= k 0) acc (repeat (- k 1) n (+ acc (fill! v n)))))
(display (repeat 3000 20 0)) (newline)
(define (sum-to! v n)
  (if (= n 0)
      0
      (let loop ((i 0) (s 0.))
        (if (< i n)
            (begin (vector-set! v i (exact->inexact i)) (loop (+ i 1) (+ s (vector-ref v i))))
            s))))
; The enclosing procedure first (calls that skip the loop), then both hot together.
(define (warm k) (when (> k 0) (sum-to! v 0) (warm (- k 1))))
(warm 990)
(define (repeat2 k n acc) (if (= k 0) acc (repeat2 (- k 1) n (+ acc (sum-to! v n)))))
(display (repeat2 3000 20 0.)) (newline)
; The enclosing procedure hot first; in its next activation the loop gets hot too and both are
; compiled together, the loop only inside the procedure; that activation, interpreted, keeps
; running the loop until it gets hot again and is compiled on its own.
(define (count-up n)
  (if (= n 0)
      0
      (let loop ((i 0) (acc '()))
        (if (< i n) (loop (+ i 1) (if (= 0 (modulo i 1000)) (cons i acc) acc)) (length acc)))))
(define (warm3 k) (when (> k 0) (count-up 0) (warm3 (- k 1))))
(warm3 999)
(display (count-up 200000)) (newline)
(define (repeat3 k n acc) (if (= k 0) acc (repeat3 (- k 1) n (+ acc (count-up n)))))
(display (repeat3 10 3000 0)) (newline)
