; string->number of a 1,000,000-digit decimal integer, twice, within the --timeout of its .flags
; (60 s): a quadratic parser (one limb-sized multiply-add at a time) needs over 40 s for each
; parse on wasm32, the divide and conquer one about a second.
(import (scheme base) (scheme write))

(define text (make-string 1000000 #\7))
(define value (string->number text))
(display (= value (* 7 (quotient (- (expt 10 1000000) 1) 9))))
(newline)
(display (= (- value) (string->number (string-append "-" text))))
(newline)
