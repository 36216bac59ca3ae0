; The default (short) backtrace folds a recursion's repeated frames.
(define (count-down n)
  (if (= n 0)
      (car '())
      (+ 1 (count-down (- n 1)))))
(display (count-down 30))
