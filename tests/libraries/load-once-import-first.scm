;; The reverse order: imports first, then environments of the same libraries, and eval of an
;; import: the bodies already ran and do not run again.
(import (scheme base) (scheme write) (scheme eval) (srfi 1) (once lib))
(write (list (hello) (iota 2))) (newline)
(define e (environment '(scheme base) '(srfi 1) '(once lib)))
(write (eval '(list (hello) (iota 3) loads) e)) (newline)
(eval '(import (once user)) e)
(write (eval '(greet) e)) (newline)
(eval '(import (only (once user) greet)) (environment '(scheme base)))
(write loads) (newline)
