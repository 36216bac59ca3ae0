(import (scheme base) (scheme write) (scheme time))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; Symbols, property lists and strings (after slatex, browse and friends): names built with
;; string-append and number->string, interned with string->symbol, looked up in association
;; lists with assq, assoc and member, compared with equal? and string<?.
(define (name i) (string-append "sym-" (number->string (modulo i 997)) "-x"))
(define (build-plist sym i)
  (list (cons 'name (symbol->string sym)) (cons 'index i) (cons 'parity (if (even? i) 'even 'odd))
        (cons 'tags (list 'a 'b (string->symbol (name (+ i 1)))))))
(define table (make-vector 997 '()))
(define (put! sym key value)
  (let* ((h (modulo (string-length (symbol->string sym)) 997)) (bucket (vector-ref table h))
         (entry (assq sym bucket)))
    (if entry
        (let ((slot (assq key (cdr entry))))
          (if slot (set-cdr! slot value) (set-cdr! entry (cons (cons key value) (cdr entry)))))
        (vector-set! table h (cons (list sym (cons key value)) bucket)))))
(define (get sym key)
  (let ((entry (assq sym (vector-ref table (modulo (string-length (symbol->string sym)) 997)))))
    (and entry (let ((slot (assq key (cdr entry)))) (and slot (cdr slot))))))
(define (work n)
  (let loop ((i 0) (score 0))
    (if (= i n)
        score
        (let* ((s (string->symbol (name i))) (plist (build-plist s i)))
          (put! s 'count (+ 1 (or (get s 'count) 0)))
          (loop (+ i 1)
                (+ score
                   (if (eq? (cdr (assq 'parity plist)) 'even) 1 0)
                   (if (assoc (symbol->string s) (list (cons "sym-1-x" 1) (cons (name i) 2))) 1 0)
                   (if (member (list 'a 'b) (list (list 'a) (list 'a 'b))) 1 0)
                   (if (equal? plist (build-plist s i)) 1 0)
                   (if (string<? (symbol->string s) "sym-5") 1 0)
                   (get s 'count)))))))
(display (bench-run (lambda () (work 60000)))) (newline)
