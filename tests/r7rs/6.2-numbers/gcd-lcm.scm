; 6.2.6: gcd and lcm, including zero, negatives, several args and bignums.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (gcd 32 -36) (gcd) (gcd 0 5) (gcd 7) (gcd 12 18 27))
(show (lcm 32 -36) (lcm 32.0 -36) (lcm) (lcm 4 6 10) (lcm 0 5))
(show (gcd (expt 2 100) (expt 6 50)) (lcm (expt 2 70) 3))
(show (gcd 4.0 6))
