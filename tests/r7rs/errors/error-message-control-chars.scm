; An uncaught error's message is printed with its control characters escaped as `write` escapes
; them in strings (a raw NUL or escape on the terminal helps nobody); other text, non-ASCII
; letters included, is printed as is. Irritants are written, as always.
(import (scheme base))

(error "bad\x0;thing, \x1b;[31mred\x7; été\nnext" 1 "two\x0;")
