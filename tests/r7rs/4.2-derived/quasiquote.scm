; 4.2.8: quasiquote, unquote, unquote-splicing, nesting and vectors.
(import (scheme base) (scheme write) (scheme inexact) (scheme cxr))

(write `(list ,(+ 1 2) 4)) (newline)
(write (let ((name 'a)) (let ((r `(list ,name ',name))) (list (cadr r) (car (caddr r)) (cadr (caddr r)))))) (newline)
(write `(a ,(+ 1 2) ,@(map abs '(4 -5 6)) b)) (newline)
(write `((foo ,(- 10 3)) ,@(cdr '(c)) . ,(car '(cons)))) (newline)
(write `#(10 5 ,(sqrt 4) ,@(map sqrt '(16 9)) 8)) (newline)
(write (let ((foo '(foo bar)) (@baz 'baz))
         `(list ,@foo , @baz))) (newline)
;; Nested levels: only the innermost unquote at level 0 is evaluated.
(define r `(a `(b ,(c ,(+ 1 2)))))
(write (list (car r) (car (cadr r)) (car (cadr (cadr (cadr r)))) (cadr (cadr (cadr (cadr r)))))) (newline)
(write `(1 ,@'() 2)) (newline)
(write `(,@'(1 2) ,@'(3))) (newline)
(write `(1 . ,(+ 1 1))) (newline)
(write (quasiquote (list (unquote (+ 1 2)) 4))) (newline)
(write `,(* 6 7)) (newline)
(write `()) (newline)
;; Splicing at the tail of an improper template.
(write (let ((xs '(2 3))) `(1 ,@xs))) (newline)
;; Fresh structure: the spliced list is copied, not shared as the head.
(define tail-list (list 9))
(define built `(,@tail-list 10))
(set-car! tail-list 0)
(write built) (newline)
