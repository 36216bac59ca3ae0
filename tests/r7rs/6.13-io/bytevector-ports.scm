; 6.13: binary ports over bytevectors: read-u8, peek-u8, u8-ready?, read-bytevector, write-u8.
(import (scheme base) (scheme write))

;; `show` is a macro so that its operands are evaluated left to right (procedure
;; argument order is unspecified, and these operands have side effects on ports).
(define-syntax show
  (syntax-rules ()
    ((_ e ...) (begin (begin (write e) (display " ")) ... (newline)))))
(define in (open-input-bytevector #u8(1 2 3 4 5 6 7)))
(show (peek-u8 in) (read-u8 in) (read-u8 in) (u8-ready? in))
(show (read-bytevector 2 in) (read-bytevector 10 in) (eof-object? (read-u8 in)) (eof-object? (peek-u8 in)))
(define out (open-output-bytevector))
(write-u8 65 out)
(write-u8 255 out)
(write-bytevector #u8(10 20 30 40) out 1 3)
(write-bytevector #u8(9) out)
(show (get-output-bytevector out))
(define buf (make-bytevector 5 0))
(define in2 (open-input-bytevector #u8(7 8 9)))
(show (read-bytevector! buf in2 1) buf (eof-object? (read-bytevector! buf in2)))
(show (binary-port? in) (binary-port? out) (input-port? out) (output-port? out))
