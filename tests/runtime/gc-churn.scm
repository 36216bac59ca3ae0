; Garbage collection: allocates several gigabytes over the run (lists, strings,
; vectors, bignums, closures) while the live set stays small. Run with
; --max-memory 256, so it only passes if dead objects are reclaimed.
(import (scheme base) (scheme write))

(define (make-range n) (let loop ((i (- n 1)) (acc '())) (if (< i 0) acc (loop (- i 1) (cons i acc)))))
(define (sum-list l) (let loop ((l l) (s 0)) (if (null? l) s (loop (cdr l) (+ s (car l))))))
(define checksum 0)
(define (mix! x) (set! checksum (modulo (+ (* checksum 31) x) 1000000007)))

;; 1. 60 lists of 100,000 pairs each (6 million pairs).
(do ((i 0 (+ i 1))) ((= i 60))
  (mix! (sum-list (make-range 100000))))
(display "lists ") (write checksum) (newline)

;; 2. 300 strings of 1,000,000 characters (300 MB to 1.2 GB, by representation).
(do ((i 0 (+ i 1))) ((= i 300))
  (let ((s (make-string 1000000 (integer->char (+ 97 (modulo i 26))))))
    (mix! (char->integer (string-ref s (* i 997))))))
(display "strings ") (write checksum) (newline)

;; 3. 300 vectors of 1,000,000 slots (2.4 GB of slots at 8 bytes each).
(do ((i 0 (+ i 1))) ((= i 300))
  (let ((v (make-vector 1000000 i)))
    (vector-set! v (* i 1999) (* i 2))
    (mix! (+ (vector-ref v (* i 1999)) (vector-ref v 0)))))
(display "vectors ") (write checksum) (newline)

;; 4. Bignum garbage: every intermediate product of 4000! is dropped.
(define (fact n) (let loop ((i 1) (acc 1)) (if (> i n) acc (loop (+ i 1) (* acc i)))))
(do ((i 0 (+ i 1))) ((= i 5))
  (mix! (modulo (fact 4000) 1000003)))
(display "bignums ") (write checksum) (newline)

;; 5. Quadratic string-append garbage.
(define grown
  (let loop ((s "") (i 0))
    (if (= i 20000) s (loop (string-append s (string (integer->char (+ 65 (modulo i 26))))) (+ i 1)))))
(mix! (string-length grown))
(mix! (char->integer (string-ref grown 12345)))
(display "append ") (write checksum) (newline)

;; 6. Closures and records created and dropped.
(define-record-type cell (make-cell v next) cell? (v cell-v) (next cell-next))
(do ((round 0 (+ round 1))) ((= round 20))
  (let loop ((i 0) (chain #f) (fs '()))
    (if (< i 50000)
        (loop (+ i 1) (make-cell i chain) (if (= 0 (modulo i 100)) (cons (lambda () i) fs) fs))
        (mix! (+ (cell-v chain) (apply + (map (lambda (f) (f)) fs)))))))
(display "closures ") (write checksum) (newline)
