; Proper tail calls: a named let loop of 10,000,000 iterations, and a do loop.
(import (scheme base) (scheme write))

(write (let loop ((i 0) (sum 0))
         (if (= i 10000000) sum (loop (+ i 1) (+ sum (remainder i 7))))))
(newline)
(write (do ((i 0 (+ i 1)) (k 0 (if (odd? i) (+ k 1) k))) ((= i 1000000) k)))
(newline)
