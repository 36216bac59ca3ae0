; Running out of memory is the Scheme error "out of memory", which a guard can catch (the
; memory reserve is the room its handler runs in); uncaught, it ends the program with
; "kiln: out of memory …" and status 137. What was printed before is kept.
(import (scheme base) (scheme write))

(define (grow l) (grow (cons (make-vector 100 0) l)))
(display "start")
(newline)
(display (guard (e ((error-object? e) (list 'caught (error-object-message e))))
           (grow '())))
(newline)
(display "after the first")
(newline)
(grow '())
