; Two-argument arithmetic and comparisons lend a bignum's or ratnum's digits to the operation
; without copying them (numeric::with_numbers moves them out and back): the same object passed
; twice, an error on the second argument, and every operation must leave the arguments whole.
(import (scheme base) (scheme write))

(define x (expt 3 200))
(define r (/ (expt 2 100) (expt 5 40)))
(define x-text (number->string x))
(define r-text (number->string r))

(define (intact where)
  (display where)
  (display (if (and (string=? (number->string x) x-text) (string=? (number->string r) r-text))
               ": intact"
               ": CHANGED"))
  (newline))

(display (list (= (* x x) (expt 3 400)) (= (+ x x) (* 2 x)) (- x x) (< x x) (= x x)
               (quotient x x) (remainder x x) (modulo x x)))
(newline)
(intact "x op x")
(display (list (= (* r r) (/ (expt 2 200) (expt 5 80))) (- r r) (<= r r) (= (+ r r) (* 2 r))))
(newline)
(intact "r op r")
(display (list (= (* x r) (* r x)) (< r x) (> r x) (= (- x r) (- (- r x)))
               (quotient x 7) (modulo (- x) 1000003) (* 0 x) (+ x 0.0)))
(newline)
(intact "x op r")
(display (guard (e ((error-object? e) (error-object-message e))) (+ x 'a)))
(newline)
(display (guard (e ((error-object? e) (error-object-message e))) (quotient x "7")))
(newline)
(display (guard (e ((error-object? e) (error-object-message e))) (quotient x 0)))
(newline)
(display (guard (e ((error-object? e) (error-object-message e))) (< 'b r)))
(newline)
(intact "after errors")
