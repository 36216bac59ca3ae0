; 6.4: c[ad]r compositions at 2 levels (scheme base) and 3-4 levels (scheme cxr).
(import (scheme base) (scheme write) (scheme cxr))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
;; A full binary tree 4 deep whose leaves name their access path.
(define (tree path depth)
  (if (= depth 0)
      (string->symbol (list->string (reverse path)))
      (cons (tree (cons #\a path) (- depth 1)) (tree (cons #\d path) (- depth 1)))))
(define t (tree '() 4))
;; Path spelt outermost-first: (cadr x) = (car (cdr x)) visits d then a, leaf "da".
(show (caar t) (cadr t) (cdar t) (cddr t))
(show (caaar t) (caadr t) (cadar t) (caddr t) (cdaar t) (cdadr t) (cddar t) (cdddr t))
(show (caaaar t) (caaadr t) (caadar t) (caaddr t) (cadaar t) (cadadr t) (caddar t) (cadddr t))
(show (cdaaar t) (cdaadr t) (cdadar t) (cdaddr t) (cddaar t) (cddadr t) (cdddar t) (cddddr t))
;; On ordinary lists.
(define l '(1 2 3 4 5))
(show (cadr l) (caddr l) (cadddr l) (cddddr l) (cdddr l))
(define nested '((1 2) (3 4) ((5 6) 7)))
(show (caar nested) (cadar nested) (caadr nested) (caaddr nested) (cdaddr nested))
