; 4.3.2: basic syntax-rules patterns: fixed, ellipsis, dotted tails, vectors, underscore.
(import (scheme base) (scheme write))

(define-syntax swap!
  (syntax-rules ()
    ((_ a b) (let ((tmp a)) (set! a b) (set! b tmp)))))
(define p 1)
(define q 2)
(swap! p q)
(write (list p q)) (newline)
(define-syntax my-list-of-firsts
  (syntax-rules ()
    ((_ (a b ...) ...) '(a ...))))
(write (my-list-of-firsts (1 2 3) (4) (5 6))) (newline)
;; Ellipsis followed by more pattern elements (R7RS allows P ... Pk).
(define-syntax last-of
  (syntax-rules ()
    ((_ x ... y) 'y)))
(write (last-of 1 2 3 4)) (newline)
;; Dotted pattern tail.
(define-syntax dot-tail
  (syntax-rules ()
    ((_ a . rest) '(a rest))))
(write (dot-tail 1 2 3)) (newline)
;; Vector patterns.
(define-syntax vec-sum
  (syntax-rules ()
    ((_ #(x ...)) (+ x ...))))
(write (vec-sum #(1 2 3 4))) (newline)
;; Underscore matches anything and binds nothing.
(define-syntax second
  (syntax-rules ()
    ((_ _ b . _) b)))
(write (second 1 2 3 4)) (newline)
;; Multiple rules tried in order; literal data in patterns.
(define-syntax describe
  (syntax-rules ()
    ((_ ()) 'empty)
    ((_ (x)) 'one)
    ((_ (x y)) 'two)
    ((_ x) 'many)))
(write (list (describe ()) (describe (a)) (describe (a b)) (describe (a b c)))) (newline)
;; A macro that expands into a definition.
(define-syntax define-getter
  (syntax-rules ()
    ((_ name val) (define (name) val))))
(define-getter get-five 5)
(write (get-five)) (newline)
;; Template that produces a string and a number literal.
(define-syntax const-pair (syntax-rules () ((_) (cons "s" 1))))
(write (const-pair)) (newline)
;; while loop macro.
(define-syntax while
  (syntax-rules ()
    ((_ cond body ...) (let lp () (when cond body ... (lp))))))
(define i 0)
(define total 0)
(while (< i 5) (set! total (+ total i)) (set! i (+ i 1)))
(write total) (newline)
