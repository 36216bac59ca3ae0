; A handler that returns from a non-continuable raise causes a secondary error.
(import (scheme base) (scheme write))

(display "start")
(newline)
(with-exception-handler
 (lambda (e) 'ignored)
 (lambda () (raise 'not-continuable)))
(display "not reached")
