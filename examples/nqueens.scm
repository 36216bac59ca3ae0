; Count the solutions of the N-queens problem by backtracking over lists.
(import (scheme base) (scheme write))

(define (queens board-size)
  ;; Place queens column by column; `placed` holds rows of earlier columns.
  (define (safe? row placed)
    (let loop ((rest placed) (distance 1))
      (cond ((null? rest) #t)
            ((let ((other (car rest)))
               (or (= other row)
                   (= other (+ row distance))
                   (= other (- row distance))))
             #f)
            (else (loop (cdr rest) (+ distance 1))))))
  (define (place column placed)
    (if (= column board-size)
        1
        (let try ((row 0) (count 0))
          (if (= row board-size)
              count
              (try (+ row 1)
                   (if (safe? row placed)
                       (+ count (place (+ column 1) (cons row placed)))
                       count))))))
  (place 0 '()))

(do ((n 4 (+ n 1))) ((> n 8))
  (display n) (display " queens: ") (write (queens n)) (display " solutions") (newline))
(display "8 queens, 2 more runs: ")
(write (let loop ((i 0) (acc '())) (if (= i 2) acc (loop (+ i 1) (cons (queens 8) acc)))))
(newline)
