; 6.6: char->integer, integer->char, case conversion and comparisons.
(import (scheme base) (scheme write) (scheme char))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (char->integer #\a) (char->integer #\A) (char->integer #\space) (char->integer #\newline) (char->integer #\0))
(show (char->integer #\λ) (char->integer #\x3bb) (char->integer (integer->char 128512)) (integer->char 65) (integer->char 48))
(show (eqv? (integer->char 955) #\λ) (char->integer (string-ref "é" 0)))
(show (char-upcase #\a) (char-upcase #\A) (char-downcase #\A) (char-upcase #\1) (char-foldcase #\Q))
(show (char=? (char-upcase #\λ) #\Λ) (char=? (char-downcase #\Λ) #\λ) (char->integer (char-upcase #\é)))
(show (char=? #\a #\a) (char=? #\a #\a #\a) (char=? #\a #\A) (char<? #\a #\b #\c) (char<? #\a #\c #\b))
(show (char>? #\b #\a) (char<=? #\a #\a #\b) (char>=? #\b #\b #\c) (char<? #\A #\a) (char<? #\9 #\A))
(show (char-ci=? #\a #\A) (char-ci=? #\a #\A #\a) (char-ci<? #\a #\B) (char-ci>? #\Z #\a) (char-ci<=? #\b #\B) (char-ci>=? #\a #\B))
