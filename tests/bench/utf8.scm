(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; UTF-8 round trips (after bv2string): random strings of ASCII, Latin, Greek, CJK and emoji
;; characters, converted to bytevectors and back, and compared.
(define alphabet
  (list->vector (map integer->char '(97 98 122 65 48 32 233 252 955 960 8364 20013 25991 128512))))
(define seed 42)
(define (random n)
  (set! seed (modulo (+ (* seed 1103515245) 12345) 2147483648))
  (modulo (quotient seed 65536) n))
(define (random-string len)
  (let ((s (make-string len)))
    (let loop ((i 0))
      (when (< i len)
        (string-set! s i (vector-ref alphabet (random (vector-length alphabet))))
        (loop (+ i 1))))
    s))
(define strings
  (let loop ((i 0) (acc '()))
    (if (= i 200) acc (loop (+ i 1) (cons (random-string (+ 100 (random 2000))) acc)))))
(define (round-trips n)
  (let loop ((i 0) (bytes 0))
    (if (= i n)
        bytes
        (loop (+ i 1)
              (let each ((l strings) (bytes bytes))
                (if (null? l)
                    bytes
                    (let* ((bv (string->utf8 (car l))) (s (utf8->string bv)))
                      (each (cdr l)
                            (if (string=? s (car l)) (+ bytes (bytevector-length bv)) -1)))))))))
(display (bench-run (lambda () (round-trips 40)))) (newline)
