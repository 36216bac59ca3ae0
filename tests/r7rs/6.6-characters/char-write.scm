; 6.6 / 6.13.3: how characters are written and displayed.
(import (scheme base) (scheme write))

(write #\a) (write #\A) (write #\0) (write #\() (newline)
(write #\space) (newline)
(write #\newline) (newline)
(write (list #\a #\space #\z)) (newline)
(display #\a) (display #\space) (display #\b) (newline)
(display (list #\x #\y)) (newline)
(write (integer->char 97)) (write #\x41) (newline)
(write (string #\a #\space #\newline #\b)) (newline)
;; Characters in vectors and nested data.
(write (vector #\q "q" 'q)) (newline)
