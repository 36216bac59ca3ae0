; 6.2.6: max, min (variadic, exactness contagion), abs and rationalize.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (max 3 4) (max 3.9 4) (max 1 5 3 2) (min 1 5 3 2) (min 7) (max -1/2 -1/3))
(show (min 1 2.0) (max (expt 2 80) 1.0 -5) (min -1e300 (- (expt 10 301))))
(show (abs -1/2) (abs -2.5) (abs (- (expt 2 90))) (abs 0.0))
(show (rationalize (exact .3) 1/10) (rationalize .3 1/10) (rationalize 1/3 0) (rationalize 3/10 1/10))
(show (rationalize 5 1) (rationalize -3/10 1/10))
