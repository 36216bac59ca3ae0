; 6.13.1: port predicates, current ports, call-with-port, close-port, open checks.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(define ip (open-input-string "abc"))
(define op (open-output-string))
(show (port? ip) (port? op) (port? "abc") (input-port? ip) (input-port? op) (output-port? op) (output-port? ip))
(show (textual-port? ip) (textual-port? op) (textual-port? "abc"))
(show (input-port? (current-input-port)) (output-port? (current-output-port)) (output-port? (current-error-port)))
(show (input-port-open? ip) (output-port-open? op))
(close-port ip)
(close-output-port op)
(show (input-port-open? ip) (output-port-open? op))
(define ip2 (open-input-string "x"))
(close-input-port ip2)
(show (input-port-open? ip2))
;; call-with-port returns the procedure's values and closes the port.
(define saved #f)
(show (call-with-port (open-input-string "(1 2) rest")
                      (lambda (p) (set! saved p) (read-char p) (read-char p))))
(show (input-port-open? saved))
;; Reading from a closed port is an error.
(show (guard (e (#t 'error)) (read-char ip) 'no-error))
;; Parameterizing the current output port to a string port.
(define captured
  (let ((o (open-output-string)))
    (parameterize ((current-output-port o))
      (display "captured text")
      (write 'x))
    (get-output-string o)))
(show captured)
;; The error port is writable.
(write-string "" (current-error-port))
(show 'done)
