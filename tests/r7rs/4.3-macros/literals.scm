; 4.3.2: literal identifiers in syntax-rules match only the same binding.
(import (scheme base) (scheme write))

(define-syntax my-if
  (syntax-rules (then else)
    ((_ c then t else e) (if c t e))
    ((_ c then t) (if c t #f))))
(write (my-if #t then 'yes else 'no)) (newline)
(write (my-if #f then 'yes else 'no)) (newline)
(write (my-if #f then 'yes)) (newline)
(define-syntax arrow
  (syntax-rules (=>)
    ((_ a => b) (list 'arrow a b))
    ((_ a b c) (list 'plain a b c))))
(write (arrow 1 => 2)) (newline)
(write (arrow 1 2 3)) (newline)
;; A literal that is locally rebound no longer matches (R7RS 4.3.2).
(write (let ((=> 5)) (arrow 1 => 2))) (newline)
;; cond's own => and else are literals as well.
(write (let ((else #f)) (cond (else 'shadowed-else-is-false) (#t 'fell-through)))) (newline)
;; Literal inside a nested list pattern.
(define-syntax kv
  (syntax-rules (:)
    ((_ (k : v) ...) '((k . v) ...))))
(write (kv (a : 1) (b : 2))) (newline)
