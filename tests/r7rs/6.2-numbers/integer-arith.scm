; 6.2.6: exact integer + - * with identities, variadic forms and negation.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (+ 3 4) (+ 3) (+) (* 4) (*))
(show (- 3 4) (- 3 4 5) (- 3) (- 0) (- -7))
(show (* 6 7) (* -6 7) (* -6 -7) (* 1 2 3 4 5))
(show (+ 1 2 3 4 5 6 7 8 9 10) (- 100 1 2 3))
(show (abs -7) (abs 7) (abs 0))
(show (square 42) (square -3) (exact-integer? (square 5)))
(show (+ 1/2 1/2) (exact-integer? (+ 1/2 1/2)))
;; Large literals within 64 bits.
(show 9007199254740993 (+ 9007199254740992 1) (- -9007199254740992 1))
(show (* 1000000007 998244353))
