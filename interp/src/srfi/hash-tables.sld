;; Hash tables, the procedures of SRFI 69 and SRFI 125 (both re-export from here), on the native
;; tables of hash_tables.rs. A table whose equivalence is not one of eq? eqv? equal? string=?
;; string-ci=? (char=? counts as eqv?) is "custom": the native table maps each hash value (by
;; eqv?) to an alist bucket searched with the user's equality, and `%hash-table-custom` gives
;; #(equality hash count).
(define-library (kiln hash-tables)
  (import (scheme base) (scheme case-lambda) (scheme char) (srfi 128))
  (export make-hash-table hash-table hash-table-unfold alist->hash-table
          (rename %hash-table? hash-table?) hash-table-contains? hash-table-exists?
          hash-table-empty? hash-table=? (rename %hash-table-mutable? hash-table-mutable?)
          hash-table-ref hash-table-ref/default
          hash-table-set! hash-table-delete! hash-table-intern! hash-table-update!
          hash-table-update!/default hash-table-pop! hash-table-clear!
          hash-table-size hash-table-keys hash-table-values hash-table-entries
          hash-table-find hash-table-count
          hash-table-map hash-table-for-each hash-table-walk hash-table-map! hash-table-map->list
          hash-table-fold hash-table-prune!
          hash-table-copy hash-table-copy/mutable hash-table-empty-copy hash-table->alist
          hash-table-union! hash-table-merge! hash-table-intersection! hash-table-difference!
          hash-table-xor!
          (rename %equal-hash hash) (rename %string-hash string-hash)
          (rename %string-ci-hash string-ci-hash) (rename %eq-hash hash-by-identity)
          hash-table-equivalence-function hash-table-hash-function)
  (begin
    (define missing (list 'missing))

    (define (custom t) (%hash-table-custom t))
    (define (bucket t c key) (%hash-table-ref t ((vector-ref c 1) key) '()))
    (define (entry c key b)
      (let ((same (vector-ref c 0)))
        (let loop ((b b))
          (cond ((null? b) #f) ((same key (caar b)) (car b)) (else (loop (cdr b)))))))

    (define (kind-of equality)
      (cond ((eq? equality equal?) 'equal) ((eq? equality eqv?) 'eqv) ((eq? equality eq?) 'eq)
            ((eq? equality string=?) 'string) ((eq? equality string-ci=?) 'string-ci)
            ((eq? equality char=?) 'eqv) (else #f)))

    (define (new who equality hash capacity)
      (let ((kind (kind-of equality)))
        (cond (kind (%make-hash-table kind capacity))
              ((procedure? hash) (%make-hash-table 'custom capacity (vector equality hash 0)))
              (else (error (string-append who ": this equality needs a hash function")
                           equality)))))

    ;; The table a constructor's arguments describe: a comparator, or an equality predicate and
    ;; an optional hash function (SRFI 69 style); then an optional initial size.
    (define (table-from who args)
      (let* ((cmp? (and (pair? args) (comparator? (car args))))
             (equality (cond (cmp? (comparator-equality-predicate (car args)))
                             ((pair? args) (car args))
                             (else equal?)))
             (rest (if (pair? args) (cdr args) '()))
             (hash (cond (cmp? (and (comparator-hashable? (car args))
                                    (comparator-hash-function (car args))))
                         ((and (pair? rest) (procedure? (car rest))) (car rest))
                         (else #f)))
             (rest (if (and (not cmp?) (pair? rest) (procedure? (car rest))) (cdr rest) rest))
             (size (and (pair? rest) (exact-integer? (car rest)) (car rest))))
        (unless (procedure? equality)
          (error (string-append who ": expected a comparator or an equality predicate")
                 equality))
        (new who equality hash (or size 8))))

    (define (make-hash-table . args) (table-from "make-hash-table" args))

    (define (hash-table comparator . kvs)
      (let ((t (table-from "hash-table" (list comparator))))
        (let loop ((kvs kvs))
          (cond ((null? kvs) t)
                ((null? (cdr kvs)) (error "hash-table: a key without a value" (car kvs)))
                (else (unless (hash-table-contains? t (car kvs))
                        (hash-table-set! t (car kvs) (cadr kvs)))
                      (loop (cddr kvs)))))))

    (define (hash-table-unfold stop? mapper successor seed comparator . args)
      (let ((t (table-from "hash-table-unfold" (cons comparator args))))
        (let loop ((seed seed))
          (if (stop? seed)
              t
              (call-with-values (lambda () (mapper seed))
                (lambda (k v) (hash-table-set! t k v) (loop (successor seed))))))))

    (define (alist->hash-table alist . args)
      (let ((t (table-from "alist->hash-table" args)))
        (for-each (lambda (p) (unless (hash-table-contains? t (car p))
                                (hash-table-set! t (car p) (cdr p))))
                  alist)
        t))

    (define (ref t key)
      (let ((c (custom t)))
        (if c
            (let ((e (entry c key (bucket t c key)))) (if e (cdr e) missing))
            (%hash-table-ref t key missing))))

    (define (hash-table-contains? t key) (not (eq? (ref t key) missing)))
    (define hash-table-exists? hash-table-contains?)
    (define (hash-table-empty? t) (= 0 (hash-table-size t)))

    (define hash-table-ref
      (case-lambda
        ((t key)
         (let ((v (ref t key)))
           (if (eq? v missing) (error "hash-table-ref: no value for key" key) v)))
        ((t key failure)
         (let ((v (ref t key))) (if (eq? v missing) (failure) v)))
        ((t key failure success)
         (let ((v (ref t key))) (if (eq? v missing) (failure) (success v))))))

    (define (hash-table-ref/default t key default)
      (if (custom t)
          (let ((v (ref t key))) (if (eq? v missing) default v))
          (%hash-table-ref t key default)))

    (define (custom-set! t c key value)
      (unless (%hash-table-mutable? t) (error "hash-table-set!: the hash table is immutable" t))
      (let* ((h ((vector-ref c 1) key))
             (b (%hash-table-ref t h '()))
             (e (entry c key b)))
        (if e
            (set-cdr! e value)
            (begin (%hash-table-set! t h (cons (cons key value) b))
                   (vector-set! c 2 (+ (vector-ref c 2) 1))))))

    (define (hash-table-set! t . kvs)
      (let ((c (custom t)))
        (if c
            (let loop ((kvs kvs))
              (cond ((null? kvs))
                    ((null? (cdr kvs)) (error "hash-table-set!: a key without a value" (car kvs)))
                    (else (custom-set! t c (car kvs) (cadr kvs)) (loop (cddr kvs)))))
            (apply %hash-table-set! t kvs))))

    (define (custom-delete! t c key)
      (let* ((h ((vector-ref c 1) key))
             (b (%hash-table-ref t h '()))
             (e (entry c key b)))
        (cond ((not e) 0)
              (else
               (let ((rest (let loop ((b b))
                             (cond ((eq? (car b) e) (cdr b)) (else (cons (car b) (loop (cdr b))))))))
                 (if (null? rest) (%hash-table-delete! t h) (%hash-table-set! t h rest))
                 (vector-set! c 2 (- (vector-ref c 2) 1))
                 1)))))

    (define (hash-table-delete! t . keys)
      (let ((c (custom t)))
        (if c
            (let loop ((keys keys) (n 0))
              (if (null? keys) n (loop (cdr keys) (+ n (custom-delete! t c (car keys))))))
            (apply %hash-table-delete! t keys))))

    (define (hash-table-intern! t key failure)
      (let ((v (ref t key)))
        (if (eq? v missing)
            (let ((v (failure))) (hash-table-set! t key v) v)
            v)))

    (define hash-table-update!
      (case-lambda
        ((t key updater) (hash-table-set! t key (updater (hash-table-ref t key))))
        ((t key updater failure) (hash-table-set! t key (updater (hash-table-ref t key failure))))
        ((t key updater failure success)
         (hash-table-set! t key (updater (hash-table-ref t key failure success))))))

    (define (hash-table-update!/default t key updater default)
      (hash-table-set! t key (updater (hash-table-ref/default t key default))))

    (define (hash-table-size t)
      (let ((c (custom t))) (if c (vector-ref c 2) (%hash-table-size t))))

    ;; Every entry as (key . value), in table order.
    (define (alist t)
      (let ((c (custom t)))
        (if c
            (apply append (%hash-table-values t))
            (let ((kv (%hash-table-entries t)))
              (let loop ((i (- (vector-length (car kv)) 1)) (acc '()))
                (if (< i 0)
                    acc
                    (loop (- i 1) (cons (cons (vector-ref (car kv) i) (vector-ref (cdr kv) i))
                                        acc))))))))

    (define (hash-table->alist t) (map (lambda (p) (cons (car p) (cdr p))) (alist t)))
    (define (hash-table-keys t) (if (custom t) (map car (alist t)) (%hash-table-keys t)))
    (define (hash-table-values t) (if (custom t) (map cdr (alist t)) (%hash-table-values t)))
    (define (hash-table-entries t)
      (let ((a (alist t))) (values (map car a) (map cdr a))))

    (define (hash-table-pop! t)
      (let ((a (alist t)))
        (when (null? a) (error "hash-table-pop!: the hash table is empty" t))
        (hash-table-delete! t (caar a))
        (values (caar a) (cdar a))))

    (define (hash-table-clear! t)
      (%hash-table-clear! t)
      (let ((c (custom t))) (when c (vector-set! c 2 0))))

    (define (hash-table-find proc t failure)
      (let loop ((a (alist t)))
        (if (null? a)
            (failure)
            (or (proc (caar a) (cdar a)) (loop (cdr a))))))

    (define (hash-table-count pred t)
      (let loop ((a (alist t)) (n 0))
        (cond ((null? a) n)
              ((pred (caar a) (cdar a)) (loop (cdr a) (+ n 1)))
              (else (loop (cdr a) n)))))

    (define (hash-table-map proc comparator t)
      (let ((new (table-from "hash-table-map" (list comparator))))
        (for-each (lambda (p) (hash-table-set! new (car p) (proc (cdr p)))) (alist t))
        new))

    ;; SRFI 125 takes (proc table); SRFI 69's hash-table-walk (and deprecated uses) (table proc).
    (define (hash-table-for-each a b)
      (let-values (((proc t) (if (%hash-table? a) (values b a) (values a b))))
        (for-each (lambda (p) (proc (car p) (cdr p))) (alist t))))
    (define (hash-table-walk t proc) (hash-table-for-each proc t))

    (define (hash-table-map! proc t)
      (for-each (lambda (p) (hash-table-set! t (car p) (proc (car p) (cdr p)))) (alist t)))

    (define (hash-table-map->list proc t)
      (map (lambda (p) (proc (car p) (cdr p))) (alist t)))

    ;; SRFI 125: (kons knil table); SRFI 69: (table kons knil).
    (define (hash-table-fold a b c)
      (let-values (((kons knil t) (if (%hash-table? a) (values b c a) (values a b c))))
        (let loop ((l (alist t)) (acc knil))
          (if (null? l) acc (loop (cdr l) (kons (caar l) (cdar l) acc))))))

    (define (hash-table-prune! proc t)
      (for-each (lambda (p) (when (proc (car p) (cdr p)) (hash-table-delete! t (car p))))
                (alist t)))

    ;; SRFI 125: a copy is immutable unless mutable? is true. SRFI 69 knows no immutable
    ;; tables: its copies are mutable (`hash-table-copy/mutable`, exported under its name).
    (define (hash-table-copy/mutable t) (hash-table-copy t #t))
    (define (hash-table-copy t . mutable)
      (let ((mutable? (and (pair? mutable) (car mutable))))
        (if (custom t)
            (let ((new (hash-table-empty-copy t)))
              (for-each (lambda (p) (hash-table-set! new (car p) (cdr p))) (alist t))
              (if mutable? new (%hash-table-copy new #f)))
            (%hash-table-copy t mutable?))))

    (define (hash-table-empty-copy t)
      (let ((c (custom t)))
        (if c
            (%make-hash-table 'custom 8 (vector (vector-ref c 0) (vector-ref c 1) 0))
            (%hash-table-empty-copy t))))

    (define (hash-table=? value-comparator a b)
      (and (= (hash-table-size a) (hash-table-size b))
           (let loop ((l (alist a)))
             (or (null? l)
                 (let ((v (ref b (caar l))))
                   (and (not (eq? v missing))
                        (=? value-comparator (cdar l) v)
                        (loop (cdr l))))))))

    (define (hash-table-union! a b)
      (for-each (lambda (p) (unless (hash-table-contains? a (car p))
                              (hash-table-set! a (car p) (cdr p))))
                (alist b))
      a)
    (define hash-table-merge! hash-table-union!)
    (define (hash-table-intersection! a b)
      (for-each (lambda (p) (unless (hash-table-contains? b (car p)) (hash-table-delete! a (car p))))
                (alist a))
      a)
    (define (hash-table-difference! a b)
      (for-each (lambda (p) (when (hash-table-contains? b (car p)) (hash-table-delete! a (car p))))
                (alist a))
      a)
    (define (hash-table-xor! a b)
      (for-each (lambda (p) (if (hash-table-contains? a (car p))
                                (hash-table-delete! a (car p))
                                (hash-table-set! a (car p) (cdr p))))
                (alist b))
      a)

    (define (hash-table-equivalence-function t)
      (let ((c (custom t)))
        (if c
            (vector-ref c 0)
            (case (%hash-table-kind t)
              ((eq) eq?) ((eqv) eqv?) ((equal) equal?) ((string) string=?) (else string-ci=?)))))

    (define (hash-table-hash-function t)
      (let ((c (custom t)))
        (if c
            (vector-ref c 1)
            (case (%hash-table-kind t)
              ((eq) %eq-hash) ((eqv) %eqv-hash) ((equal) %equal-hash) ((string) %string-hash)
              (else %string-ci-hash)))))))
