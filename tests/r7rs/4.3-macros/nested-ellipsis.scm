; 4.3.2: nested ellipses in patterns and templates.
(import (scheme base) (scheme write))

(define-syntax my-let*
  (syntax-rules ()
    ((_ () body ...) (let () body ...))
    ((_ ((n v) rest ...) body ...) (let ((n v)) (my-let* (rest ...) body ...)))))
(write (my-let* ((a 1) (b (+ a 1)) (c (* b 10))) (list a b c))) (newline)
;; Two-level ellipsis: a table of rows.
(define-syntax table
  (syntax-rules ()
    ((_ (name val ...) ...) '((name (val ...) (+ val ...)) ...))))
(write (table (a 1 2) (b) (c 3))) (newline)
;; Flatten one level in the template.
(define-syntax flat
  (syntax-rules ()
    ((_ (x ...) ...) '(x ... ...))))
(write (flat (1 2) () (3) (4 5 6))) (newline)
;; Three levels deep, partially flattened.
(define-syntax deep
  (syntax-rules ()
    ((_ ((a ...) ...) ...) '((a ... ...) ...))))
(write (deep ((1 2) (3)) () ((4) () (5 6)))) (newline)
;; my-cond implemented with nested ellipses.
(define-syntax my-cond
  (syntax-rules (else)
    ((_ (else e ...)) (begin e ...))
    ((_ (c e ...) clause ...) (if c (begin e ...) (my-cond clause ...)))))
(write (my-cond (#f 1) ((= 1 2) 2) (else 3 4))) (newline)
;; A let-values-like macro with nested binding lists executed at runtime.
(define-syntax sum-groups
  (syntax-rules ()
    ((_ (x ...) ...) (list (+ x ...) ...))))
(write (sum-groups (1 2 3) (10 20) ())) (newline)
