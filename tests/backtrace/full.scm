; --backtrace=full lists every frame of a deep recursion; short folds the repetitions.
(define (count-down n)
  (if (= n 0)
      (car '())
      (+ 1 (count-down (- n 1)))))
(display (count-down 30))
