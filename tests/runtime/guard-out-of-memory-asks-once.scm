; Out of memory is raised past the handlers (running one needs the room that ran out); each
; guard it reaches asks its clauses once: the inner one declines, the outer one takes it.
(import (scheme base) (scheme write))

(define asked 0)
(define (forever n) (+ 1 (forever (+ n 1))))
(write (guard (e ((error-object? e) (list 'outer (error-object-message e) asked)))
         (guard (e ((begin (set! asked (+ asked 1)) #f) 'inner))
           (forever 0))))
(newline)
