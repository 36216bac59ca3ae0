; 6.5: symbol?, symbol=?, symbol->string, string->symbol, case sensitivity, interning.
(import (scheme base) (scheme write))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (symbol? 'foo) (symbol? (car '(a b))) (symbol? "bar") (symbol? 'nil) (symbol? '()) (symbol? #f))
(show (symbol=? 'a 'a) (symbol=? 'a 'A) (symbol=? 'a 'a 'a) (symbol=? 'a 'a 'b))
(show (symbol->string 'flying-fish) (symbol->string 'Martin) (symbol->string (string->symbol "Malvina")))
(show (string->symbol "mISSISSIppi") (eq? 'bitBlt (string->symbol "bitBlt")) (eq? 'LollyPop (string->symbol (symbol->string 'LollyPop))))
(show (string=? "K. Harper, M.D." (symbol->string (string->symbol "K. Harper, M.D."))))
;; Case is significant in R7RS.
(show (eq? 'abc 'ABC) 'Hello)
;; Peculiar identifiers and symbols with punctuation.
(show '+ '- '... '->x '<=? 'a.b '!$%&*/:<=>?^_~ (symbol? '...))
;; Symbols made from strings are interned: equal names give eq? symbols.
(define s1 (string->symbol (string-append "ab" "c")))
(show (eq? s1 'abc))
;; Symbols needing bars are written with bars, displayed without.
(write (string->symbol "foo bar")) (display " ") (display (string->symbol "foo bar")) (newline)
(write '|hello world|) (display " ") (write (symbol->string '|a b|)) (newline)
