; A guard's clause tests run once per raise: a guard that declines is not asked again as the
; raise goes on outwards, nor about a new condition raised outside its extent (R7RS 4.2.7:
; an unmatched guard re-raises in the dynamic environment of the original raise).
(import (scheme base) (scheme write))

(define asked 0)
(define (ask! e)
  (set! asked (+ asked 1))
  #f)

;; Declined by the inner guard, taken by the outer one.
(write (guard (e (#t (list 'outer e)))
         (guard (e ((ask! e) 'inner))
           (raise 'x))))
(write asked)
(newline)

;; A handler outside the guard returns from a non-continuable raise: the secondary error is
;; raised where that handler runs, outside the inner guard, which must not see it.
(set! asked 0)
(write (guard (e ((error-object? e) (error-object-message e)))
         (with-exception-handler
          (lambda (e) 'returned)
          (lambda ()
            (guard (e ((ask! e) 'inner))
              (raise 'y))))))
(write asked)
(newline)

;; Uncaught: the guard is asked once, then the top level reports the raise.
(guard (e ((begin (display "asked ") #f) 'no))
  (raise 'z))
(display "not reached")
