; 6.13.2: read parses every kind of datum from a port.
(import (scheme base) (scheme write) (scheme read) (scheme cxr))

(define p (open-input-string
           "42 -1/2 3.5 sym \"a \\\"q\\\" b\" #\\x #\\space (1 (2 . 3) #(4 5)) #t #f #u8(1 2) 'quoted `(a ,b ,@c) ; comment\n #| block |# after #;(skipped datum) kept |sym bol| ()"))
(let loop ()
  (let ((d (read p)))
    (unless (eof-object? d)
      (cond ((and (pair? d) (memq (car d) '(quote quasiquote)))
             ;; Show abbreviations structurally so printing of quote forms doesn't matter.
             (display "abbrev ") (write (car d)) (display " ") (write (length d)))
            ((symbol? d) (display "symbol ") (write (symbol->string d)))
            (else (write d)))
      (newline)
      (loop))))
;; Reading from a list built from read again yields equal data.
(define src "(define (f x) (if (< x 1) \"small\" (* x 2.5)))")
(define datum (read (open-input-string src)))
(write datum) (newline)
(write (equal? datum (read (open-input-string (let ((o (open-output-string))) (write datum o) (get-output-string o))))))
(newline)
(write (eof-object? (read (open-input-string "   ")))) (newline)
;; Nested quasiquote pieces are read as lists of unquote forms.
(define qq (read (open-input-string "`(a ,b ,@c)")))
(write (list (car qq) (car (cadr qq)) (car (cadr (cadr qq))) (car (caddr (cadr qq))))) (newline)
