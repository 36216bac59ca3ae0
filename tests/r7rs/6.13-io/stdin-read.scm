; 6.13.2: read data from standard input and compute with it.
(import (scheme base) (scheme write) (scheme read))

(define (read-all)
  (let loop ((acc '()))
    (let ((d (read)))
      (if (eof-object? d) (reverse acc) (loop (cons d acc))))))
(define data (read-all))
(write (length data)) (newline)
(for-each (lambda (d) (write d) (newline)) data)

(define (sum-numbers lst)
  (cond ((null? lst) 0)
        ((number? (car lst)) (+ (car lst) (sum-numbers (cdr lst))))
        (else (sum-numbers (cdr lst)))))
(write (sum-numbers data)) (newline)
