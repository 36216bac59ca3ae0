;; (kiln http) without a server: a handler called on requests made with make-request, and the
;; records' accessors and checks. The component path is tested in harness/tests/http.rs.
(import (scheme base) (scheme write) (kiln http))

(define (handle request)
  (let ((name (request-header request 'x-name)))
    (make-response 200
                   (list (cons "content-type" "text/plain")
                         (cons 'x-method (request-method request)))
                   (string-append "hi " (or name "nobody") " at " (request-path request)
                                  ", " (number->string (bytevector-length (request-body request)))
                                  " bytes: " (request-body-string request)))))

(define (show response)
  (write (list (response-status response) (response-headers response) (response-body response)))
  (newline))

(define r (make-request "post" "/x?y=1" '(("X-Name" . "kiln") (accept . "*/*")) "body é"))
(write (list (request? r) (request? 1) (request-method r) (request-path r) (request-headers r)))
(newline)
(write (list (request-header r "x-NAME") (request-header r "missing") (request-body r)))
(newline)
(show (handle r))
(show (handle (make-request "GET" "/" '() (bytevector 1 2 3))))
(define streaming (make-response 204 '() (lambda (port) (write-string "x" port))))
(write (list (response? streaming) (response? r) (procedure? (response-body streaming))))
(newline)
;; Many requests: the records and their strings survive collections.
(define (loop i acc)
  (if (= i 2000)
      acc
      (loop (+ i 1)
            (+ acc (string-length (response-body
                                   (handle (make-request "GET" (number->string i) '() ""))))))))
(write (loop 0 0))
(newline)
(define (try thunk)
  (guard (e ((error-object? e) (display (error-object-message e)) (newline)))
    (thunk)))
(try (lambda () (make-response 99 '() "")))
(try (lambda () (make-response 200 '(("a" . 1)) "")))
(try (lambda () (make-response 200 '() 'body)))
(try (lambda () (request-path 5)))
(try (lambda () (make-request "GET" "/" '() 5)))
