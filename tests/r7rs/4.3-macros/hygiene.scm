; 4.3: hygiene in both directions.
(import (scheme base) (scheme write))

;; 1. Bindings introduced by a macro do not capture user identifiers.
(define-syntax my-or
  (syntax-rules ()
    ((_) #f)
    ((_ e) e)
    ((_ e r ...) (let ((temp e)) (if temp temp (my-or r ...))))))
(define temp 5)
(write (my-or #f temp)) (newline)
(write (let ((x #f) (y 7) (temp 8)) (my-or x temp y))) (newline)
;; 2. Free identifiers in a template refer to the macro-definition environment,
;;    even when the use site rebinds them.
(write (let ((if list)) (my-or #f 'ok))) (newline)
(define (helper x) (* x 100))
(define-syntax call-helper
  (syntax-rules () ((_ v) (helper v))))
(write (let ((helper (lambda (x) 'wrong))) (call-helper 3))) (newline)
;; The R7RS example: `=>` and `if` captured locally don't break the expansion.
(write (let ((=> #f)) (cond (#t => 'ok)))) (newline)
;; 3. swap! using a temporary named like the user's variable.
(define-syntax swap!
  (syntax-rules ()
    ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))
(define tmp 1)
(define other 2)
(swap! tmp other)
(write (list tmp other)) (newline)
;; 4. A macro defined inside a scope captures that scope's binding.
(define z 'global)
(define result
  (let ((z 'local))
    (let-syntax ((get-z (syntax-rules () ((_) z))))
      (let ((z 'inner))
        (get-z)))))
(write result) (newline)
;; 5. A macro-introduced top-level-style loop variable does not shadow the user's.
(define-syntax repeat
  (syntax-rules ()
    ((_ n body ...) (let loop ((i 0)) (when (< i n) body ... (loop (+ i 1)))))))
(define i 100)
(define seen '())
(repeat 3 (set! seen (cons i seen)))
(write seen) (newline)
