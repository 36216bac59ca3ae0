; 6.7: string comparisons, case-sensitive and case-insensitive, with several arguments.
(import (scheme base) (scheme write) (scheme char))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (string=? "abc" "abc") (string=? "abc" "abd") (string=? "" "") (string=? "a" "a" "a") (string=? "a" "a" "b"))
(show (string<? "abc" "abd") (string<? "ab" "abc") (string<? "abc" "ab") (string<? "a" "b" "c") (string<? "a" "c" "b"))
(show (string>? "b" "a") (string<=? "a" "a" "b") (string>=? "b" "b" "a") (string<? "Z" "a") (string<? "" "a"))
(show (string-ci=? "Hello" "hELLO") (string-ci<? "apple" "BANANA") (string-ci>? "Zebra" "apple") (string-ci<=? "a" "A") (string-ci>=? "b" "A" "a"))
(show (string=? "λx" "λx") (string<? "a" "λ") (string-ci=? "ΛΑΜΒΔΑ" "λαμβδα"))
