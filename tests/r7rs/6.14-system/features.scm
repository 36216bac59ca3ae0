; 6.14 / 4.2.1: features includes r7rs; cond-expand selects by features and libraries.
(import (scheme base) (scheme write) (scheme process-context))

(write (list? (features))) (newline)
(write (and (memq 'r7rs (features)) #t)) (newline)
(write (cond-expand (r7rs 'r7rs-feature) (else 'no-r7rs))) (newline)
(write (cond-expand ((and r7rs (not kiln-surely-absent-feature)) 'and-not) (else 'fallback))) (newline)
(write (cond-expand ((or kiln-surely-absent-feature r7rs) 'or-works) (else 'fallback))) (newline)
(write (cond-expand ((library (scheme base)) 'has-base) (else 'no-base))) (newline)
(write (cond-expand (kiln-surely-absent-feature 'absent) (else 'else-taken))) (newline)
