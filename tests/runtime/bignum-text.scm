; number->string and string->number of 100,000-digit integers in several radixes: each text is
; a digit block repeated, whose value a closed form gives exactly (block × (R^(k·n) - 1) /
; (R^k - 1)), and every value printed and read back must round-trip. Parsing long texts is
; divide and conquer (a quadratic parser takes minutes on the 10^6-digit texts of the bench).
(import (scheme base) (scheme write) (scheme char) (scheme read))

(define (repeat s n)
  (let loop ((i 0) (acc '()))
    (if (= i n) (apply string-append acc) (loop (+ i 1) (cons s acc)))))

(define (check name ok)
  (display name)
  (display (if ok ": ok" ": WRONG"))
  (newline))

;; block: its digits in radix r; n: how many times it repeats.
(define (repeated-value block r n)
  (let ((k (string-length block))
        (b (string->number block r)))
    (quotient (* b (- (expt r (* k n)) 1)) (- (expt r k) 1))))

(define (round-trip name block r n)
  (let* ((text (repeat block n))
         (value (repeated-value block r n)))
    (check (string-append name " parse") (= (string->number text r) value))
    (check (string-append name " print")
           (string=? (number->string value r) (string-downcase text)))
    (check (string-append name " negative")
           (= (string->number (string-append "-" text) r) (- value)))
    (check (string-append name " length")
           (= (string-length (number->string value r)) (* n (string-length block))))))

(round-trip "decimal" "123456789" 10 11112)
(round-trip "decimal with zeros" "100000000000000000000000000000000000000007" 10 2500)
(round-trip "hex" "fedcba9876543210" 16 6250)
(round-trip "base 7" "6543210" 7 14286)
(round-trip "base 36" "ZYXWVU9876543210" 36 6250)
(round-trip "base 3" "21012" 3 20000)

(define big (expt 3 300000))
(for-each
 (lambda (r)
   (check (string-append "3^300000 radix " (number->string r))
          (= big (string->number (number->string big r) r))))
 '(2 8 10 16 36 5))
(check "10^100000"
       (= (expt 10 100000) (string->number (string-append "1" (make-string 100000 #\0)))))
(check "#e with exponent" (= (expt 10 100000) (string->number "#e1e100000")))
(check "ratio" (= (/ (expt 10 50000) (+ (expt 3 100000) 1))
                  (string->number (string-append (number->string (expt 10 50000)) "/"
                                                 (number->string (+ (expt 3 100000) 1))))))
(check "read" (= big (read (open-input-string (number->string big)))))
