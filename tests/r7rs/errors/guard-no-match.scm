; A guard whose clauses don't match re-raises to the top level.
(import (scheme base) (scheme write))

(display (guard (e ((string? e) 'string)) (raise "s")))
(newline)
(guard (e ((string? e) 'string))
  (error "inner failure" 5))
(display "not reached")
