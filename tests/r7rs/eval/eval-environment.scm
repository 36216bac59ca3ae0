; 6.12: eval with (environment ...) specifiers.
(import (scheme base) (scheme write) (scheme eval))

(define env (environment '(scheme base)))
(write (eval '(* 7 3) env)) (newline)
(write (eval (list '+ 1 2 3) env)) (newline)
;; Code built at runtime, including lambda and let.
(define expr (list 'let (list (list 'x 5)) (list '* 'x 'x)))
(write (eval expr env)) (newline)
(define f (eval '(lambda (a b) (list b a)) env))
(write (f 1 2)) (newline)
(write (procedure? (eval 'car env))) (newline)
(write (eval ''quoted-datum env)) (newline)
;; Macros from the environment's libraries work in evaluated code.
(write (eval '(let loop ((i 0) (acc '())) (if (= i 3) acc (loop (+ i 1) (cons i acc)))) env)) (newline)
(write (eval '(cond ((assv 2 '((1 . one) (2 . two))) => cdr) (else 'none)) env)) (newline)
;; Several libraries in one environment.
(define env2 (environment '(scheme base) '(scheme char)))
(write (eval '(char-upcase #\a) env2)) (newline)
;; Errors inside eval propagate to the caller's handlers.
(write (guard (e ((error-object? e) (error-object-message e)))
         (eval '(error "from eval" 1) env)))
(newline)
;; A procedure from eval can call back into the program's procedures passed as values.
(define (twice g x) (g (g x)))
(write ((eval '(lambda (h) (h (lambda (n) (* n 3)) 2)) env) twice)) (newline)
