;; SRFI 2: and-let*. Without a body, the value is the last clause's (#t with no clauses).
(define-library (srfi 2)
  (import (scheme base))
  (export and-let*)
  (begin
    (define-syntax and-let*
      (syntax-rules ()
        ((_ ()) #t)
        ((_ () body ...) (let () body ...))
        ((_ ((var expr))) (let ((var expr)) var))
        ((_ ((expr))) expr)
        ((_ ((var expr) clause ...) body ...)
         (let ((var expr)) (if var (and-let* (clause ...) body ...) #f)))
        ((_ ((expr) clause ...) body ...)
         (if expr (and-let* (clause ...) body ...) #f))
        ((_ (var)) var)
        ((_ (var clause ...) body ...)
         (if var (and-let* (clause ...) body ...) #f))))))
