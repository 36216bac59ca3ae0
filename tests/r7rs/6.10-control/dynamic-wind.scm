; 6.10: dynamic-wind before/after ordering on normal exit, escapes and exceptions.
(import (scheme base) (scheme write))

(define trace '())
(define (note x) (set! trace (cons x trace)))
(define (show-trace) (write (reverse trace)) (newline) (set! trace '()))
;; Normal exit.
(write (dynamic-wind (lambda () (note 'before)) (lambda () (note 'during) 'result) (lambda () (note 'after))))
(newline)
(show-trace)
;; Escape from nested winds: inner after runs before outer after.
(call/cc
 (lambda (k)
   (dynamic-wind
    (lambda () (note 'in1))
    (lambda ()
      (dynamic-wind
       (lambda () (note 'in2))
       (lambda () (note 'body) (k 'escaped) (note 'not-reached))
       (lambda () (note 'out2))))
    (lambda () (note 'out1)))))
(show-trace)
;; Escape that stays inside the outer wind only unwinds the inner one.
(dynamic-wind
 (lambda () (note 'outer-in))
 (lambda ()
   (call/cc
    (lambda (k)
      (dynamic-wind
       (lambda () (note 'inner-in))
       (lambda () (k 'x))
       (lambda () (note 'inner-out)))))
   (note 'after-escape))
 (lambda () (note 'outer-out)))
(show-trace)
;; R7RS example: connect/talk/disconnect.
(write (let ((path '())
             (c #f))
         (let ((add (lambda (s) (set! path (cons s path)))))
           (dynamic-wind
            (lambda () (add 'connect))
            (lambda () (add (call-with-current-continuation (lambda (c0) (set! c c0) 'talk1))))
            (lambda () (add 'disconnect)))
           (reverse path))))
(newline)
;; An exception caught by guard outside the wind runs the after thunk first.
(write (guard (e (#t (note (list 'handled e)) 'guarded))
         (dynamic-wind
          (lambda () (note 'w-in))
          (lambda () (raise 'oops))
          (lambda () (note 'w-out)))))
(newline)
(show-trace)
;; with-exception-handler handlers run inside the extent (before after).
(guard (e (#t (note 'guard-clause)))
  (with-exception-handler
   (lambda (e) (note 'handler) (raise e))
   (lambda ()
     (dynamic-wind
      (lambda () (note 'in))
      (lambda () (raise 'boom))
      (lambda () (note 'out))))))
(show-trace)
;; The after thunk runs once per exit even through several levels of procedure calls.
(define (f n) (if (= n 0) (raise 'bottom) (+ 1 (f (- n 1)))))
(guard (e (#t (note e)))
  (dynamic-wind (lambda () (note 'enter)) (lambda () (f 1000)) (lambda () (note 'exit))))
(show-trace)
