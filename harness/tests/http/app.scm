;; The http test app: one route per behaviour the tests check (harness/tests/http.rs and
;; http_serve.rs). Its top level runs once, at bundle time.
(import (scheme base) (scheme write) (kiln http))

(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))

(define items '("alpha" "beta" "gamma"))

(define (render-page title items)
  (string-append
   "<h1>" title "</h1><ul>"
   (apply string-append (map (lambda (i) (string-append "<li>" i "</li>")) items))
   "</ul>\n"))

(define (text status body)
  (make-response status '(("content-type" . "text/plain; charset=utf-8")) body))

(define (handle request)
  (let ((path (request-path request)))
    (cond
     ((string=? path "/") (text 200 "hello\n"))
     ((string=? path "/echo")
      (make-response
       201
       (list (cons "x-method" (request-method request))
             (cons 'x-length (number->string (bytevector-length (request-body request)))))
       (request-body-string request)))
     ((string=? path "/headers?q=1")
      (text 200 (or (request-header request "X-Test") "none")))
     ((string=? path "/big") (make-response 200 '() (make-bytevector 1000000 65)))
     ((string=? path "/stream")
      (make-response 200 '()
                     (lambda (port)
                       (do ((i 0 (+ i 1))) ((= i 3000))
                         (write-string "line " port)
                         (write i port)
                         (newline port)))))
     ((string=? path "/fail") (error "boom" 42))
     ((string=? path "/fail-stream")
      (make-response 200 '() (lambda (port) (write-string "partial" port) (error "stream boom"))))
     ((string=? path "/fib") (text 200 (string-append (number->string (fib 25)) "\n")))
     ((string=? path "/page")
      (make-response 200 '((content-type . "text/html")) (render-page "Items" items)))
     (else (text 404 "not found\n")))))
