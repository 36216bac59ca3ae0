;; SRFI 1 on long lists: the list procedures loop instead of nesting a frame an element.
(import (scheme base) (scheme write) (srfi 1))
(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(define big (iota 200000))
(show (length (filter even? big)) (length (take big 150000)) (length (drop-right big 1))
      (length (take-while (lambda (x) (< x 190000)) big)) (fold + 0 big) (fold-right + 0 big)
      (length (unfold (lambda (x) (= x 200000)) values (lambda (x) (+ x 1)) 0))
      (length (filter-map (lambda (x) (and (odd? x) x)) big)))
