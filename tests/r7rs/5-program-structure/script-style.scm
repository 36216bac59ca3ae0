; A script without an import declaration: the base environment is available.
(define (square-all xs) (map (lambda (x) (* x x)) xs))
(display "script: ")
(write (square-all '(1 2 3)))
(newline)
(display (string-append "no " "import"))
(newline)
