; Proper tail calls through apply, cond =>, and, or, when, unless, case, if, let,
; let*, letrec, begin and call-with-values consumers. Each loops far deeper than
; any sane stack (1,000,000 times; 300,000 for the heavier loops).
(import (scheme base) (scheme write) (scheme case-lambda))

(define n 1000000)
(define (via-apply i) (if (= i 0) 'apply-ok (apply via-apply (list (- i 1)))))
(define (via-cond-arrow i)
  (cond ((= i 0) 'cond-arrow-ok)
        ((- i 1) => via-cond-arrow)))
(define (via-and i) (if (= i 0) 'and-ok (and #t (via-and (- i 1)))))
(define (via-or i) (if (= i 0) 'or-ok (or #f (via-or (- i 1)))))
(define (via-when i) (if (= i 0) 'when-ok (when #t (via-when (- i 1)))))
(define (via-unless i) (if (= i 0) 'unless-ok (unless #f (via-unless (- i 1)))))
(define (via-case i) (case (if (= i 0) 'stop 'go) ((stop) 'case-ok) (else (via-case (- i 1)))))
(define (via-let i) (if (= i 0) 'let-ok (let ((j (- i 1))) (let* ((k j)) (letrec ((m k)) (begin (via-let m)))))))
(define (via-cwv i)
  (if (= i 0) 'cwv-ok (call-with-values (lambda () (values (- i 1))) via-cwv)))
(define (via-case-lambda . args)
  (apply (case-lambda ((i) (if (= i 0) 'case-lambda-ok (via-case-lambda (- i 1))))) args))
(define (via-dynamic-wind-after i)
  ;; The thunk body is not a tail position, but the call after dynamic-wind returns is.
  (if (= i 0) 'after-wind-ok (begin (dynamic-wind (lambda () #f) (lambda () #f) (lambda () #f)) (via-dynamic-wind-after (- i 1)))))
(define (via-guard-body i)
  ;; A guard body is not a tail position; a call after the guard is.
  (if (= i 0) 'after-guard-ok (begin (guard (e (#t #f)) i) (via-guard-body (- i 1)))))
(for-each (lambda (f) (write (f n)) (newline))
          (list via-apply via-cond-arrow via-and via-or via-when via-unless via-case via-let))
(for-each (lambda (f) (write (f 300000)) (newline))
          (list via-cwv via-case-lambda via-dynamic-wind-after via-guard-body))
