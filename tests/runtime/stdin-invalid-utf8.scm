; Invalid UTF-8 on standard input reads as U+FFFD (65533), as in source files: never an early
; end of file, never an error. Each line of stdin-invalid-utf8.in holds a different bad sequence.
(import (scheme base) (scheme write) (scheme read))

(define (show x) (write x) (newline))
(define (codes s) (map char->integer (string->list s)))

(show (codes (read-line)))          ; a \xff b: a byte that is never UTF-8
(show (char->integer (read-char)))  ; \xe2\x82 c: a sequence cut short by the next character
(show (read-char))
(show (read-line))                  ; the rest of that line, a valid euro sign
(show (codes (read-string 4)))      ; \xc0\xaf x y: an overlong encoding
(define d (read))                   ; (s\xffym 1): a bad byte inside a datum
(show (codes (symbol->string (car d))))
(show (cadr d))
(show (read-line))
(show (codes (read-line)))          ; \xed\xa0\x80: an encoded surrogate
(show (codes (read-line)))          ; z \xff at the very end, without a line ending
(show (eof-object? (read-line)))
