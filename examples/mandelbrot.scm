; The Mandelbrot set drawn in ASCII, with floating-point complex arithmetic done by hand.
(import (scheme base) (scheme write))

(define max-iter 200)

(define (escape-time cr ci)
  ;; Number of iterations before |z| > 2, or max-iter if it never escapes.
  (let loop ((zr 0.0) (zi 0.0) (i 0))
    (cond ((= i max-iter) max-iter)
          ((> (+ (* zr zr) (* zi zi)) 4.0) i)
          (else (loop (+ (- (* zr zr) (* zi zi)) cr)
                      (+ (* 2.0 zr zi) ci)
                      (+ i 1))))))

(define palette " .:-=+*#%@")

(define (char-for n)
  (if (= n max-iter)
      #\@
      (string-ref palette (min 8 (quotient n 3)))))

(define width 72)
(define height 28)
(define inside 0)
(do ((row 0 (+ row 1))) ((= row height))
  (let ((ci (- 1.2 (* 2.4 (/ row (- height 1.0))))))
    (do ((col 0 (+ col 1))) ((= col width))
      (let* ((cr (- (* 3.0 (/ col (- width 1.0))) 2.1))
             (n (escape-time cr ci)))
        (when (= n max-iter) (set! inside (+ inside 1)))
        (write-char (char-for n)))))
  (newline))
(display "points inside: ")
(write inside)
(newline)
