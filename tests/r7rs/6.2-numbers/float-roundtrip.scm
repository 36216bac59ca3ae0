; 6.2.6: number->string of a flonum is text that string->number and read turn back into the
; same flonum: subnormals (no `|width` suffix), the extreme normals, -0.0, infinities, NaN.
(import (scheme base) (scheme write) (scheme read) (scheme inexact))

(define (round-trip x)
  (let* ((text (number->string x))
         (by-string (string->number text))
         (by-read (read (open-input-string text))))
    (write x)
    (display " ")
    (write (list text
                 (and (eqv? by-string x) (eqv? by-read x))
                 (string=? text (number->string by-read))))
    (newline)))
(for-each round-trip
          (list 5e-324 -5e-324 1e-323 1e-310 2.225073858507201e-308
                2.2250738585072014e-308 1.7976931348623157e308 -1.7976931348623157e308
                4.9406564584124654e-324 1.5e-320 -0.0 0.0 +inf.0 -inf.0 0.1))
; A NaN reads back as a NaN.
(let ((text (number->string +nan.0)))
  (write (list text (nan? (string->number text)) (nan? (read (open-input-string text))))))
(newline)
; Halving down through the subnormals to zero: every step reads back (as a quoted literal too).
(let loop ((x 1e-300) (ok #t) (n 0))
  (if (> x 0.0)
      (loop (/ x 2.0) (and ok (eqv? x (read (open-input-string (number->string x))))) (+ n 1))
      (begin (write (list n ok)) (newline))))
(write '(5e-324 1e-310)) (newline)
