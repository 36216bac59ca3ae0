; Unbounded non-tail recursion uses no native stack: the stacks grow until memory runs out, and
; that is the out-of-memory condition — catchable by `guard` (the memory reserve is the room its
; handler runs in); uncaught, "kiln: out of memory …" and status 137. Never a crash of the host.
(import (scheme base) (scheme write))

(display "recursing")
(newline)
(define (forever n) (+ 1 (forever (+ n 1))))
(display (guard (e ((error-object? e) (list 'caught (error-object-message e))))
           (forever 0)))
(newline)
(forever 0)
(display "not reached")
