; 6.2.7: number->string and string->number with radixes, prefixes and invalid input.
(import (scheme base) (scheme write) (scheme char))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
;; Hex digit case is not specified by R7RS, so compare lower-cased.
(define (n->s n radix) (string-downcase (number->string n radix)))
(show (number->string 10) (number->string -42) (number->string 3.5) (number->string 1/3) (number->string 0.1))
(show (n->s 255 16) (n->s -255 2) (n->s 8 8) (n->s 1/3 3) (n->s (expt 2 70) 16) (n->s -6/4 2))
(show (number->string 123 10) (number->string (expt 10 25)))
(show (string->number "100") (string->number "100" 16) (string->number "1e2") (string->number "-17"))
(show (string->number "ff" 16) (string->number "#xff") (string->number "#xAbC") (string->number "#x-1A"))
(show (string->number "#b101") (string->number "101" 2) (string->number "#o17") (string->number "12" 8))
(show (string->number "#e1.5") (string->number "#i3/4") (string->number "#d10") (string->number "1/2"))
(show (string->number ".5") (string->number "1.5e-3") (string->number "+5") (string->number "-0.25"))
(show (string->number "+inf.0") (string->number "-inf.0") (string->number "123456789012345678901234567890"))
(show (string->number "abc") (string->number "") (string->number "-") (string->number "1..2") (string->number "1e") (string->number "12" 2))
;; Round trips.
(define (rt n radix) (= n (string->number (number->string n radix) radix)))
(show (rt 12345 2) (rt -987654321 16) (rt (expt 3 100) 8) (rt 22/7 16) (rt 0.1 10) (rt 1e300 10))
