; 2.4 / 6.13.2: read builds shared and circular data from datum labels, and what write and
; write-shared print reads back as the same structure.
(import (scheme base) (scheme write) (scheme read) (scheme cxr))

(define (read-text s) (read (open-input-string s)))
(define (write-text x) (let ((p (open-output-string))) (write x p) (get-output-string p)))
(define (write-shared-text x)
  (let ((p (open-output-string))) (write-shared x p) (get-output-string p)))

(define c (read-text "#0=(1 #0#)"))
(write c) (newline)
(write (eq? c (cadr c))) (newline)
(define s (read-text "(#0=(1 2) #0# #1=#(v #1#) #1#)"))
(write (list (eq? (car s) (cadr s)) (eq? (caddr s) (cadddr s)) (eq? (caddr s) (vector-ref (caddr s) 1))))
(newline)
(write-shared s) (newline)
(write s) (newline)
; Round trips: write's text of a cycle, write-shared's text of sharing.
(define ring (list 'a 'b))
(set-cdr! (cdr ring) ring)
(define back (read-text (write-text ring)))
(write (list (write-text back) (eq? back (cddr back)))) (newline)
(define x (list 1 2))
(define dag (list x (vector x x)))
(write-shared dag) (newline)
(define again (read-text (write-shared-text dag)))
(write (list (write-shared-text again) (eq? (car again) (vector-ref (cadr again) 1)))) (newline)
; Labels are per datum: a second read does not see the first one's.
(define p (open-input-string "#0=(a) #0=(b #0#)"))
(write (read p)) (write (read p)) (newline)
; Errors are read errors.
(define (read-error-of text)
  (guard (e ((read-error? e) 'read-error)) (read-text text)))
(write (map read-error-of '("#0#" "#0=#0#" "(#0=1 #1#)"))) (newline)
; Building under allocation pressure: many labelled data read in a loop.
(let loop ((i 0) (ok #t))
  (if (< i 2000)
      (let ((d (read-text "#0=(#1=(x y) #2=#(#1# #0#) #1# . #2#)")))
        (loop (+ i 1) (and ok (eq? (car d) (vector-ref (cadr d) 0)) (eq? d (vector-ref (cadr d) 1))
                           (eq? (cadr d) (cdddr d)))))
      (begin (write ok) (newline))))
