; A letrec variable read before its init is #<unassigned>, and stored into a global it makes the
; global read as unbound again: compiled reads of a global must keep their "unbound" check even
; when the global was bound at compile time.
(define g 1)
(define (read-g) g)
(read-g)
(letrec ((a (begin (set! g b) 1)) (b 2)) a)
(write (guard (e ((error-object? e) (error-object-message e))) (read-g)))
(newline)

