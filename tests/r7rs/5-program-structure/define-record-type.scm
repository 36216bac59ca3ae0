; 5.5: define-record-type: constructors, predicates, accessors, modifiers, distinctness.
(import (scheme base) (scheme write))

(define-record-type <pare>
  (kons x y)
  pare?
  (x kar set-kar!)
  (y kdr))
(write (pare? (kons 1 2))) (newline)
(write (pare? (cons 1 2))) (newline)
(write (kar (kons 1 2))) (newline)
(write (kdr (kons 1 2))) (newline)
(write (let ((k (kons 1 2))) (set-kar! k 3) (kar k))) (newline)
;; Constructor taking a subset of fields in a different order; other fields are settable.
(define-record-type point
  (make-point y x)
  point?
  (x point-x)
  (y point-y)
  (color point-color set-point-color!))
(define pt (make-point 2 1))
(set-point-color! pt 'red)
(write (list (point-x pt) (point-y pt) (point-color pt))) (newline)
;; Records are a distinct type from every other type and from each other.
(define-record-type <other> (make-other) other?)
(define o (make-other))
(write (list (point? o) (other? o) (pare? o)
             (vector? pt) (pair? pt) (procedure? pt) (other? pt))) (newline)
(write (map point? (list 1 "s" 'sym '() (vector 1 2) pt))) (newline)
;; Each record is a fresh object; fields are independent.
(define a (kons 'a 'b))
(define b (kons 'a 'b))
(set-kar! a 'changed)
(write (list (eq? a b) (equal? (kar a) (kar b)) (kar b))) (newline)
;; Records may hold records, closures may hold records.
(define-record-type node (make-node val next) node? (val node-val) (next node-next))
(define chain (make-node 1 (make-node 2 (make-node 3 '()))))
(define (chain->list n) (if (null? n) '() (cons (node-val n) (chain->list (node-next n)))))
(write (chain->list chain)) (newline)
;; Records defined inside a body.
(define (local-record)
  (define-record-type box (make-box v) box? (v unbox))
  (unbox (make-box 'inside)))
(write (local-record)) (newline)
