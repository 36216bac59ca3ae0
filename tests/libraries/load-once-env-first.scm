;; A library is loaded (its body run) exactly once per program, the first time anything needs
;; it: here an environment never evaluated in, then another environment of the same library,
;; then an import. (Each used to leave the body unrun: unbound variable |iota in (srfi 1)|.)
(define e1 (environment '(srfi 1)))
(define e2 (environment '(scheme base) '(srfi 1)))
(write (eval '(iota 3) e2)) (newline)
(import (scheme base) (scheme write) (srfi 1))
(write (iota 4)) (newline)
(define e3 (environment '(once lib)))
(display "made e3\n")
(define e4 (environment '(scheme base) '(once lib)))
(import (once lib))
(write (list (eval '(hello) e4) (hello) loads)) (newline)
;; A library importing an already-loaded one runs only its own body.
(define e5 (environment '(scheme base) '(once user)))
(import (once user))
(write (list (greet) (eval '(greet) e5))) (newline)
;; The same sets again give the same environment, and run nothing.
(write (eval '(hello) (environment '(scheme base) '(once lib)))) (newline)
