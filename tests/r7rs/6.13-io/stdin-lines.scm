; 6.13: reading lines and characters from standard input until end of file.
(import (scheme base) (scheme write))

(define first-char (read-char))
(define next (peek-char))
(write (list first-char next)) (newline)
(let loop ((n 1))
  (let ((line (read-line)))
    (unless (eof-object? line)
      (write n) (display ": ") (write line) (display " ") (write (string-length line)) (newline)
      (loop (+ n 1)))))
(write (eof-object? (read-char))) (newline)
(write (eof-object? (read-line (current-input-port)))) (newline)
