; 6.2.6: floor ceiling round truncate on exact and inexact numbers; round to even.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (floor -4.3) (ceiling -4.3) (truncate -4.3) (round -4.3))
(show (floor 3.5) (ceiling 3.5) (truncate 3.5) (round 3.5))
(show (round 7/2) (round 7) (round 2.5) (round -2.5) (round 0.5) (round 1.5))
(show (floor 5) (ceiling -5) (truncate 0) (floor -1/3) (ceiling 1/3))
(show (exact (floor 2.7)) (exact (round -0.4)))
(show (floor (expt 10 25)) (round (/ (expt 10 25) 3)))
