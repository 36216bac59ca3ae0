; Compiled code calling `map` or `for-each` on one list reaches their fast entries
; (interp/src/jit_glue/entry.rs), which call the procedure from Rust for each element instead
; of from a continuation frame. Results, order, escapes, errors, a list the procedure mutates,
; an improper list, a non-procedure, several lists and `values` as the producer must all be
; as in the interpreter.
(define (message thunk)
  (guard (e ((error-object? e) (list 'error (error-object-message e) (error-object-irritants e)))
            (#t (list 'raised e)))
    (thunk)))
(define seen '())
(define (squares l) (map (lambda (x) (* x x)) l))
(define (pairs a b) (map cons a b))
(define (walk l) (set! seen '()) (for-each (lambda (x) (set! seen (cons x seen))) l) seen)
(define (walk-result l) (for-each (lambda (x) x) l))
(define (escape-at l k)
  (call/cc (lambda (out) (map (lambda (x) (if (= x k) (out (list 'escaped x)) x)) l))))
(define (raise-at l k)
  (message (lambda () (map (lambda (x) (if (= x k) (raise (list 'at x)) x)) l))))
(define (mutating l)
  ; Cuts the list after the second element while walking it: the walk goes on from the rest
  ; it took before the call (as the stackless walk does).
  (map (lambda (x) (when (= x 2) (set-cdr! (cdr l) '())) (* 10 x)) l))
(define (apply-map f l) (map f l))
(define (two-values x) (values x (* 2 x)))
(define (split x) (call-with-values (lambda () (two-values x)) list))
(define (deep n) (if (= n 0) '(0) (map (lambda (x) (+ x 1)) (deep (- n 1)))))
(define (deep-through n) (if (= n 0) 0 (car (map (lambda (k) (+ 1 (deep-through k))) (list (- n 1))))))

(let loop ((i 0))
  (when (< i 1100)
    (squares '(1 2 3)) (pairs '(1 2) '(3 4)) (walk '(1 2)) (walk-result '(1))
    (escape-at '(1 2 3) 2) (raise-at '(1 2 3) 2) (mutating (list 1 2 3 4))
    (apply-map car '((1) (2))) (split i)
    (loop (+ i 1))))

(write (list (squares '()) (squares '(1 2 3)) (squares (list 1.5 100000 -3)))) (newline)
(write (pairs '(1 2 3) '(a b))) (newline)
(write (list (walk '(1 2 3)) (walk-result '(1 2)))) (newline)
(write (list (escape-at '(1 2 3) 2) (escape-at '(1 2 3) 5))) (newline)
(write (list (raise-at '(1 2 3) 3) (raise-at '(1 2 3) 7))) (newline)
(write (mutating (list 1 2 3 4 5))) (newline)
(write (list (squares '(1 2 . 3)) (walk '(4 . 5)))) (newline)
(write (message (lambda () (apply-map 5 '(1 2))))) (newline)
(write (message (lambda () (apply-map car '((1) 2))))) (newline)
(write (list (apply-map car '((1) (2) (3))) (apply-map values '(1 2)))) (newline)
(write (list (split 4) (call-with-values (lambda () (two-values 7)) +))) (newline)
(write (deep 2000)) (newline)
(write (deep-through 1000)) (newline)
