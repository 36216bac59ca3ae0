; 6.4: assq assv assoc, including assoc with a custom comparison.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(define e '((a 1) (b 2) (c 3)))
(show (assq 'a e) (assq 'b e) (assq 'd e) (assq 'a '()))
(show (assq (list 'a) '(((a)) ((b)) ((c)))) (assoc (list 'a) '(((a)) ((b)) ((c)))))
(show (assoc 2.0 '((1 1) (2 4) (3 9)) =) (assoc 5 '((2 3) (5 7) (11 13))) (assv 5 '((2 3) (5 7) (11 13))))
(show (assoc "b" '(("a" . 1) ("b" . 2))) (assv 1/2 '((0.5 . x) (1/2 . y))))
;; The first matching entry wins; a custom comparison is used.
(show (assq 'k '((k . 1) (k . 2))) (assoc 2 '((1.0 . a) (2.0 . b)) =))
