; 6.14: exit is not an exception: guard and exception handlers do not intercept it.
(import (scheme base) (scheme write) (scheme process-context))

(guard (e (#t (display "guard caught exit") (newline)))
  (with-exception-handler
   (lambda (e) (display "handler saw exit") (newline) 0)
   (lambda ()
     (display "exiting") (newline)
     (exit 7))))
(display "not reached")
