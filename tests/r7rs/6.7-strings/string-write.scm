; 6.7 / 6.13.3: write escapes quotes, backslashes, newlines and tabs; display does not.
(import (scheme base) (scheme write))

(define s (string-append "say \"hi\"" (string #\\) "path" (string #\newline) "next" (string #\tab) "tab"))
(write s) (newline)
(display s) (newline)
(write "") (newline)
(write "\x41;\x3bb;") (newline)
(write (string-length "a\nb\tc\\d\"e")) (newline)
(write (list "a" "b\"c")) (newline)
(display (list "a" "b\"c")) (newline)
;; Line continuation inside a string literal skips the newline and leading whitespace.
(write "abc\
        def") (newline)
(write (string #\a #\newline)) (newline)
