; The issue's done-when check: a 10,000,000-deep non-tail recursion — build a list of 10M
; elements recursively, then sum it recursively — is right in every JIT mode (interpreted
; frames live in linear memory; compiled recursion continues in the interpreter past the
; native budget).
(import (scheme base) (scheme write))

(define (build n) (if (= n 0) '() (cons n (build (- n 1)))))
(define (sum l) (if (null? l) 0 (+ (car l) (sum (cdr l)))))
(write (sum (build 10000000)))
(newline)
