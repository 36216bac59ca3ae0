; 6.14: command-line returns a non-empty list of strings; environment lookups.
(import (scheme base) (scheme write) (scheme process-context))

(define cl (command-line))
(write (list? cl)) (newline)
(write (pair? cl)) (newline)
(write (and (pair? cl) (let loop ((l cl)) (or (null? l) (and (string? (car l)) (loop (cdr l))))))) (newline)
(write (get-environment-variable "KILN_TEST_SURELY_UNSET_VARIABLE_4711")) (newline)
(write (list? (get-environment-variables))) (newline)
(write (let loop ((l (get-environment-variables)))
         (or (null? l) (and (pair? (car l)) (string? (caar l)) (string? (cdar l)) (loop (cdr l))))))
(newline)
