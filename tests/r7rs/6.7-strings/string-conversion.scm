; 6.7: conversions between strings, lists, vectors and case.
(import (scheme base) (scheme write) (scheme char))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (string->list "abc") (string->list "abcde" 2) (string->list "abcde" 1 3) (string->list ""))
(show (list->string '(#\a #\b)) (list->string '()) (string->vector "ABC") (string->vector "ABCDE" 1 3))
(show (vector->string #(#\1 #\2 #\3)) (vector->string #(#\1 #\2 #\3 #\4) 2))
(show (string-upcase "Hello, World") (string-downcase "Hello, World") (string-foldcase "MiXeD"))
(show (string->symbol "sym") (symbol->string 'sym) (number->string 42) (string->number "42"))
(show (string-map char-upcase "abc") (string-map (lambda (a b) (if (char<? a b) a b)) "adcz" "bbbbbb"))
(define out '())
(string-for-each (lambda (c) (set! out (cons (char->integer c) out))) "AB")
(string-for-each (lambda (a b) (set! out (cons (string a b) out))) "xyz" "12")
(show (reverse out))
