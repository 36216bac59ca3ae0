(import (scheme base) (scheme write) (scheme time) (scheme char))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; wordfreq: word frequencies of a generated text read character by character from a string
;; port (read-char/peek-char), words folded to lower case and interned as symbols, counted in a
;; hand-made hash table (a vector of alists keyed by symbols, hashed on the word's characters);
;; prints the ten most frequent words. Stresses: string ports, char tests, string->symbol,
;; assq, vectors.
(define vocabulary
  '#("The" "quick" "brown" "fox" "jumps" "over" "lazy" "dog" "and" "runs" "far" "away" "from"
     "Hunters" "who" "never" "sleep" "in" "winter" "Nights"))
(define (make-text words)
  (let ((out (open-output-string)))
    (do ((i 0 (+ i 1))) ((= i words) (get-output-string out))
      (display (vector-ref vocabulary (modulo (+ (* i i 7) (quotient i 3)) 20)) out)
      (write-char (if (= (modulo i 11) 0) #\newline #\space) out)
      (when (= (modulo i 17) 0) (display ", " out)))))
(define (hash-string s size)
  (let loop ((i 0) (h 0))
    (if (= i (string-length s)) h (loop (+ i 1) (modulo (+ (* h 33) (char->integer (string-ref s i))) size)))))
(define (count-words text)
  (let ((table (make-vector 101 '())) (in (open-input-string text)))
    (let loop ((word '()))
      (let ((c (read-char in)))
        (if (or (eof-object? c) (not (char-alphabetic? c)))
            (begin
              (when (pair? word)
                (let* ((s (list->string (reverse word))) (sym (string->symbol s))
                       (b (hash-string s 101)) (entry (assq sym (vector-ref table b))))
                  (if entry
                      (set-cdr! entry (+ (cdr entry) 1))
                      (vector-set! table b (cons (cons sym 1) (vector-ref table b))))))
              (if (eof-object? c) table (loop '())))
            (loop (cons (char-downcase c) word)))))))
(define (top table n)
  (let ((all (let loop ((i 0) (acc '()))
               (if (= i (vector-length table)) acc (loop (+ i 1) (append (vector-ref table i) acc))))))
    (define (better? a b)
      (or (> (cdr a) (cdr b))
          (and (= (cdr a) (cdr b)) (string<? (symbol->string (car a)) (symbol->string (car b))))))
    (define (insert x l) (if (or (null? l) (better? x (car l))) (cons x l) (cons (car l) (insert x (cdr l)))))
    (let take ((l (let sort ((l all) (acc '())) (if (null? l) acc (sort (cdr l) (insert (car l) acc)))))
               (n n))
      (if (or (= n 0) (null? l)) '() (cons (car l) (take (cdr l) (- n 1)))))))
(define (run words reps)
  (let ((text (make-text words)))
    (let loop ((r 1) (result (top (count-words text) 10)))
      (if (= r reps) result (loop (+ r 1) (top (count-words text) 10))))))
(write (bench-run (lambda () (run 20000 2)))) (newline)
