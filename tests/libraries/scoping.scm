;; Libraries found under the program's directory, scoped: only exports are visible, and two
;; libraries may use the same internal names.
(import (scheme base) (scheme write)
        (stack core)
        (only (util counter) ticks)
        (prefix (util counter) c:)
        (rename (util other) (other-ticks o-ticks)))
(define s (make-stack))
(push! s 1)
(push! s 2)
(write (list (pop! s) (stack-size s) (items s))) (newline)
(write (with-stack t (push! t 'a) (push! t 'b) (push! t 'c))) (newline)
(write (list (ticks) (c:ticks) c:counter)) (newline)
(bump!)
(write (o-ticks)) (newline)
;; The program's own `counter` and `length` are not the libraries'.
(define counter 'mine)
(write (list counter (length '(1 2 3)) (ticks))) (newline)
(write (guard (e (#t (error-object-message e))) tick!)) (newline)
