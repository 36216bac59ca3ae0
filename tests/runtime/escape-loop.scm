; Escapes in a long loop must not leak stack or handler state: 200,000 iterations
; each of call/cc escape, guard+raise, error caught, and parameterize+dynamic-wind.
; Run with --max-memory 256.
(import (scheme base) (scheme write))

(define n 200000)
(define p (make-parameter 0))
(define (loop-callcc i acc)
  (if (= i n) acc (loop-callcc (+ i 1) (+ acc (call/cc (lambda (k) (k 1) 100))))))
(write (loop-callcc 0 0)) (newline)
(define (loop-guard i acc)
  (if (= i n) acc (loop-guard (+ i 1) (+ acc (guard (e ((number? e) e)) (raise 2))))))
(write (loop-guard 0 0)) (newline)
(define (loop-error i acc)
  (if (= i n) acc
      (loop-error (+ i 1) (+ acc (guard (e ((error-object? e) (length (error-object-irritants e)))) (error "x" 1 2 3))))))
(write (loop-error 0 0)) (newline)
(define (loop-wind i acc)
  (if (= i n) acc
      (loop-wind (+ i 1)
                 (+ acc (call/cc (lambda (k)
                                   (parameterize ((p 4))
                                     (dynamic-wind (lambda () #f) (lambda () (k (p))) (lambda () #f)))))))))
(write (loop-wind 0 0)) (newline)
(write (p)) (newline)
