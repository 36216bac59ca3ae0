;; SRFI 128: comparators, the procedures of its document section by section.
(import (scheme base) (scheme write) (scheme char) (srfi 128))
(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))

;; Predicates.
(define default (make-default-comparator))
(define num (make-comparator number? = < number-hash))
(define unordered (make-comparator #t equal? #f #f))
(show (comparator? default) (comparator? 'x) (comparator? num))
(show (comparator-ordered? num) (comparator-hashable? num))
(show (comparator-ordered? unordered) (comparator-hashable? unordered))

;; Standard comparators and constructors.
(define pairs (make-pair-comparator num (make-eqv-comparator)))
(show (=? pairs '(1 . a) '(1.0 . a)) (=? pairs '(1 . a) '(1 . b)))
(define lists (make-list-comparator num list? null? car cdr))
(show (<? lists '(1 2) '(1 3)) (<? lists '(1 2) '(1 2 0)) (=? lists '(1 2) '(1.0 2.0)) (<? lists '(2) '(1 5)))
(define vecs (make-vector-comparator num vector? vector-length vector-ref))
(show (<? vecs #(9) #(1 1)) (<? vecs #(1 2) #(1 3)) (=? vecs #(1 2) #(1 2)))
(show (=? (make-eq-comparator) 'a 'a) (=? (make-eqv-comparator) 2.0 2.0) (=? (make-equal-comparator) "x" "x"))
(show (= (comparator-hash pairs '(1 . a)) (comparator-hash pairs '(1 . a))))

;; Hash functions: equal arguments hash alike; hashes are exact non-negative integers.
(show (boolean-hash #t) (= (char-hash #\a) (char-hash #\a)) (= (char-ci-hash #\a) (char-ci-hash #\A)))
(show (= (string-hash "abc") (string-hash "abc")) (= (string-ci-hash "abc") (string-ci-hash "ABC")))
(show (= (symbol-hash 'abc) (symbol-hash 'abc)) (= (number-hash 1) (number-hash 1.0)))
(show (exact-integer? (number-hash 2.5)) (>= (number-hash -7) 0) (exact-integer? (hash-bound)) (exact-integer? (hash-salt)))

;; The default comparator: types in the order empty list, pairs, booleans, characters,
;; strings, symbols, numbers, vectors, bytevectors, then others.
(define order (list '() '(1) #f #t #\a "a" 'a 1 #(1) (bytevector 1)))
(show (let loop ((l order))
        (or (null? (cdr l)) (and (<? default (car l) (cadr l)) (not (<? default (cadr l) (car l))) (loop (cdr l))))))
(show (<? default 1 2) (<? default "abc" "abd") (<? default 'b 'a) (<? default '(1 2) '(1 3)))
(show (=? default '(1 #(2 "x")) (list 1 (vector 2 "x"))) (=? default 1 1.0) (=? default #\a #\b))
(show (= (default-hash '(1 #(2))) (default-hash (list 1 (vector 2)))))
(define-record-type point (make-point x y) point? (x point-x) (y point-y))
(define points (make-comparator point?
                                (lambda (a b) (and (= (point-x a) (point-x b)) (= (point-y a) (point-y b))))
                                (lambda (a b) (< (point-x a) (point-x b)))
                                (lambda (p . _) (+ (point-x p) (point-y p)))))
(comparator-register-default! points)
(show (=? default (make-point 1 2) (make-point 1 2)) (<? default (make-point 1 2) (make-point 3 0))
      (<? default (bytevector 9) (make-point 0 0)))

;; Accessors and invokers.
(show ((comparator-type-test-predicate num) 'a) ((comparator-equality-predicate num) 1 1)
      ((comparator-ordering-predicate num) 1 2) (= ((comparator-hash-function num) 5) (number-hash 5)))
(show (comparator-test-type num 3) (comparator-test-type num "3"))
(show (comparator-check-type num 3) (guard (e (#t 'type-error)) (comparator-check-type num "3")))
(show (= (comparator-hash num 5) (number-hash 5)))

;; Comparison predicates, with more than two arguments.
(show (=? num 1 1 1) (<? num 1 2 3) (<? num 1 3 2) (>? num 3 2 1) (<=? num 1 1 2) (>=? num 2 2 3))
(show (comparator-if<=> num 1 2 'less 'equal 'greater)
      (comparator-if<=> num 2 2 'less 'equal 'greater)
      (comparator-if<=> 3 2 'less 'equal 'greater))
(show (guard (e (#t 'no-ordering)) (<? unordered 1 2)))
