; Irritants are written (strings quoted, characters as #\ syntax, lists as data).
(import (scheme base) (scheme write))

(define (check-positive n)
  (if (> n 0) n (error "not positive:" n "in" 'check-positive '(1 "two") #\c)))
(display (check-positive 5))
(newline)
(check-positive -3)
