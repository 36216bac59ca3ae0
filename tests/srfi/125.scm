;; SRFI 125: intermediate hash tables, the procedures of its document section by section.
(import (scheme base) (scheme write) (scheme char) (srfi 125) (srfi 128))
(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(define (insert x l less)
  (cond ((null? l) (list x)) ((less x (car l)) (cons x l)) (else (cons (car l) (insert x (cdr l) less)))))
(define (sort l less) (if (null? l) '() (insert (car l) (sort (cdr l) less) less)))
(define (sorted-alist t)
  (sort (hash-table->alist t) (lambda (a b) (string<? (symbol->string (car a)) (symbol->string (car b))))))
(define sc (make-default-comparator))
(define symc (make-comparator symbol? eq? (lambda (a b) (string<? (symbol->string a) (symbol->string b))) symbol-hash))

;; Constructors.
(define t (make-hash-table symc))
(show (hash-table? t) (hash-table-empty? t) (hash-table-mutable? t))
(define h (hash-table symc 'a 1 'b 2 'c 3))
(show (sorted-alist h))
(define u (hash-table-unfold (lambda (i) (= i 5)) (lambda (i) (values i (* i i))) (lambda (i) (+ i 1)) 0
                             (make-eqv-comparator)))
(show (hash-table-size u) (hash-table-ref u 4))
(define al (alist->hash-table '((x . 1) (y . 2) (x . 3)) symc))
(show (hash-table-ref al 'x) (hash-table-size al))
(define old-style (make-hash-table string=? string-hash 100))
(hash-table-set! old-style "k" 'v)
(show (hash-table-ref/default old-style "k" #f))

;; Predicates.
(show (hash-table-contains? h 'a) (hash-table-contains? h 'z) (hash-table-exists? h 'b))
(show (hash-table-empty? h) (hash-table-empty? (make-hash-table symc)))
(show (hash-table=? (make-eqv-comparator) h (hash-table symc 'c 3 'b 2 'a 1))
      (hash-table=? (make-eqv-comparator) h (hash-table symc 'c 3 'b 2 'a 0))
      (hash-table=? (make-eqv-comparator) h (hash-table symc 'c 3 'b 2)))
(show (hash-table-mutable? (hash-table-copy h #f)) (hash-table-mutable? (hash-table-copy h #t)))

;; Accessors.
(show (hash-table-ref h 'a) (hash-table-ref h 'z (lambda () 'failed)))
(show (hash-table-ref h 'b (lambda () 'failed) (lambda (v) (* v 100))))
(show (hash-table-ref/default h 'z 'dflt))
(show (guard (e (#t 'no-key)) (hash-table-ref h 'z)))

;; Mutators.
(hash-table-set! t 'one 1 'two 2 'three 3)
(show (sorted-alist t))
(show (hash-table-delete! t 'one 'nine 'two))
(show (sorted-alist t))
(show (hash-table-intern! t 'three (lambda () 'new)) (hash-table-intern! t 'four (lambda () 4)))
(hash-table-update! t 'four (lambda (v) (+ v 1)))
(hash-table-update! t 'five (lambda (v) (+ v 1)) (lambda () 50))
(hash-table-update! t 'three (lambda (v) (list v)) (lambda () 'none) (lambda (v) (* v 2)))
(hash-table-update!/default t 'six (lambda (v) (cons 'six v)) '())
(show (sorted-alist t))
(let-values (((k v) (hash-table-pop! (hash-table symc 'only 1)))) (show k v))
(show (guard (e (#t 'empty)) (hash-table-pop! (make-hash-table symc))))
(define cl (hash-table-copy t #t))
(hash-table-clear! cl)
(show (hash-table-size cl) (hash-table-size t))
(show (guard (e (#t 'immutable)) (hash-table-set! (hash-table-copy t) 'x 1)))

;; The whole hash table.
(show (hash-table-size h))
(show (sort (hash-table-keys h) (lambda (a b) (string<? (symbol->string a) (symbol->string b)))))
(show (sort (hash-table-values h) <))
(let-values (((ks vs) (hash-table-entries h)))
  (show (sort (map (lambda (k v) (list k v)) ks vs)
              (lambda (a b) (< (cadr a) (cadr b))))))
(show (hash-table-find (lambda (k v) (and (= v 2) k)) h (lambda () 'none))
      (hash-table-find (lambda (k v) (and (= v 9) k)) h (lambda () 'none)))
(show (hash-table-count (lambda (k v) (odd? v)) h))

;; Mapping and folding.
(show (sorted-alist (hash-table-map (lambda (v) (* v 10)) symc h)))
(define sum 0)
(hash-table-for-each (lambda (k v) (set! sum (+ sum v))) h)
(show sum)
(define m (hash-table-copy h #t))
(hash-table-map! (lambda (k v) (if (eq? k 'a) 'first v)) m)
(show (sorted-alist m))
(show (sort (hash-table-map->list (lambda (k v) (* v v)) h) <))
(show (hash-table-fold (lambda (k v acc) (+ v acc)) 0 h))
(show (hash-table-fold h (lambda (k v acc) (+ v acc)) 100))
(define p (hash-table-copy h #t))
(hash-table-prune! (lambda (k v) (odd? v)) p)
(show (sorted-alist p))

;; Copying and conversion.
(show (hash-table-size (hash-table-empty-copy h)) (hash-table-mutable? (hash-table-empty-copy h)))
(show (sorted-alist h))

;; Hash tables as sets.
(define (ht . kvs) (apply hash-table symc kvs))
(show (sorted-alist (hash-table-union! (ht 'a 1 'b 2) (ht 'b 20 'c 30))))
(show (sorted-alist (hash-table-intersection! (ht 'a 1 'b 2) (ht 'b 20 'c 30))))
(show (sorted-alist (hash-table-difference! (ht 'a 1 'b 2) (ht 'b 20 'c 30))))
(show (sorted-alist (hash-table-xor! (ht 'a 1 'b 2) (ht 'b 20 'c 30))))

;; A comparator without a built-in equivalence: hashed by its own hash function.
(define ci (make-comparator string? string-ci=? string-ci<? string-ci-hash))
(define cit (make-hash-table ci))
(hash-table-set! cit "Hello" 1)
(show (hash-table-ref/default cit "HELLO" #f) (hash-table-contains? cit "hello"))
(define pc (make-pair-comparator (make-eqv-comparator) (make-eqv-comparator)))
(define pt (make-hash-table pc))
(hash-table-set! pt (cons 1 2) 'one-two (cons 3 4) 'three-four)
(hash-table-update!/default pt (cons 1 2) (lambda (v) (list v)) #f)
(show (hash-table-ref/default pt (cons 1 2) #f) (hash-table-size pt))
(show (hash-table-delete! pt (cons 3 4)) (hash-table-size pt) (hash-table-keys pt))

;; Deprecated names and hash functions.
(show (= (hash "abc") (hash (string-copy "abc"))) (= (string-ci-hash "ABC") (string-ci-hash "abc")))
(show (eq? (hash-table-equivalence-function (make-hash-table eqv?)) eqv?))
