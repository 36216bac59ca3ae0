;; SRFI 26: cut and cute.
(define-library (srfi 26)
  (import (scheme base))
  (export cut cute <> <...>)
  (begin
    (define-syntax <> (syntax-rules ()))
    (define-syntax <...> (syntax-rules ()))
    ;; (%cut (params ...) (proc-and-args ...) form ...): collects the slots into params.
    (define-syntax %cut
      (syntax-rules (<> <...>)
        ((_ (param ...) (proc arg ...) <...>)
         (lambda (param ... . rest) (apply proc arg ... rest)))
        ((_ (param ...) (proc arg ...))
         (lambda (param ...) (proc arg ...)))
        ((_ (param ...) (proc-args ...) <> form ...)
         (%cut (param ... x) (proc-args ... x) form ...))
        ((_ (param ...) (proc-args ...) expr form ...)
         (%cut (param ...) (proc-args ... expr) form ...))))
    (define-syntax cut
      (syntax-rules () ((_ form ...) (%cut () () form ...))))
    ;; cute evaluates the non-slot expressions once, when the procedure is made.
    (define-syntax %cute
      (syntax-rules (<> <...>)
        ((_ (binding ...) (param ...) (proc arg ...) <...>)
         (let (binding ...) (lambda (param ... . rest) (apply proc arg ... rest))))
        ((_ (binding ...) (param ...) (proc arg ...))
         (let (binding ...) (lambda (param ...) (proc arg ...))))
        ((_ (binding ...) (param ...) (proc-args ...) <> form ...)
         (%cute (binding ...) (param ... x) (proc-args ... x) form ...))
        ((_ (binding ...) (param ...) (proc-args ...) expr form ...)
         (%cute (binding ... (v expr)) (param ...) (proc-args ... v) form ...))))
    (define-syntax cute
      (syntax-rules () ((_ form ...) (%cute () () () form ...))))))
