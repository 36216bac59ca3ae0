; Long products (three-prime transforms from 1,500 limbs), divisions by Newton reciprocals (from
; 48,000-bit divisors) and printing in divide and conquer at powers radix^(V·L·2^k) (radix 10:
; 306·2^k digits), checked against closed forms: exact powers of the radix and their
; neighbours at and around the split points, negative numbers, identities of products and
; quotients, and round trips of numbers up to 10^6 digits.
(import (scheme base) (scheme write))

(define (check name ok)
  (display name)
  (display (if ok ": ok" ": WRONG"))
  (newline))

(define (zeros n) (make-string n #\0))

(let loop ((k 0))
  (when (<= k 9)
    (let* ((n (* 306 (expt 2 k))) (p (expt 10 n)) (label (string-append "10^(306*2^" (number->string k) ")")))
      (check (string-append label " - 1")
             (string=? (number->string (- p 1)) (make-string n #\9)))
      (check label (string=? (number->string p) (string-append "1" (zeros n))))
      (check (string-append label " + 1")
             (string=? (number->string (+ p 1)) (string-append "1" (zeros (- n 1)) "1")))
      (check (string-append "-" label " - 1")
             (string=? (number->string (- (+ p 1))) (string-append "-1" (zeros (- n 1)) "1")))
      (check (string-append label " squared - 1")
             (string=? (number->string (- (* p p) 1)) (make-string (* 2 n) #\9))))
    (loop (+ k 1))))

(define (radix-power-prints r d n)
  ;; r^n in radix r is 1 and n zeros; r^n - 1 is n copies of the top digit d.
  (let ((p (expt r n)))
    (check (string-append "radix " (number->string r) " power")
           (string=? (number->string p r) (string-append "1" (zeros n))))
    (check (string-append "radix " (number->string r) " power - 1")
           (string=? (number->string (- p 1) r) (make-string n d)))))
(radix-power-prints 3 #\2 400000)
(radix-power-prints 7 #\6 150001)
(radix-power-prints 36 #\z 123457)
(radix-power-prints 16 #\f 100000)

(define a (- (expt 7 300000) 12345))
(define b (+ (expt 3 500000) 987654321))
(check "product" (= (* a b) (+ (* a (- b 1)) a)))
(check "difference of squares" (= (* (- a 1) (+ a 1)) (- (* a a) 1)))
(check "quotient and remainder" (let ((q (quotient (* a b) b)) (r (remainder (+ (* a b) 17) b)))
                                  (and (= q a) (= r 17))))
(check "negative quotients" (and (= (quotient (- (* a b)) b) (- a))
                                 (= (floor-quotient (- 1 (* a b)) b) (- a))
                                 (= (modulo (- 1 (* a b)) b) 1)
                                 (= (remainder (- 1 (* a b)) b) (- 1 b))))
(check "exact-integer-sqrt" (call-with-values (lambda () (exact-integer-sqrt (+ (* a a) 5)))
                              (lambda (s r) (and (= s a) (= r 5)))))
(define million (+ (expt 7 1184000) 1))
(define text (number->string million))
(check "10^6 digits round trip" (= million (string->number text)))
(check "10^6 digits length" (= (string-length text) 1000597))
(check "negative round trip" (= (- million) (string->number (number->string (- million)))))
(check "radix 36 round trip" (= million (string->number (number->string million 36) 36)))
