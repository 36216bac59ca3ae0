(import (scheme base) (scheme write) (scheme read) (scheme file) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; Reading numbers with `read` from a file port (after the classic sum1): write 100,000 numbers,
;; then time reading and summing them 3 times.
(define file "sumread.data")
;; R6RS systems (Chez) refuse to open an existing file for output: remove the last run's data.
(when (file-exists? file) (delete-file file))
(call-with-output-file file
  (lambda (p)
    (let loop ((i 0) (x 12345))
      (when (< i 100000)
        (write (- (modulo x 2000001) 1000000) p)
        (write-char (if (= 9 (modulo i 10)) #\newline #\space) p)
        (loop (+ i 1) (modulo (+ (* x 1103515245) 12345) 2147483648))))))
(define (sum-file)
  (call-with-input-file file
    (lambda (p)
      (let loop ((s 0))
        (let ((x (read p)))
          (if (eof-object? x) s (loop (+ s x))))))))
(define (run n)
  (let loop ((i 0) (r 0)) (if (= i n) r (loop (+ i 1) (sum-file)))))
(display (bench-run (lambda () (run 3)))) (newline)
