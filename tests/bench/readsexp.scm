(import (scheme base) (scheme write) (scheme time) (scheme read) (scheme file))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; readsexp: `read` of a data file of s-expressions: records (nested lists with symbols,
;; integers, strings, booleans, characters and vectors) are generated with a fixed seed and written
;; with `write` to readsexp.data before timing; the measured section reads the file back with
;; `read` several times and checks every record against the original with equal?.
;; Stresses: the reader (tokenizing, symbol interning, number parsing), file input ports.
(define file "readsexp.data")
(define seed 777)
(define (rand k) (set! seed (modulo (* seed 171) 30269)) (modulo seed k))
(define tags '#(point line circle label group style))
(define (make-record i)
  (list (vector-ref tags (rand 6))
        i
        (list 'x (- (rand 2000) 1000) 'y (- (rand 2000) 1000))
        (string-append "item-" (number->string (rand 100000)) " \"q\"")
        (if (= (rand 2) 0) #t #f)
        (integer->char (+ 97 (rand 26)))
        (vector (rand 10) (list (vector-ref tags (rand 6)) (rand 50)) 'end)))
(define records (let loop ((i 0) (acc '())) (if (= i 4000) (reverse acc) (loop (+ i 1) (cons (make-record i) acc)))))
; Chez's call-with-output-file refuses to replace an existing file, so remove it first.
(when (file-exists? file) (delete-file file))
(call-with-output-file file
  (lambda (p) (for-each (lambda (r) (write r p) (newline p)) records)))
(define (read-all)
  (call-with-input-file file
    (lambda (p)
      (let loop ((expected records) (n 0) (ok #t))
        (let ((x (read p)))
          (if (eof-object? x)
              (list n (and ok (null? expected)))
              (loop (if (pair? expected) (cdr expected) '()) (+ n 1)
                    (and ok (pair? expected) (equal? x (car expected))))))))))
(define (run reps)
  (let loop ((i 1) (r (read-all))) (if (= i reps) r (loop (+ i 1) (read-all)))))
(write (bench-run (lambda () (run 5)))) (newline)
