; 6.14: exit runs all outstanding dynamic-wind after thunks before exiting.
(import (scheme base) (scheme write) (scheme process-context))

(dynamic-wind
 (lambda () (display "in-outer") (newline))
 (lambda ()
   (dynamic-wind
    (lambda () (display "in-inner") (newline))
    (lambda () (exit 5))
    (lambda () (display "out-inner") (newline))))
 (lambda () (display "out-outer") (newline)))
(display "not reached")
