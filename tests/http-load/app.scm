;; The load benchmark's handler (tests/http-load/run.sh): `/` answers a constant text, `/fib`
;; computes (fib 25) — 242,785 calls — and `/page` renders an HTML list of 200 items.
(import (scheme base) (scheme write) (kiln http))

(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))

(define items
  (let loop ((i 200) (acc '()))
    (if (= i 0) acc (loop (- i 1) (cons (string-append "item " (number->string i)) acc)))))

(define (render-page title items)
  (let ((out (open-output-string)))
    (write-string "<!doctype html><title>" out)
    (write-string title out)
    (write-string "</title><ul>\n" out)
    (for-each (lambda (i)
                (write-string "<li>" out)
                (write-string i out)
                (write-string "</li>\n" out))
              items)
    (write-string "</ul>\n" out)
    (get-output-string out)))

(define (text body)
  (make-response 200 '(("content-type" . "text/plain; charset=utf-8")) body))

(define (handle request)
  (let ((path (request-path request)))
    (cond
     ((string=? path "/") (text "hello\n"))
     ((string=? path "/fib") (text (string-append (number->string (fib 25)) "\n")))
     ((string=? path "/page")
      (make-response 200 '(("content-type" . "text/html")) (render-page "Items" items)))
     (else (make-response 404 '() "not found\n")))))
