; 2.4: datum labels in quoted literals: #n= / #n# make shared and circular constants (through
; pairs and vectors), which write prints with labels and the program can walk.
(import (scheme base) (scheme write) (scheme cxr))

(define ring '#0=(a b c . #0#))
(write ring) (newline)
(write (list (car ring) (cadddr ring) (eq? ring (cdddr ring)))) (newline)
(define shared '(#1=(1 2) #1# #1#))
(write (list (eq? (car shared) (cadr shared)) (eq? (cadr shared) (caddr shared)))) (newline)
(write shared) (newline)
(write-shared shared) (newline)
(define self-vector '#2=#(x #2# y))
(write self-vector) (newline)
(write (eq? self-vector (vector-ref self-vector 1))) (newline)
(define mixed '#3=(top #4=#(#3# #4#) . #4#))
(write mixed) (newline)
(write (list (eq? (vector-ref (cadr mixed) 0) mixed) (eq? (cddr mixed) (cadr mixed)))) (newline)
; A label in a tail: the cycle returns to the second pair.
(define lasso '(start . #5=(loop . #5#)))
(write lasso) (newline)
(write (eq? (cdr lasso) (cddr lasso))) (newline)
; The same literal in a procedure: compiled code sees the one constant.
(define (ring-ref k) (let loop ((l '#6=(0 1 2 . #6#)) (k k)) (if (= k 0) (car l) (loop (cdr l) (- k 1)))))
(write (map ring-ref '(0 1 2 3 4 100))) (newline)
(define (same-twice) '(#7=(p q) #7#))
(write (eq? (car (same-twice)) (cadr (same-twice)))) (newline)
; display terminates too.
(display '#8=(x . #8#)) (newline)
; In program text a label means its datum.
(write (+ #9=(* 2 3) #9#)) (newline)
; In a quasiquote template a labelled part is filled in at each of its places.
(write (let ((x 1)) `(#10=(a ,x) #10#))) (newline)
; A macro's pattern sees a labelled part as its datum.
(define-syntax swap (syntax-rules () ((_ (a b)) (list 'b 'a))))
(write (swap #11=(p q))) (newline)
