(define-library (bad other-name) (export) (begin))
