; String building with string ports and string-append: a word-frequency report,
; a text justifier and a Caesar cipher.
(import (scheme base) (scheme write) (scheme char))

(define text
  "It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of
incredulity, it was the season of Light, it was the season of Darkness")

;; Split into lower-case words using a string port as the accumulator.
(define (words str)
  (let ((in (open-input-string str)))
    (let loop ((acc '()) (cur (open-output-string)) (len 0))
      (let ((c (read-char in)))
        (cond ((eof-object? c)
               (reverse (if (> len 0) (cons (get-output-string cur) acc) acc)))
              ((char-alphabetic? c)
               (write-char (char-downcase c) cur)
               (loop acc cur (+ len 1)))
              ((> len 0) (loop (cons (get-output-string cur) acc) (open-output-string) 0))
              (else (loop acc cur 0)))))))

(define (count-words ws)
  ;; Association list of (word . count), in order of first appearance.
  (let loop ((ws ws) (table '()))
    (if (null? ws)
        (reverse table)
        (let ((entry (assoc (car ws) table)))
          (if entry
              (begin (set-cdr! entry (+ (cdr entry) 1)) (loop (cdr ws) table))
              (loop (cdr ws) (cons (cons (car ws) 1) table)))))))

(define ws (words text))
(display "words: ") (write (length ws)) (newline)
(for-each (lambda (e)
            (when (> (cdr e) 1)
              (display (string-append "  " (car e) ": " (make-string (cdr e) #\*)))
              (newline)))
          (count-words ws))

;; Greedy line filling to a width, joined with string-append.
(define (justify ws width)
  (let loop ((ws ws) (line "") (lines '()))
    (cond ((null? ws) (reverse (if (string=? line "") lines (cons line lines))))
          ((string=? line "") (loop (cdr ws) (car ws) lines))
          ((<= (+ (string-length line) 1 (string-length (car ws))) width)
           (loop (cdr ws) (string-append line " " (car ws)) lines))
          (else (loop ws "" (cons line lines))))))
(for-each (lambda (l) (display "|") (display l) (display (make-string (- 30 (string-length l)) #\space)) (display "|") (newline))
          (justify ws 30))

(define (caesar str shift)
  (string-map (lambda (c)
                (cond ((char-lower-case? c)
                       (integer->char (+ 97 (modulo (+ (- (char->integer c) 97) shift) 26))))
                      ((char-upper-case? c)
                       (integer->char (+ 65 (modulo (+ (- (char->integer c) 65) shift) 26))))
                      (else c)))
              str))
(define secret (caesar "Hello, Kiln Scheme!" 13))
(write secret) (newline)
(write (caesar secret 13)) (newline)

;; A bigger build: 2000 numbered lines through a string port, then checked.
(define report
  (let ((out (open-output-string)))
    (do ((i 0 (+ i 1))) ((= i 2000))
      (write i out) (write-string ": " out) (write-string (number->string (* i i) 16) out) (newline out))
    (get-output-string out)))
(display "report length: ") (write (string-length report)) (newline)
(display "last line: ")
(write (let loop ((i (- (string-length report) 2)))
         (if (char=? (string-ref report i) #\newline)
             (substring report (+ i 1) (- (string-length report) 1))
             (loop (- i 1)))))
(newline)
