(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; samefringe: the same-fringe problem solved with generators made of closures: each tree's
;; leaves are produced one at a time by a closure that keeps an explicit stack, and two fringes
;; are compared leaf by leaf without building them. Trees of the same fringe but different shapes
;; are generated deterministically. Stresses: closure creation and calls, set! of captured
;; variables, pairs.
(define (make-fringe-generator tree)
  (let ((stack (list tree)))
    (lambda ()
      (let loop ()
        (if (null? stack)
            'done
            (let ((t (car stack)))
              (set! stack (cdr stack))
              (cond ((pair? t) (set! stack (cons (car t) (cons (cdr t) stack))) (loop))
                    ((null? t) (loop))
                    (else t))))))))
(define (same-fringe? a b)
  (let ((ga (make-fringe-generator a)) (gb (make-fringe-generator b)))
    (let loop ()
      (let ((x (ga)) (y (gb)))
        (cond ((not (eqv? x y)) #f) ((eq? x 'done) #t) (else (loop)))))))
;; A tree of the leaves lo..hi-1, split at a point that depends on `shape`.
(define (build lo hi shape)
  (cond ((= lo hi) '())
        ((= (+ lo 1) hi) lo)
        (else (let ((mid (+ lo 1 (modulo (* shape (+ lo hi)) (- hi lo 1)))))
                (cons (build lo mid shape) (build mid hi shape))))))
(define (run n reps)
  (let loop ((r 0) (same 0))
    (if (= r reps)
        same
        (let ((a (build 0 n (+ r 1))) (b (build 0 n (+ r 2)))
              (c (build 0 (+ n 1) (+ r 3))))
          (loop (+ r 1) (+ same (if (same-fringe? a b) 1 0) (if (same-fringe? a c) 1 0)))))))
(display (bench-run (lambda () (run 2000 100)))) (newline)
