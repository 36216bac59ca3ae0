;; Every name each built-in SRFI's document defines (its index of procedures, constants and
;; syntax), checked to be exported and bound: a procedure or constant evaluates in an
;; environment of that SRFI alone; a syntax keyword's example expands and runs in one of the
;; SRFI and (scheme base).
;; The same table is the export list's specification: interp/src/srfi/documents.rs checks that
;; each library exports exactly these names, no more.
(import (scheme base) (scheme write) (scheme eval))

(define (check library names syntax)
  (let ((alone (environment library))
        (with-base (environment '(scheme base) library))
        (failures '()))
    (define (try what thunk)
      (guard (e (#t (set! failures (cons what failures))))
        (thunk)))
    (for-each (lambda (name) (try name (lambda () (eval name alone)))) names)
    (for-each (lambda (use) (try (car use) (lambda () (eval (cadr use) with-base)))) syntax)
    (write library)
    (display (if (null? failures) ": ok " ": MISSING "))
    (write (if (null? failures) (+ (length names) (length syntax)) (reverse failures)))
    (newline)))

(check '(srfi 1)
       '(cons list xcons cons* make-list list-tabulate list-copy circular-list iota
         pair? null? proper-list? circular-list? dotted-list? not-pair? null-list? list=
         car cdr caar cadr cdar cddr caaar caadr cadar caddr cdaar cdadr cddar cdddr
         caaaar caaadr caadar caaddr cadaar cadadr caddar cadddr
         cdaaar cdaadr cdadar cdaddr cddaar cddadr cdddar cddddr list-ref
         first second third fourth fifth sixth seventh eighth ninth tenth car+cdr
         take drop take-right drop-right take! drop-right! split-at split-at! last last-pair
         length length+ append concatenate reverse append! concatenate! reverse!
         append-reverse append-reverse! zip unzip1 unzip2 unzip3 unzip4 unzip5 count
         map for-each fold unfold pair-fold reduce fold-right unfold-right pair-fold-right
         reduce-right append-map append-map! map! pair-for-each filter-map map-in-order
         filter partition remove filter! partition! remove!
         member memq memv find find-tail any every list-index take-while drop-while
         take-while! span break span! break!
         delete delete-duplicates delete! delete-duplicates!
         assoc assq assv alist-cons alist-copy alist-delete alist-delete!
         lset<= lset= lset-adjoin lset-union lset-union! lset-intersection
         lset-intersection! lset-difference lset-difference! lset-xor lset-xor!
         lset-diff+intersection lset-diff+intersection!
         set-car! set-cdr!)
       '())

(check '(srfi 2) '() '((and-let* (and-let* ((x 1) ((> x 0))) x))))

(check '(srfi 8) '() '((receive (receive (a . rest) (values 1 2 3) (list a rest)))))

;; <> and <...> are the slots of cut's grammar, exported as auxiliary syntax (like else).
(check '(srfi 26) '()
       '((cut ((cut cons 1 <>) 2)) (cute ((cute list 1 <...>) 2 3))
         (<> ((cut list <> <>) 1 2)) (<...> ((cut list <...>) 1 2))))

(check '(srfi 28) '(format) '())

(check '(srfi 69)
       '(make-hash-table hash-table? alist->hash-table hash-table-equivalence-function
         hash-table-hash-function hash-table-ref hash-table-ref/default hash-table-set!
         hash-table-delete! hash-table-exists? hash-table-update! hash-table-update!/default
         hash-table-size hash-table-keys hash-table-values hash-table-walk hash-table-fold
         hash-table->alist hash-table-copy hash-table-merge!
         hash string-hash string-ci-hash hash-by-identity)
       '())

(check '(srfi 125)
       '(make-hash-table hash-table hash-table-unfold alist->hash-table
         hash-table? hash-table-contains? hash-table-exists? hash-table-empty? hash-table=?
         hash-table-mutable?
         hash-table-ref hash-table-ref/default
         hash-table-set! hash-table-delete! hash-table-intern! hash-table-update!
         hash-table-update!/default hash-table-pop! hash-table-clear!
         hash-table-size hash-table-keys hash-table-values hash-table-entries hash-table-find
         hash-table-count
         hash-table-map hash-table-for-each hash-table-walk hash-table-map! hash-table-map->list
         hash-table-fold hash-table-prune!
         hash-table-copy hash-table-empty-copy hash-table->alist
         hash-table-union! hash-table-merge! hash-table-intersection! hash-table-difference!
         hash-table-xor!
         hash string-hash string-ci-hash hash-by-identity hash-table-equivalence-function
         hash-table-hash-function)
       '())

(check '(srfi 128)
       '(comparator? comparator-ordered? comparator-hashable?
         make-comparator make-pair-comparator make-list-comparator make-vector-comparator
         make-eq-comparator make-eqv-comparator make-equal-comparator
         boolean-hash char-hash char-ci-hash string-hash string-ci-hash symbol-hash number-hash
         hash-bound hash-salt
         make-default-comparator default-hash comparator-register-default!
         comparator-type-test-predicate comparator-equality-predicate
         comparator-ordering-predicate comparator-hash-function comparator-test-type
         comparator-check-type comparator-hash
         =? <? >? <=? >=?)
       '((comparator-if<=> (comparator-if<=> 1 2 'less 'equal 'greater))))

(check '(srfi 132)
       '(list-sorted? vector-sorted? list-sort list-stable-sort list-sort! list-stable-sort!
         vector-sort vector-stable-sort vector-sort! vector-stable-sort!
         list-merge list-merge! vector-merge vector-merge!
         list-delete-neighbor-dups list-delete-neighbor-dups!
         vector-delete-neighbor-dups vector-delete-neighbor-dups!
         vector-find-median vector-find-median! vector-select! vector-separate!)
       '())

(check '(srfi 133)
       '(make-vector vector vector-unfold vector-unfold-right vector-copy vector-reverse-copy
         vector-append vector-concatenate vector-append-subvectors
         vector? vector-empty? vector=
         vector-ref vector-length
         vector-fold vector-fold-right vector-map vector-map! vector-for-each vector-count
         vector-cumulate
         vector-index vector-index-right vector-skip vector-skip-right vector-binary-search
         vector-any vector-every vector-partition
         vector-set! vector-swap! vector-fill! vector-reverse! vector-copy!
         vector-reverse-copy! vector-unfold! vector-unfold-right!
         vector->list reverse-vector->list list->vector reverse-list->vector
         vector->string string->vector)
       '())

(check '(srfi 143)
       '(fx-width fx-greatest fx-least
         fixnum? fx=? fx<? fx>? fx<=? fx>=? fxzero? fxpositive? fxnegative? fxodd? fxeven?
         fxmax fxmin
         fx+ fx- fxneg fx* fxquotient fxremainder fxabs fxsquare fxsqrt
         fx+/carry fx-/carry fx*/carry
         fxnot fxand fxior fxxor fxarithmetic-shift fxarithmetic-shift-left
         fxarithmetic-shift-right fxbit-count fxlength fxif fxbit-set? fxcopy-bit
         fxfirst-set-bit fxbit-field fxbit-field-rotate fxbit-field-reverse)
       '())

(check '(srfi 151)
       '(bitwise-not bitwise-and bitwise-ior bitwise-xor bitwise-eqv bitwise-nand bitwise-nor
         bitwise-andc1 bitwise-andc2 bitwise-orc1 bitwise-orc2
         arithmetic-shift bit-count integer-length bitwise-if
         bit-set? copy-bit bit-swap any-bit-set? every-bit-set? first-set-bit
         bit-field bit-field-any? bit-field-every? bit-field-clear bit-field-set
         bit-field-replace bit-field-replace-same bit-field-rotate bit-field-reverse
         bits->list list->bits bits->vector vector->bits bits
         bitwise-fold bitwise-for-each bitwise-unfold make-bitwise-generator)
       '())
