;; A stack, as a record type the importer never sees directly.
(define-library (stack core)
  (import (scheme base) (util counter))
  (export make-stack push! pop! stack-size (rename stack-items items) with-stack)
  (begin
    (define-record-type stack (mk items) stack? (items stack-items set-items!))
    (define (make-stack) (mk '()))
    (define (push! s x) (set-items! s (cons x (stack-items s))) (tick!))
    (define (pop! s)
      (let ((x (car (stack-items s))))
        (set-items! s (cdr (stack-items s)))
        (tick!)
        x))
    ;; `length` is shadowed here only.
    (define (length l) (if (null? l) 0 (+ 1 (length (cdr l)))))
    (define (stack-size s) (length (stack-items s)))
    ;; The template refers to `make-stack` and `stack-size` of this library, wherever it is used.
    (define-syntax with-stack
      (syntax-rules () ((_ s body ...) (let ((s (make-stack))) body ... (stack-size s)))))))
