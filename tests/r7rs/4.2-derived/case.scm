; 4.2.1: case with eqv? matching of numbers, symbols, chars; else; => in clauses.
(import (scheme base) (scheme write))

(write (case (* 2 3)
         ((2 3 5 7) 'prime)
         ((1 4 6 8 9) 'composite))) (newline)
(write (case (car '(c d))
         ((a e i o u) 'vowel)
         ((w y) 'semivowel)
         (else => (lambda (x) (list x 'consonant))))) (newline)
(define (kind c)
  (case c
    ((#\a #\e #\i #\o #\u) 'vowel)
    ((#\space #\newline) 'blank)
    (else 'other)))
(write (map kind (list #\a #\z #\space #\u #\newline))) (newline)
(write (case 5 ((1 2) 'low) ((5) => (lambda (x) (* x x))) (else 'none))) (newline)
(write (case 'x ((x) 1 2 3) (else 4))) (newline)
;; The key is evaluated exactly once.
(define n 0)
(write (case (begin (set! n (+ n 1)) n) ((1) 'one) ((2) 'two) (else 'many)))
(write n) (newline)
;; Empty list datum and booleans match by eqv?.
(write (case #f ((#t) 'true) ((#f) 'false))) (newline)
(write (case 2.5 ((2.5) 'float) (else 'no))) (newline)
