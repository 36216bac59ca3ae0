; A small meta-circular interpreter for a Scheme subset (lambda, if, define, let,
; quote, begin, set!), running recursive programs inside Kiln.
(import (scheme base) (scheme write) (scheme cxr))

;; Environments are lists of frames; a frame is a mutable association list in a box.
(define (make-frame names values) (list (map cons names values)))
(define (extend env names values) (cons (make-frame names values) env))
(define (lookup-cell name env)
  (if (null? env)
      #f
      (or (assq name (car (car env))) (lookup-cell name (cdr env)))))
(define (lookup name env)
  (let ((cell (lookup-cell name env)))
    (if cell (cdr cell) (error "unbound variable:" name))))
(define (define! name value env)
  (let ((cell (assq name (car (car env)))))
    (if cell
        (set-cdr! cell value)
        (set-car! (car env) (cons (cons name value) (car (car env)))))))
(define (assign! name value env)
  (let ((cell (lookup-cell name env)))
    (if cell (set-cdr! cell value) (error "set!: unbound variable:" name))))

(define-record-type closure
  (make-closure params body env)
  closure?
  (params closure-params)
  (body closure-body)
  (env closure-env))

(define (evaluate expr env)
  (cond ((symbol? expr) (lookup expr env))
        ((not (pair? expr)) expr)
        (else
         (case (car expr)
           ((quote) (cadr expr))
           ((if) (if (evaluate (cadr expr) env)
                     (evaluate (caddr expr) env)
                     (if (pair? (cdddr expr)) (evaluate (cadddr expr) env) #f)))
           ((lambda) (make-closure (cadr expr) (cddr expr) env))
           ((define)
            (if (pair? (cadr expr))
                (define! (car (cadr expr)) (make-closure (cdr (cadr expr)) (cddr expr) env) env)
                (define! (cadr expr) (evaluate (caddr expr) env) env))
            'ok)
           ((set!) (assign! (cadr expr) (evaluate (caddr expr) env) env) 'ok)
           ((begin) (eval-body (cdr expr) env))
           ((let) (evaluate (cons (cons 'lambda (cons (map car (cadr expr)) (cddr expr)))
                                  (map cadr (cadr expr)))
                            env))
           (else (apply-proc (evaluate (car expr) env)
                             (map (lambda (e) (evaluate e env)) (cdr expr))))))))

(define (eval-body body env)
  (if (null? (cdr body))
      (evaluate (car body) env)
      (begin (evaluate (car body) env) (eval-body (cdr body) env))))

(define (apply-proc proc args)
  (if (closure? proc)
      (eval-body (closure-body proc) (extend (closure-env proc) (closure-params proc) args))
      (apply proc args)))

(define global
  (extend '()
          '(+ - * < = car cdr cons null? list display)
          (list + - * < = car cdr cons null? list display)))

(define program
  '((define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
    (define (map f l) (if (null? l) (quote ()) (cons (f (car l)) (map f (cdr l)))))
    (define (make-counter)
      (let ((n 0)) (lambda () (set! n (+ n 1)) n)))
    (define c (make-counter))
    (c) (c)
    (list (fib 18) (map (lambda (x) (* x x)) (quote (1 2 3 4))) (c))))

(define (run forms)
  (let loop ((forms forms) (last #f))
    (if (null? forms) last (loop (cdr forms) (evaluate (car forms) global)))))

(write (run program))
(newline)
