; 6.3: boolean literals, not, boolean?, boolean=?.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show #t #f '#f #true #false)
(show (not #t) (not 3) (not (list 3)) (not #f) (not '()) (not (list)) (not 'nil))
(show (boolean? #f) (boolean? 0) (boolean? '()) (boolean? #true))
(show (boolean=? #t #t) (boolean=? #f #f) (boolean=? #t #f) (boolean=? #f #f #f) (boolean=? #t #t #f))
(show (eq? #t (= 1 1)) (eq? #f (= 1 2)))
