;; SRFI 132: sort libraries, the examples of its document and every procedure.
(import (scheme base) (scheme write) (scheme char) (srfi 132))
(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))

;; Sortedness.
(show (list-sorted? < '(1 2 2 3)) (list-sorted? < '(3 1)) (list-sorted? < '()) (vector-sorted? < '#(1 2 3))
      (vector-sorted? > '#(3 2 1)) (vector-sorted? < '#(3 1 2 4) 1) (vector-sorted? < '#(3 1 2 0) 1 3))

;; Sorting, with orderings other than < (the ordering is an argument, not the real <).
(show (list-sort < '(3 1 4 1 5 9 2 6)) (list-sort string<? '("pear" "apple" "fig"))
      (list-stable-sort char<? (string->list "sorted")))
(show (list-sort! > (list 3 1 2)) (list-stable-sort! < (list 2 1)))
(define pairs '((3 . a) (1 . b) (3 . c) (2 . d) (1 . e) (3 . f) (2 . g) (1 . h) (3 . i) (0 . j) (1 . k)))
(show (list-stable-sort (lambda (x y) (< (car x) (car y))) pairs))
(show (vector-stable-sort (lambda (x y) (< (car x) (car y))) (list->vector pairs)))
(show (vector-sort < '#(5 3 8 1)) (vector-sort < '#(5 3 8 1 0) 1) (vector-sort string-ci<? '#("b" "A" "c") 0 2))
(let ((v (vector 5 3 8 1 9 2))) (vector-sort! v <) (show v))
(let ((v (vector 5 3 8 1 9 2))) (vector-stable-sort! v > 1 4) (show v))
(define (pseudo-random n) (let loop ((i 0) (x 7) (acc '())) (if (= i n) acc (loop (+ i 1) (modulo (+ (* x 1103) 12345) 65536) (cons x acc)))))
(define r (pseudo-random 5000))
(show (list-sorted? < (list-sort < r)) (length (list-sort < r)) (vector-sorted? < (vector-sort < (list->vector r))))

;; Merging.
(show (list-merge < '(1 3 5) '(2 4 6)) (list-merge! < (list 1 1 2) (list 1 3))
      (list-merge (lambda (x y) (< (car x) (car y))) '((1 . a) (2 . b)) '((1 . c) (3 . d))))
(show (vector-merge < '#(1 3 5) '#(2 4 6)) (vector-merge < '#(0 1 3 5) '#(2 4 6) 1) (vector-merge < '#(1 3 5) '#(9 2 4) 0 3 1))
(let ((to (make-vector 7 'x))) (vector-merge! < to '#(1 3 5) '#(2 4 6) 1) (show to))

;; Deleting neighbour duplicates.
(show (list-delete-neighbor-dups = '(1 1 2 7 7 7 0 -2 -2)) (list-delete-neighbor-dups! eq? (list 'a 'a 'b)))
(show (vector-delete-neighbor-dups = '#(1 1 2 7 7 7 0 -2 -2)) (vector-delete-neighbor-dups = '#(1 1 2 7 7 7 0 -2 -2) 3 7))
(let ((v (vector 0 0 0 1 1 2 2 3 3 4 4 5 5 6 6)))
  (show (vector-delete-neighbor-dups! = v 3) v))

;; Selection and medians.
(show (vector-find-median < '#() 0) (vector-find-median < '#(78 61 19 38 51) 0)
      (vector-find-median < '#(78 61 19 38 51 52) 0) (vector-find-median < '#(1 2 3 4) 0 list))
(let ((v (vector 78 61 19 38 51))) (show (vector-find-median! < v 0) v))
(let ((v (vector 9 8 7 6 5))) (show (vector-select! < v 0) (vector-select! < (vector 9 8 7 6 5) 2)
                                    (vector-select! < (vector 9 8 7 6 5) 1 2 5)))
(let ((v (vector 9 8 7 6 5 4))) (vector-separate! < v 3)
  (show (list-sort < (vector->list v 0 3)) (list-sort < (vector->list v 3))))
