;; Sales by day: SRFI 133 vectors, and a SRFI 125 table of counts per item.
(define-library (shop ledger)
  (export make-ledger record-sale! daily-totals best-day sales-of)
  (import (scheme base) (srfi 133) (srfi 125) (srfi 128))
  (begin
    (define-record-type ledger
      (raw-ledger days counts)
      ledger?
      (days ledger-days)
      (counts ledger-counts))
    (define (make-ledger ndays)
      (raw-ledger (make-vector ndays 0)
                  (make-hash-table (make-default-comparator))))
    (define (record-sale! l day item cents)
      (vector-set! (ledger-days l) day (+ cents (vector-ref (ledger-days l) day)))
      (hash-table-update!/default (ledger-counts l) item (lambda (n) (+ n 1)) 0))
    (define (daily-totals l) (vector-copy (ledger-days l)))
    (define (best-day l)
      (let ((v (ledger-days l)))
        (vector-index (lambda (x) (= x (vector-fold max 0 v))) v)))
    (define (sales-of l item) (hash-table-ref/default (ledger-counts l) item 0))))
