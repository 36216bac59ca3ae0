;; SRFI 133: vector library, the examples of its document, section by section.
(import (scheme base) (scheme write) (scheme char) (srfi 133))
(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))

;; Constructors.
(show (vector-unfold (lambda (i x) (values x (- x 1))) 10 0) (vector-unfold values 5))
(show (vector-unfold (lambda (i a b) (values (+ a b) b (+ a b))) 6 0 1))
(show (vector-unfold-right (lambda (i x) (values x (+ x 1))) 5 0))
(define vec '#(a b c d e))
(show (vector-unfold-right (lambda (i x) (values (vector-ref vec x) (+ x 1))) (vector-length vec) 0))
(show (vector-copy '#(a b c d e f g h i)) (vector-copy '#(a b c d e f g h i) 6) (vector-copy '#(a b c d e f g h i) 3 6))
(show (vector-reverse-copy '#(5 4 3 2 1 0) 1 5) (vector-reverse-copy '#(1 2 3)))
(show (vector-append '#(x) '#(y)) (vector-append '#(a) '#(b c d)) (vector-append '#(a #(b)) '#(#(c))))
(show (vector-concatenate '(#(a b) #(c d))) (vector-append-subvectors '#(1 2 3 4) 0 2 '#(5 6 7 8) 2 4))

;; Predicates.
(show (vector? '#(1)) (vector-empty? '#(a)) (vector-empty? '#(())) (vector-empty? '#(#())) (vector-empty? '#()))
(show (vector= eq? '#(a b c d) '#(a b c d)) (vector= eq? '#(a b c d) '#(a b d c)) (vector= = '#(1 2 3 4 5) '#(1 2 3 4))
      (vector= = '#(1 2 3 4) '#(1 2 3 4)) (vector= eq?) (vector= eq? '#(a)) (vector= eq? '#(1) '#(1) '#(1)))

;; Iteration.
(show (vector-fold (lambda (len str) (max (string-length str) len)) 0 '#("abc" "de" "fghij")))
(show (vector-fold (lambda (tail elt) (cons elt tail)) '() '#(1 2 3)))
(show (vector-fold (lambda (counter n) (if (even? n) (+ counter 1) counter)) 0 '#(1 2 3 4 6)))
(show (vector-fold (lambda (acc a b) (cons (list a b) acc)) '() '#(1 2 3) '#(a b)))
(show (vector-fold-right (lambda (tail elt) (cons elt tail)) '() '#(a b c d)))
(show (vector-map (lambda (x) (* x x)) '#(1 2 3 4)) (vector-map (lambda (x y) (* x y)) '#(1 2 3 4 5) '#(1 2 3)))
(let ((v (vector 1 2 3 4))) (vector-map! (lambda (x) (* x 10)) v) (show v))
(let ((v (vector 1 2 3)) (w (vector 10 20))) (vector-map! + v w) (show v))
(let ((acc '())) (vector-for-each (lambda (x) (set! acc (cons x acc))) '#(1 2 3)) (show acc))
(show (vector-count even? '#(3 1 4 1 5 9 2 5 6)) (vector-count < '#(1 3 6 9) '#(2 4 6 8 10 12)))
(show (vector-cumulate + 0 '#(3 1 4 1 5 9 2 5 6)))

;; Searching.
(show (vector-index even? '#(3 1 4 1 5 9)) (vector-index < '#(3 1 4 1 5 9 2 5 6) '#(2 7 1 8 2))
      (vector-index = '#(3 1 4 1 5 9 2 5 6) '#(2 7 1 8 2)))
(show (vector-index-right even? '#(3 1 4 1 5 9 6)) (vector-index-right < '#(3 1 4 1 5) '#(2 7 1 8 2)))
(show (vector-skip number? '#(1 2 a b 3 4 c d)) (vector-skip = '#(1 2 3 4 5) '#(1 2 -3 4)))
(show (vector-skip-right number? '#(1 2 a b 3 4 c d)))
(define (char-cmp c1 c2) (cond ((char<? c1 c2) -1) ((char=? c1 c2) 0) (else 1)))
(show (vector-binary-search '#(#\a #\b #\c #\d #\e #\f #\g #\h) #\g char-cmp)
      (vector-binary-search '#(#\a #\b #\c #\d #\e #\f #\g #\h) #\z char-cmp)
      (vector-binary-search '#(1 3 5 7 9) 1 -) (vector-binary-search '#(1 3 5 7 9) 9 -))
(show (vector-any even? '#(1 3 4 5)) (vector-any even? '#(1 3 5))
      (vector-any (lambda (x) (and (even? x) (* x 10))) '#(1 4 5)) (vector-any < '#(3 1) '#(2 0)))
(show (vector-every odd? '#(1 3 5)) (vector-every odd? '#(1 2 5)) (vector-every (lambda (x) (and (odd? x) x)) '#(1 3 5))
      (vector-every odd? '#()))
(show (call-with-values (lambda () (vector-partition even? '#(1 2 3 4 5 6 7))) list))

;; Mutators.
(let ((v (vector 1 2 3))) (vector-swap! v 0 2) (show v))
(let ((v (vector 1 2 3 4 5))) (vector-fill! v 'z 1 3) (show v))
(let ((v (vector 1 2 3 4 5))) (vector-reverse! v) (show v) (vector-reverse! v 1 4) (show v))
(let ((v (vector 1 2 3 4 5))) (vector-copy! v 1 '#(a b c) 1) (show v))
(let ((v (vector 1 2 3 4 5))) (vector-reverse-copy! v 1 '#(a b c)) (show v))
(let ((v (make-vector 5 0))) (vector-unfold! (lambda (i) (* i i)) v 1 4) (show v))
(let ((v (make-vector 5 0))) (vector-unfold-right! (lambda (i x) (values x (+ x 1))) v 1 4 0) (show v))

;; Conversion.
(show (vector->list '#(1 2 3)) (vector->list '#(1 2 3) 1) (vector->list '#(1 2 3) 1 2))
(show (reverse-vector->list '#(1 2 3)) (reverse-vector->list '#(1 2 3) 1) (reverse-vector->list '#(1 2 3) 0 2))
(show (list->vector '(1 2 3)) (reverse-list->vector '(1 2 3)))
(show (vector->string '#(#\a #\b #\c)) (vector->string '#(#\a #\b #\c) 1) (string->vector "abc" 1 2))
