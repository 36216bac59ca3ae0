; 5.1/5.2, appendix A: a program that starts with `import` sees exactly what it imports. The
; standard libraries have their export lists: only/except/prefix/rename work on them, a name
; not imported is unbound, and the program may define such a name for itself.
(import (except (scheme base) list-copy)
        (only (scheme write) write display)
        (prefix (only (scheme char) char-upcase char-downcase) c:)
        (rename (only (scheme cxr) caddr) (caddr third))
        (scheme eval) (scheme repl))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(define (unbound-name thunk)
  (guard (e ((error-object? e)
             (list (error-object-message e) (error-object-irritants e))))
    (thunk)
    'bound))
(show (c:char-upcase #\a) (c:char-downcase #\B) (third '(1 2 3)))
;; Not imported: the unprefixed names, the rest of (scheme char), the old name of a rename, what
;; `except` and `only` left out.
(show (unbound-name (lambda () char-upcase)))
(show (unbound-name (lambda () char-foldcase)))
(show (unbound-name (lambda () caddr)) (unbound-name (lambda () list-copy)))
(show (unbound-name (lambda () write-shared)) (unbound-name (lambda () c:char-foldcase)))
;; A name the program did not import is its own to define.
(define (char-foldcase c) (list 'mine c))
(show (char-foldcase #\A))
;; eval's environments have exactly their imports too.
(define env (environment '(scheme base) '(only (scheme char) char-upcase)))
(show (eval '(char-upcase #\z) env))
(show (guard (e (#t (error-object-irritants e))) (eval '(char-downcase #\Z) env)))
;; The interaction environment is the program's own.
(show (eval '(list (c:char-upcase #\q) (third '(a b c))) (interaction-environment)))
