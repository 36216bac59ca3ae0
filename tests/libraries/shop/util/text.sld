;; Formatting helpers, two directories down: (shop util text).
(define-library (shop util text)
  (export pad-right money)
  (import (scheme base))
  (begin
    (define (pad-right s n)
      (if (>= (string-length s) n)
          s
          (string-append s (make-string (- n (string-length s)) #\space))))
    ;; Cents as "d.cc".
    (define (money cents)
      (let ((c (remainder cents 100)))
        (string-append (number->string (quotient cents 100))
                       (if (< c 10) ".0" ".")
                       (number->string c))))))
