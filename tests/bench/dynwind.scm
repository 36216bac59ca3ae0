(import (scheme base) (scheme write) (scheme time) (scheme cxr))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; dynwind: dynamic-wind with escapes: a counter of entries and exits is maintained by before and
;; after thunks while loops escape through one, two or three nested dynamic-wind extents with
;; call/cc, and parameterize (R7RS parameters) is used in the same loops.
;; Stresses: dynamic-wind bookkeeping, escaping continuations, parameter objects.
(define depth (make-parameter 0))
(define (nested n escape-at)
  (let ((entries 0) (exits 0))
    (let ((r (call-with-current-continuation
              (lambda (out)
                (let loop ((i 0))
                  (if (= i n)
                      'done
                      (begin
                        (dynamic-wind
                         (lambda () (set! entries (+ entries 1)))
                         (lambda ()
                           (parameterize ((depth (+ (depth) 1)))
                             (dynamic-wind
                              (lambda () (set! entries (+ entries 1)))
                              (lambda () (when (= i escape-at) (out (depth))))
                              (lambda () (set! exits (+ exits 1))))))
                         (lambda () (set! exits (+ exits 1))))
                        (loop (+ i 1)))))))))
      (list r entries exits (depth)))))
(define (run reps)
  (let loop ((r 0) (sum 0))
    (if (= r reps)
        sum
        (let ((res (nested 50 (modulo r 60))))
          (loop (+ r 1) (+ sum (if (number? (car res)) (car res) 0) (cadr res) (caddr res) (cadddr res)))))))
(display (bench-run (lambda () (run 4000)))) (newline)
