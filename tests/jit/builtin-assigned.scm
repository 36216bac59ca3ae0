; Compiled code must obey a built-in that is assigned after the code got hot: the inline fast
; path of a primitive may only run while the global still holds that primitive, and the slow
; path must call what the global holds now (not the primitive seen at compile time).
(define (warm f . args)
  (let loop ((i 0))
    (if (< i 3000)
        (begin (apply f args) (loop (+ i 1))))))

(define (add a b) (+ a b))
(define (sub a b) (- a b))
(define (first p) (car p))
(define (ref v i) (vector-ref v i))
(define (empty? x) (null? x))
(define (less? a b) (< a b))

(warm add 1 2)
(warm sub 5 3)
(warm first '(1 2))
(warm ref (vector 1 2) 0)
(warm empty? '())
(warm less? 1 2)

(define saved+ +)
(set! + *)
(write (list (add 3 4) (add 1.5 2.0) (add 100000000000 3) (add 1/2 4))) (newline)
(set! + (lambda (a b) (list 'plus a b)))
(write (add 3 4)) (newline)
(set! + saved+)
(write (add 3 4)) (newline)

(set! - (lambda args (cons 'minus args)))
(write (sub 10 4)) (newline)

(set! car cdr)
(write (first '(1 2 3))) (newline)

(set! vector-ref (lambda (v i) (list 'ref i)))
(write (ref (vector 7 8 9) 1)) (newline)

(set! null? pair?)
(write (list (empty? '()) (empty? '(1)))) (newline)

(set! < >)
(write (list (less? 1 2) (less? 2 1) (less? 1.5 0.5))) (newline)
