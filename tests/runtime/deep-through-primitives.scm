; Non-tail recursion 1,000,000 deep *through* the primitives that call procedures: each level
; calls the next from inside map, dynamic-wind, with-exception-handler (its thunk, and a
; handler called by raise-continuable), guard, force, call-with-values, vector-map, for-each,
; string-for-each, call/cc and parameterize (and eval, 10,000 deep: each eval expands and
; analyses a form). They call procedures from continuation frames of the stackless interpreter
; (vm/kont.rs), so the depth is bounded by memory only, with the JIT off or on.
(import (scheme base) (scheme write) (scheme lazy) (scheme eval) (scheme repl))

(define n 1000000)
(define (show name v) (write (list name v)) (newline))

(define (via-map k) (if (= k 0) 0 (+ 1 (car (map via-map (list (- k 1)))))))
(show 'map (via-map n))
; Not through `apply`: compiled code's non-tail `(apply f args)` still nests natively (README,
; "Recursion depth"), so under the JIT it overflows long before 1,000,000.
(define (via-wind k)
  (if (= k 0) 0 (+ 1 (dynamic-wind (lambda () #f) (lambda () (via-wind (- k 1))) (lambda () #f)))))
(show 'dynamic-wind (via-wind n))
(define (via-handler k)
  (if (= k 0) 0 (+ 1 (with-exception-handler (lambda (e) e) (lambda () (via-handler (- k 1)))))))
(show 'with-exception-handler (via-handler n))
(define (via-raise k)
  (if (= k 0)
      0
      (+ 1 (with-exception-handler (lambda (e) (via-raise (- k 1)))
                                   (lambda () (raise-continuable 'again))))))
(show 'raise-continuable (via-raise n))
(define (via-guard k) (if (= k 0) 0 (+ 1 (guard (e (#t (via-guard (- k 1)))) (raise 'x)))))
(show 'guard (via-guard n))
(define (via-force k) (if (= k 0) 0 (+ 1 (force (delay (via-force (- k 1)))))))
(show 'force (via-force n))
(define (via-values k)
  (if (= k 0) 0 (+ 1 (call-with-values (lambda () (via-values (- k 1))) (lambda (x) x)))))
(show 'call-with-values (via-values n))
(define (via-vector-map k)
  (if (= k 0) 0 (+ 1 (vector-ref (vector-map via-vector-map (vector (- k 1))) 0))))
(show 'vector-map (via-vector-map n))
(define (via-for-each k)
  (if (= k 0)
      0
      (let ((r 0))
        (for-each (lambda (x) (set! r (+ 1 (via-for-each x)))) (list (- k 1)))
        r)))
(show 'for-each (via-for-each n))
(define (via-string-for-each k)
  (if (= k 0)
      0
      (let ((r 0))
        (string-for-each (lambda (c) (set! r (+ 1 (via-string-for-each (- k 1))))) "x")
        r)))
(show 'string-for-each (via-string-for-each n))
(define (via-call/cc k) (if (= k 0) 0 (+ 1 (call/cc (lambda (c) (via-call/cc (- k 1)))))))
(show 'call/cc (via-call/cc n))
(define p (make-parameter 0))
(define (via-parameterize k)
  (if (= k 0) (p) (+ 1 (parameterize ((p k)) (via-parameterize (- k 1))))))
(show 'parameterize (via-parameterize n))
(define (via-eval k)
  (if (= k 0) 0 (+ 1 (eval (list 'via-eval (- k 1)) (interaction-environment)))))
(show 'eval (via-eval 10000))
;; A recursive tree walk that recurses through map, 1,000,000 levels deep, and its unwinding
;; through dynamic-wind: every after thunk runs once, innermost first.
(define (chain k) (if (= k 0) '() (list (chain (- k 1)))))
(define (tree-depth t) (if (null? t) 0 (+ 1 (apply max (map tree-depth t)))))
(show 'tree-walk (tree-depth (chain n)))
(define afters 0)
(define (unwind-through k)
  (if (= k 0)
      (raise 'bottom)
      (dynamic-wind (lambda () #f)
                    (lambda () (unwind-through (- k 1)))
                    (lambda () (set! afters (+ afters 1))))))
(show 'unwound (guard (e ((eq? e 'bottom) afters)) (unwind-through n)))
