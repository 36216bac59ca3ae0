; 6.4: memq memv member, including member with a custom comparison.
(import (scheme base) (scheme write) (scheme char))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (memq 'a '(a b c)) (memq 'b '(a b c)) (memq 'a '(b c d)) (memq 'z '()))
(show (memq (list 'a) '(b (a) c)) (member (list 'a) '(b (a) c)) (member "B" '("a" "b" "c")))
(show (memv 101 '(100 101 102)) (memv 1/2 '(0.5 1/2)) (memv 1.0 '(1 2)) (member 2.0 '(1 2)))
(show (member "B" '("a" "b" "c") string-ci=?) (member 2.0 '(1 2 3) =) (member 5 '(1 2 3) =))
;; A custom equivalence decides what matches.
(define (same-parity? a b) (eq? (even? a) (even? b)))
(show (member 7 '(2 4 5 6) same-parity?) (member 8 '(1 3 5) same-parity?))
(show (member '(1) '((0) (1) (2))) (memq 'c '(a b c . d)))
