; 6.7 / 6.6: string-foldcase folds fully (one character may become several: "Maß" -> "mass"),
; char-foldcase simply (one to one), and the -ci comparisons compare the full foldings.
(import (scheme base) (scheme write) (scheme char))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(show (string-foldcase "Maß") (string-foldcase "STRASSE") (string-foldcase "ﬁne") (string-foldcase "ΣΑΣ"))
(show (string-foldcase "İ") (string-length (string-foldcase "ŉ")) (string-foldcase "MiXeD"))
(show (char-foldcase #\x3A3) (char-foldcase #\x3C2) (char-foldcase #\ß) (char-foldcase #\x1E9E)
      (char-foldcase #\A) (char-foldcase #\x130))
(show (string-ci=? "Straße" "STRASSE") (string-ci=? "Maß" "MASS" "mass")
      (string-ci<? "Straße" "STRASSF") (string-ci>? "STRASSF" "Straße")
      (string-ci<=? "ﬁ" "FI") (string-ci>=? "ΣΑΣ" "σας"))
(show (char-ci=? #\ß #\x1E9E) (char-ci=? #\x3A3 #\x3C2) (char-ci<? #\a #\B))
; Sorting with a case-insensitive order over non-ASCII text.
(define (insert x sorted)
  (cond ((null? sorted) (list x))
        ((string-ci<? x (car sorted)) (cons x sorted))
        (else (cons (car sorted) (insert x (cdr sorted))))))
(define (sort-ci strings)
  (if (null? strings) '() (insert (car strings) (sort-ci (cdr strings)))))
(show (sort-ci '("Zebra" "straße" "Strasse" "apple" "Äpfel" "STRASSE")))
