; Proper tail calls: two mutually recursive procedures loop 10,000,000 times in
; constant stack space.
(import (scheme base) (scheme write))

(define (ping n acc) (if (= n 0) acc (pong (- n 1) (+ acc 1))))
(define (pong n acc) (if (= n 0) acc (ping (- n 1) (+ acc 2))))
(write (ping 10000000 0))
(newline)
