; Digits of pi with Gibbons' unbounded spigot algorithm: pure exact bignum arithmetic.
(import (scheme base) (scheme write))

(define (pi-digits count)
  ;; Returns a string of the first `count` decimal digits of pi.
  (let ((out (open-output-string)))
    (let loop ((q 1) (r 0) (t 1) (k 1) (n 3) (l 3) (produced 0))
      (cond ((= produced count) (get-output-string out))
            ((< (+ (* 4 q) (- r t)) (* n t))
             (write n out)
             (loop (* 10 q)
                   (* 10 (- r (* n t)))
                   t
                   k
                   (- (quotient (* 10 (+ (* 3 q) r)) t) (* 10 n))
                   l
                   (+ produced 1)))
            (else
             (loop (* q k)
                   (* (+ (* 2 q) r) l)
                   (* t l)
                   (+ k 1)
                   (quotient (+ (* q (+ (* 7 k) 2)) (* r l)) (* t l))
                   (+ l 2)
                   produced))))))

(define digits (pi-digits 400))
(let loop ((i 0))
  (when (< i (string-length digits))
    (display (substring digits i (min (string-length digits) (+ i 50))))
    (newline)
    (loop (+ i 50))))
