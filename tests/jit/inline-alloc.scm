; Inline allocation in compiled code (pairs, list, vector, make-vector of a constant length,
; boxes, closures, flonums) agrees with the interpreter, keeps every object it needs alive
; (under --gc-stress every allocation collects), and obeys list/vector/make-vector being
; redefined after the code got hot.
(define (warm f . args)
  (let loop ((i 0))
    (if (< i 1100)
        (begin (apply f args) (loop (+ i 1))))))

; Nested fresh objects: each inner result only in a local until the outer one takes it.
(define (tree n)
  (if (= n 0)
      (list 'leaf (vector n (cons n n)) (make-vector 2 (list n)))
      (cons (tree (- n 1)) (list n (tree (- n 1)) (vector (cons n '()) (list n n))))))
(define (count t)
  (cond ((pair? t) (+ (count (car t)) (count (cdr t))))
        ((vector? t) (let loop ((i 0) (s 1))
                       (if (= i (vector-length t)) s (loop (+ i 1) (+ s (count (vector-ref t i)))))))
        (else 1)))
(define (lists a b c d e f)
  (list (list a) (list a b) (list a b c) (list a b c d) (list a b c d e) (list a b c d e f)))
(define (vectors a b c d e f)
  (list (vector a) (vector a b c) (vector a b c d e f) (make-vector 0 a) (make-vector 3)
        (make-vector 12 (cons a b)) (make-vector 62 f)))
; A let-bound fresh pair, captured and assigned (boxed), and closures of every size.
(define (boxes n)
  (let ((p (cons n n)) (q (list n)))
    (set! q (cons p q))
    (let ((get (lambda () q)) (put (lambda (x) (set! q (cons x q)))))
      (put (vector n p))
      (put (make-vector 2 p))
      (get))))
(define (adders n)
  (let loop ((i 0) (acc '()))
    (if (= i n) (map (lambda (f) (f 100)) acc)
        (loop (+ i 1) (cons (lambda (x) (+ x i n)) acc)))))
(define (many a b c d e f g h)
  (lambda () (list a b c d e f g h a b c d e f g h)))
(define (param-box x)
  (let ((f (lambda () (set! x (cons x x)) x)))
    (f) (f)))
; Flonum results boxed inline, fixnums and flonums mixed, and exact->inexact.
(define (flo x y) (list (+ x y) (- x y) (* x y) (+ (* x x) (* y y)) (exact->inexact 3) (inexact 2.5)))
(define (sum-floats n)
  (let loop ((i 0) (s 0.0))
    (if (= i n) s (loop (+ i 1) (+ s (* 0.5 (exact->inexact i)))))))

; Warmed up on small inputs (few allocations: every one collects under --gc-stress).
(define (all n)
  (list (count (tree n)) (lists 1 'b "c" #\d 5.5 '(f)) (vectors 1 2 3 4 5 6)
        (boxes 7) (adders n) ((many 1 2 3 4 5 6 7 8)) (param-box 'x)
        (flo 1.5 2.25) (flo 3 0.5) (sum-floats (* n 100))))
(warm all 0)
(write (all 6)) (newline)

; Redefined after the code is hot: compiled calls obey the new definitions at once.
(define (mk a b) (list a b))
(define (mv a) (vector a a))
(define (mm a) (make-vector 2 a))
(warm mk 1 2) (warm mv 1) (warm mm 1)
(set! list (lambda args (cons 'my-list args)))
(define (vector . args) (cons 'my-vector args))
(set! make-vector (lambda (n . fill) (list 'my-make-vector n fill)))
(write (list (mk 1 2) (mv 3) (mm 4))) (newline)
