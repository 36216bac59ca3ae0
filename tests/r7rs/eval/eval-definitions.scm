; 6.12: definitions made by eval in a mutable environment persist between evals.
(import (scheme base) (scheme write) (scheme eval) (scheme repl))

(define env (interaction-environment))
(eval '(define counter 0) env)
(eval '(define (bump!) (set! counter (+ counter 1)) counter) env)
(eval '(bump!) env)
(eval '(bump!) env)
(write (eval 'counter env)) (newline)
(eval '(define-syntax twice (syntax-rules () ((_ e) (begin e e)))) env)
(eval '(twice (bump!)) env)
(write (eval 'counter env)) (newline)
