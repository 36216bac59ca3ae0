;; Imports (once lib): its body runs before this one, once, even if an environment loaded it.
(define-library (once user)
  (import (scheme base) (scheme write) (once lib))
  (export greet)
  (begin
    (define (greet) (cons 'greet (hello)))
    (display "(once user) loaded\n")))
