(define-library (scope decls)
  (include-library-declarations "decls-exports.inc")
  (cond-expand
    (kiln (import (scheme base)))
    (else (import (only (scheme base) define))))
  (cond-expand
    ((not kiln) (begin (define which 'other)))
    (else (begin (define which 'kiln))))
  (include-ci "decls-body.inc"))
