; 6.13: string input ports: read-char, peek-char, read-line, read-string, char-ready?, eof.
(import (scheme base) (scheme write))

;; `show` is a macro so that its operands are evaluated left to right (procedure
;; argument order is unspecified, and these operands have side effects on ports).
(define-syntax show
  (syntax-rules ()
    ((_ e ...) (begin (begin (write e) (display " ")) ... (newline)))))
(define p (open-input-string "ab\ncd\n\nlast"))
(show (peek-char p) (read-char p) (peek-char p) (read-char p))
(show (read-line p))
(show (read-line p) (read-line p) (read-line p))
(show (eof-object? (read-line p)) (eof-object? (read-char p)) (eof-object? (peek-char p)))
(show (eof-object? (eof-object)) (eof-object? 'eof) (eof-object? ""))
(define q (open-input-string "hello world"))
(show (read-string 5 q) (read-char q) (read-string 100 q) (eof-object? (read-string 3 q)))
(show (char-ready? (open-input-string "x")))
;; Output string ports accumulate everything written.
(define o (open-output-string))
(write 'sym o)
(display " " o)
(write "str" o)
(write-char #\! o)
(newline o)
(write-string "tail" o)
(show (get-output-string o))
;; get-output-string can be called repeatedly while writing continues.
(define o2 (open-output-string))
(display "one" o2)
(define first (get-output-string o2))
(display "two" o2)
(show first (get-output-string o2))
;; Non-ASCII content round-trips through string ports by character.
(define u (open-input-string "λé☃"))
(show (char->integer (read-char u)) (char->integer (peek-char u)) (char->integer (read-char u)) (read-line u))
(define uo (open-output-string))
(write-char #\λ uo) (write-string "xé" uo)
(show (get-output-string uo) (string-length (get-output-string uo)))
;; Reading a line terminated by end of input, and an empty input.
(show (read-line (open-input-string "no newline")) (eof-object? (read-line (open-input-string ""))))
