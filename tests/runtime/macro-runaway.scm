; A macro whose expansion never ends runs out of memory like any other program: a clear
; message and status 137, with what was printed before kept.
(import (scheme base) (scheme write))

(display "before the expansion")
(newline)
(define-syntax bomb (syntax-rules () ((_ x) (bomb (x x)))))
(bomb 1)
