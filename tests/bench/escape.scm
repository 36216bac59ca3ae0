(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; escape: call/cc used as an early exit in loops: searching lists with a for-each that escapes
;; through its continuation when it finds the target, a product over a list that escapes on a
;; zero, and a search of a grid that escapes from nested loops. (Kiln has escaping continuations
;; only, so none is re-entered.) Stresses: call/cc capture and escape, for-each with closures.
(define (find-index x lst)
  (call-with-current-continuation
   (lambda (return)
     (let ((i 0))
       (for-each (lambda (y) (when (eqv? x y) (return i)) (set! i (+ i 1))) lst)
       #f))))
(define (product lst)
  (call-with-current-continuation
   (lambda (return)
     (let loop ((l lst) (p 1))
       (cond ((null? l) p) ((= (car l) 0) (return 0)) (else (loop (cdr l) (modulo (* p (car l)) 65521))))))))
;; Searches a grid (a list of rows) for the first cell above `limit`, escaping from two nested
;; loops and a recursive helper at once.
(define (find-cell grid limit)
  (call-with-current-continuation
   (lambda (return)
     (let rows ((g grid) (i 0))
       (when (pair? g)
         (let cols ((r (car g)) (j 0))
           (when (pair? r)
             (when (> (car r) limit) (return (+ (* i 100) j)))
             (cols (cdr r) (+ j 1))))
         (rows (cdr g) (+ i 1))))
     -1)))
(define (iota n) (let loop ((i (- n 1)) (l '())) (if (< i 0) l (loop (- i 1) (cons i l)))))
(define (run reps)
  (let ((l (iota 200)) (l2 (map (lambda (i) (if (= i 150) 0 (+ i 1))) (iota 200)))
        (grid (map (lambda (i) (map (lambda (j) (modulo (* (+ i 1) (+ j 3)) 97)) (iota 20))) (iota 20))))
    (let loop ((r 0) (s 0))
      (if (= r reps)
          s
          (loop (+ r 1) (+ s (find-index (modulo (* r 7) 200) l) (product l) (product l2)
                           (find-cell grid (+ 80 (modulo r 17)))))))))
(display (bench-run (lambda () (run 7000)))) (newline)
