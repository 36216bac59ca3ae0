;; SRFI 28: basic format strings, the examples of its document.
(import (scheme base) (scheme write) (srfi 28))
(write (format "Hello, ~a" "World!")) (newline)
(write (format "Error, list is too short: ~s~%" '(one "two" 3))) (newline)
(write (format "~a and ~s, ~~ ~a" "x" "x" 'sym)) (newline)
(display (format "two~%lines~%"))
(write (guard (e ((error-object? e) (error-object-message e))) (format "~a ~a" 1))) (newline)
