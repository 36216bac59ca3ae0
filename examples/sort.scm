; Merge sort and quicksort on pseudo-random data from a linear congruential generator.
(import (scheme base) (scheme write))

(define seed 12345)
(define (random-next!)
  ;; Park-Miller minimal standard generator, exact integer arithmetic.
  (set! seed (modulo (* seed 16807) 2147483647))
  seed)

(define (random-list n)
  (let loop ((i 0) (acc '()))
    (if (= i n) acc (loop (+ i 1) (cons (modulo (random-next!) 100000) acc)))))

(define (merge-lists a b less?)
  (cond ((null? a) b)
        ((null? b) a)
        ((less? (car b) (car a)) (cons (car b) (merge-lists a (cdr b) less?)))
        (else (cons (car a) (merge-lists (cdr a) b less?)))))

(define (split lst)
  ;; Returns two halves of lst via values.
  (let loop ((slow lst) (fast lst) (front '()))
    (if (or (null? fast) (null? (cdr fast)))
        (values (reverse front) slow)
        (loop (cdr slow) (cddr fast) (cons (car slow) front)))))

(define (merge-sort lst less?)
  (if (or (null? lst) (null? (cdr lst)))
      lst
      (let-values (((a b) (split lst)))
        (merge-lists (merge-sort a less?) (merge-sort b less?) less?))))

(define (quicksort! v lo hi)
  ;; In-place Hoare-partition quicksort of vector v between lo and hi inclusive.
  (when (< lo hi)
    (let ((pivot (vector-ref v (quotient (+ lo hi) 2))))
      (let loop ((i lo) (j hi))
        (if (<= i j)
            (let* ((i (let scan ((i i)) (if (< (vector-ref v i) pivot) (scan (+ i 1)) i)))
                   (j (let scan ((j j)) (if (> (vector-ref v j) pivot) (scan (- j 1)) j))))
              (if (<= i j)
                  (let ((tmp (vector-ref v i)))
                    (vector-set! v i (vector-ref v j))
                    (vector-set! v j tmp)
                    (loop (+ i 1) (- j 1)))
                  (loop i j)))
            (begin (quicksort! v lo j) (quicksort! v i hi)))))))

(define (sorted? lst)
  (or (null? lst) (null? (cdr lst))
      (and (<= (car lst) (cadr lst)) (sorted? (cdr lst)))))

(define data (random-list 8000))
(define by-merge (merge-sort data <))
(define by-quick (let ((v (list->vector data))) (quicksort! v 0 (- (vector-length v) 1)) (vector->list v)))
(define (take lst k) (if (= k 0) '() (cons (car lst) (take (cdr lst) (- k 1)))))
(display "first ten: ") (write (take by-merge 10)) (newline)
(display "last: ") (write (list-ref by-merge 7999)) (newline)
(display "sorted: ") (write (sorted? by-merge)) (newline)
(display "same result: ") (write (equal? by-merge by-quick)) (newline)
(display "checksum: ") (write (let loop ((l by-merge) (i 1) (acc 0)) (if (null? l) acc (loop (cdr l) (+ i 1) (modulo (+ acc (* i (car l))) 1000000007))))) (newline)
(display "descending head: ") (write (take (merge-sort data >) 5)) (newline)
