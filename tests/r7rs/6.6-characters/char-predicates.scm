; 6.6: char classification and digit-value (ASCII and a few non-ASCII letters/digits).
(import (scheme base) (scheme write) (scheme char))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (char? #\a) (char? "a") (char? 97) (char? #\space))
(show (char-alphabetic? #\a) (char-alphabetic? #\Z) (char-alphabetic? #\1) (char-alphabetic? #\space) (char-alphabetic? #\λ))
(show (char-numeric? #\0) (char-numeric? #\9) (char-numeric? #\a) (char-numeric? #\.))
(show (char-whitespace? #\space) (char-whitespace? #\tab) (char-whitespace? #\newline) (char-whitespace? #\a))
(show (char-upper-case? #\A) (char-upper-case? #\a) (char-lower-case? #\a) (char-lower-case? #\A) (char-upper-case? #\1))
(show (digit-value #\3) (digit-value #\0) (digit-value #\9) (digit-value #\x0664) (digit-value #\a) (digit-value #\x0EA6))
