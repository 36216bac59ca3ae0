(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; triangle: peg solitaire on the 15-hole triangle as in Gabriel's TRIANGLE: count every move
;; sequence from the board with one hole that ends with a single peg. The move table is derived
;; from the board's geometry. Stresses: vector-ref/vector-set!, exhaustive backtracking.
(define (index r c) (+ (quotient (* r (+ r 1)) 2) c))
(define (on-board? r c) (and (<= 0 c) (<= c r) (< r 5)))
(define moves ; a vector of #(from over to)
  (let loop ((r 0) (c 0) (ds '((0 1) (0 -1) (1 0) (-1 0) (1 1) (-1 -1))) (acc '()))
    (cond ((= r 5) (list->vector (reverse acc)))
          ((> c r) (loop (+ r 1) 0 ds acc))
          ((null? ds) (loop r (+ c 1) '((0 1) (0 -1) (1 0) (-1 0) (1 1) (-1 -1)) acc))
          (else
           (let* ((dr (car (car ds))) (dc (cadr (car ds)))
                  (r2 (+ r (* 2 dr))) (c2 (+ c (* 2 dc))))
             (loop r c (cdr ds)
                   (if (on-board? r2 c2)
                       (cons (vector (index r c) (index (+ r dr) (+ c dc)) (index r2 c2)) acc)
                       acc)))))))
(define (solutions board pegs)
  (if (= pegs 1)
      1
      (let loop ((m 0) (count 0))
        (if (= m (vector-length moves))
            count
            (let* ((mv (vector-ref moves m))
                   (from (vector-ref mv 0)) (over (vector-ref mv 1)) (to (vector-ref mv 2)))
              (if (and (vector-ref board from) (vector-ref board over) (not (vector-ref board to)))
                  (begin
                    (vector-set! board from #f) (vector-set! board over #f) (vector-set! board to #t)
                    (let ((n (solutions board (- pegs 1))))
                      (vector-set! board from #t) (vector-set! board over #t)
                      (vector-set! board to #f)
                      (loop (+ m 1) (+ count n))))
                  (loop (+ m 1) count)))))))
(define (run hole)
  (let ((board (make-vector 15 #t)))
    (vector-set! board hole #f)
    (list (vector-length moves) (solutions board 14))))
(write (bench-run (lambda () (run 4)))) (newline)
