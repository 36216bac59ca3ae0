;; A last-in first-out stack in a vector that doubles when full;
;; SRFI 133 folds and counts it.
(define-library (app stack)
  (export make-stack stack-push! stack-pop! stack-peek stack-empty?
          stack-size stack->list stack-count)
  (import (scheme base) (srfi 133))
  (begin
    (define-record-type stack
      (raw-stack items size)
      stack?
      (items stack-items set-stack-items!)
      (size stack-size set-stack-size!))
    (define (make-stack) (raw-stack (make-vector 4 #f) 0))
    (define (stack-empty? s) (= (stack-size s) 0))
    (define (stack-push! s x)
      (when (= (stack-size s) (vector-length (stack-items s)))
        (let ((bigger (make-vector (* 2 (stack-size s)) #f)))
          (vector-copy! bigger 0 (stack-items s))
          (set-stack-items! s bigger)))
      (vector-set! (stack-items s) (stack-size s) x)
      (set-stack-size! s (+ 1 (stack-size s))))
    (define (stack-peek s)
      (when (stack-empty? s)
        (error "stack-peek: the stack is empty"))
      (vector-ref (stack-items s) (- (stack-size s) 1)))
    (define (stack-pop! s)
      (let ((x (stack-peek s)))
        (set-stack-size! s (- (stack-size s) 1))
        ;; Let the collector have what was popped.
        (vector-set! (stack-items s) (stack-size s) #f)
        x))
    (define (live s) (vector-copy (stack-items s) 0 (stack-size s)))
    ;; The items, top first.
    (define (stack->list s)
      (vector-fold (lambda (acc x) (cons x acc)) '() (live s)))
    (define (stack-count pred s) (vector-count pred (live s)))))
