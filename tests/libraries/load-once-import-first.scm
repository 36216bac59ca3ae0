;; The reverse order: imports first, then environments of the same libraries, and eval of an
;; import: the bodies already ran and do not run again. (A bundle has only the libraries it
;; imports, and the built-in ones: eval imports no other file.)
(import (scheme base) (scheme write) (scheme eval) (srfi 1) (once lib))
(write (list (hello) (iota 2))) (newline)
(define e (environment '(scheme base) '(srfi 1) '(once lib)))
(write (eval '(list (hello) (iota 3) loads) e)) (newline)
(eval '(import (only (once lib) hello loads)) (environment '(scheme base)))
(eval '(import (srfi 69)) e)
(write (eval '(list (hash-table? (make-hash-table equal?)) (hello)) e)) (newline)
(write loads) (newline)
