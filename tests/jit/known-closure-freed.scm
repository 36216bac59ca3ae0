; A compiled call of a global first compares the callee with the closure the global held when
; the call was compiled, and on a match calls that closure's lambda directly. Once the global is
; assigned, nothing else may reference that closure; if the collector freed it, a closure made
; later at its address would pass the comparison and run the old lambda's code (under
; --gc-stress the new closures below reuse the freed addresses). The JIT keeps every closure its
; guards compare against alive.
(define (make) (lambda (n) (if (= n 0) 'done (g (- n 1)))))
(define g (make))
(define keep (make))
(write (keep 3))
(newline)
(define (other) (lambda (n) (list 'other n)))
(define wrong 0)
(let loop ((i 0))
  (if (< i 300)
      (begin
        (set! g (other))
        (if (not (equal? (keep 1) '(other 0)))
            (set! wrong (+ wrong 1)))
        (loop (+ i 1)))))
(write (list (keep 1) 'wrong wrong))
(newline)
