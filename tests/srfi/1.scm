;; SRFI 1: list library, the examples of its document, section by section.
(import (scheme base) (scheme write) (scheme char) (srfi 1) (scheme cxr))
(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))

;; Constructors.
(show (xcons '(b c) 'a) (cons* 1 2 3 4) (cons* 1))
(show (make-list 4 'c) (list-tabulate 4 values) (list-copy '(1 2 3)))
(let ((c (circular-list 'z 'q))) (show (car c) (cadr c) (caddr c) (circular-list? c)))
(show (iota 5) (iota 5 0 -1) (iota 5 1) (iota 3 0 1/2))

;; Predicates.
(show (proper-list? '(1 2)) (proper-list? '(1 . 2)) (dotted-list? '(1 . 2)) (dotted-list? '(1 2)))
(show (circular-list? '(1 2)) (not-pair? 3) (null-list? '()) (null-list? '(1)))
(show (list= eq?) (list= eq? '(a)) (list= eq? '(a b) '(a b) '(a b)) (list= = '(1 2) '(1 2 3)))

;; Selectors.
(show (first '(1 2 3 4 5 6 7 8 9 10)) (fifth '(1 2 3 4 5 6 7 8 9 10)) (tenth '(1 2 3 4 5 6 7 8 9 10)))
(show (call-with-values (lambda () (car+cdr '(a . b))) list))
(show (take '(a b c d e) 2) (drop '(a b c d e) 2) (take '(1 2 3 . d) 2) (drop '(1 2 3 . d) 2)
      (take '(1 2 3 . d) 3) (drop '(1 2 3 . d) 3))
(show (take-right '(a b c d e) 2) (drop-right '(a b c d e) 2) (take-right '(1 2 3 . d) 2)
      (drop-right '(1 2 3 . d) 2) (take-right '(1 2 3 . d) 0) (drop-right '(1 2 3 . d) 0))
(show (take! (list 1 2 3 4) 2) (drop-right! (list 1 2 3 4) 2))
(show (call-with-values (lambda () (split-at '(a b c d e f g h) 3)) list))
(show (last '(1 2 3)) (last-pair '(a b c)) (last-pair '(a b . c)))

;; Miscellaneous: length, append, concatenate, reverse, zip, count.
(show (length+ '(1 2 3)) (length+ (circular-list 1 2)))
(show (append! (list 1 2) (list 3)) (concatenate '((x) (y) (z))) (concatenate! (list (list 1) (list 2))))
(show (reverse! (list 1 2 3)) (append-reverse '(3 2 1) '(4 5)) (append-reverse! (list 3 2 1) '(4 5)))
(show (zip '(one two three) '(1 2 3) '(odd even odd even odd even odd even)))
(show (zip '(1 2 3)) (zip '(3 1 4 1) (circular-list #f #t)))
(show (unzip1 '((1) (2) (3))))
(show (call-with-values (lambda () (unzip2 '((1 one) (2 two) (3 three)))) list))
(show (call-with-values (lambda () (unzip3 '((1 a x) (2 b y)))) list))
(show (count even? '(3 1 4 1 5 9 2 5 6)) (count < '(1 2 4 8) '(2 4 6 8 10 12 14 16))
      (count < '(3 1 4 1) (circular-list 1 10)))

;; Fold, unfold and map.
(show (fold + 0 '(1 2 3)) (fold cons '() '(a b c)) (fold cons* '() '(a b c) '(1 2 3 4 5)))
(show (fold (lambda (x count) (if (symbol? x) (+ count 1) count)) 0 '(a 1 b 2))
      (fold (lambda (s max-len) (max max-len (string-length s))) 0 '("a" "abc" "ab")))
(show (fold-right cons '() '(a b c)) (fold-right cons* '() '(a b c) '(1 2 3 4 5))
      (fold-right (lambda (x l) (if (even? x) (cons x l) l)) '() '(1 2 3 4)))
(show (pair-fold cons '() '(a b c)) (pair-fold-right cons '() '(a b c)))
(show (reduce + 0 '(1 2 3)) (reduce max 'none '()) (reduce-right append '() '((1 2) (3) (4 5))))
(show (unfold (lambda (x) (> x 10)) (lambda (x) (* x x)) (lambda (x) (+ x 1)) 1))
(show (unfold null-list? car cdr '(1 2 3)) (unfold null-list? car cdr '(1 2) (lambda (x) '(end))))
(show (unfold-right zero? (lambda (x) (* x x)) (lambda (x) (- x 1)) 10))
(show (unfold-right null-list? car cdr '(1 2 3)) (unfold-right null-list? car cdr '(3 2 1) '(4 5)))
(show (map + '(3 1 4 1) (circular-list 1 0)) (map-in-order cadr '((a b) (d e) (g h))))
(show (append-map (lambda (x) (list x (- x))) '(1 3 8)) (append-map! list '(1 2) '(a b)))
(show (map! (lambda (x) (* x 2)) (list 1 2 3)))
(let ((acc '())) (pair-for-each (lambda (p) (set! acc (cons p acc))) '(a b c)) (show acc))
(show (filter-map (lambda (x) (and (number? x) (* x x))) '(a 1 b 3 c 7)))

;; Filtering and partitioning.
(show (filter even? '(0 7 8 8 43 -4)) (remove even? '(0 7 8 8 43 -4)))
(show (call-with-values (lambda () (partition symbol? '(one 2 3 four five 6))) list))
(show (filter! odd? (list 1 2 3)) (remove! odd? (list 1 2 3))
      (call-with-values (lambda () (partition! odd? (list 1 2 3))) list))

;; Searching.
(show (find even? '(3 1 4 1 5 9)) (find-tail even? '(3 1 37 -8 -5 0 0)) (find-tail even? '(3 1 37 -5)))
(show (take-while even? '(2 18 3 10 22 9)) (drop-while even? '(2 18 3 10 22 9)))
(show (call-with-values (lambda () (span even? '(2 18 3 10 22 9))) list)
      (call-with-values (lambda () (break even? '(3 1 4 1 5 9 2 6))) list))
(show (any integer? '(a 3 b 2.7)) (any integer? '(a 3.1 b 2.7)) (any < '(3 1 4 1 5) '(2 7 1 8 2))
      (any (lambda (x) (and (even? x) (* x 10))) '(1 4 5)))
(show (every integer? '(1 2 3)) (every integer? '(1 a)) (every (lambda (x) (and (> x 0) x)) '(1 2 3)) (every odd? '()))
(show (list-index even? '(3 1 4 1 5 9)) (list-index < '(3 1 4 1 5 9 2 5 6) '(2 7 1 8 2))
      (list-index = '(3 1 4 1 5 9 2 5 6) '(2 7 1 8 2)))
(show (member 2.0 '(1 2 3) =) (memq 'a '(a b c)) (memq 'b '(a b c)) (memq 'a '(b c d))
      (member (list 'a) '(b (a) c)) (memv 101 '(100 101 102)) (member 5 '(1 3 7 9) >))

;; Deletion.
(show (delete 5 '(3 5 7 5)) (delete 5 '(3 4 5 6 7) <) (delete! 'a (list 'a 'b)))
(show (delete-duplicates '(a b a c a b c z))
      (delete-duplicates '((a . 3) (b . 7) (a . 9) (c . 1)) (lambda (x y) (eq? (car x) (car y)))))

;; Association lists.
(define e '((a 1) (b 2) (c 3)))
(show (assq 'a e) (assq 'b e) (assq 'd e) (assq (list 'a) '(((a)) ((b)) ((c)))))
(show (assoc (list 'a) '(((a)) ((b)) ((c)))) (assoc 2.0 '((1 1) (2 4) (3 9)) =) (assv 5 '((2 3) (5 7) (11 13))))
(show (alist-cons 'x 1 '((y . 2))) (alist-copy '((a . 1) (b . 2))))
(show (alist-delete 'a '((a . 1) (b . 2) (a . 3))) (alist-delete 5 '((3 . x) (5 . y) (7 . z)) <)
      (alist-delete! 'b (list (cons 'a 1) (cons 'b 2))))

;; Set operations on lists.
(show (lset<= eq? '(a) '(a b a) '(a b c c)) (lset<= eq?) (lset<= eq? '(a)) (lset<= eqv? '(1 2 3) '(1)))
(show (lset= eq? '(b e a) '(a e b) '(e e b a)) (lset= eq?) (lset= eq? '(a)))
(show (lset-adjoin eq? '(a b c d c e) 'a 'e 'i 'o 'u))
(show (lset-union eq? '(a b a) '(c d c e)) (lset-union eq? '(a a c) '(x a x)) (lset-union eq?)
      (lset-union eq? '(a b c)))
(show (lset-intersection eq? '(a b a) '(c d c e)) (lset-intersection eq? '(a x y a) '(x a x z))
      (lset-intersection eq? '(a b c)))
(show (lset-difference eq? '(a b c d e) '(a e i o u)) (lset-difference eq? '(a b c)))
(show (lset= eq? (lset-xor eq? '(a b c d e) '(a e i o u)) '(d c b i o u)) (lset-xor eq?)
      (lset-xor eq? '(a b c d e)))
(show (call-with-values (lambda () (lset-diff+intersection eq? '(a b c d e) '(c d f))) list))
(show (lset-union! eq? (list 'a 'b) (list 'b 'c)) (lset-intersection! eq? (list 'a 'b) '(b))
      (lset-difference! eq? (list 'a 'b) '(b)) (lset= eq? (lset-xor! eq? (list 'a 'b) '(b c)) '(a c))
      (call-with-values (lambda () (lset-diff+intersection! eq? (list 'a 'b) '(b))) list))
