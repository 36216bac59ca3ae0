; 4.3.2: custom ellipsis identifier and the (... ...) escape.
(import (scheme base) (scheme write))

(define-syntax my-list
  (syntax-rules ::: ()
    ((_ x :::) (list x :::))))
(write (my-list 1 2 3)) (newline)
;; With a custom ellipsis, ... is an ordinary identifier that can be emitted.
(define-syntax define-lister
  (syntax-rules ::: ()
    ((_ name) (define-syntax name
                (syntax-rules ()
                  ((_ x ...) (list 'x ...)))))))
(define-lister quote-all)
(write (quote-all a b c)) (newline)
;; (... ...) in a template produces a literal ellipsis.
(define-syntax define-counter-macro
  (syntax-rules ()
    ((_ name) (define-syntax name
                (syntax-rules ()
                  ((_ arg (... ...)) (length '(arg (... ...)))))))))
(define-counter-macro count-args)
(write (count-args p q r s)) (newline)
;; A literal ellipsis inside data escaped with (... ...).
(define-syntax dots
  (syntax-rules ()
    ((_ x) '(x (... ...)))))
(write (dots a)) (newline)
