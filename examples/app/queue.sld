;; A first-in first-out queue of two lists (SRFI 1's append-reverse),
;; with a SRFI 69 hash table of how many times each item was enqueued.
(define-library (app queue)
  (export make-queue enqueue! dequeue! queue-empty? queue-length
          queue->list times-enqueued)
  (import (scheme base) (srfi 1) (srfi 69))
  (begin
    (define-record-type queue
      (raw-queue front back seen)
      queue?
      (front queue-front set-queue-front!)
      (back queue-back set-queue-back!)
      (seen queue-seen))
    (define (make-queue) (raw-queue '() '() (make-hash-table equal?)))
    (define (queue-empty? q)
      (and (null? (queue-front q)) (null? (queue-back q))))
    (define (enqueue! q x)
      (set-queue-back! q (cons x (queue-back q)))
      (hash-table-update!/default (queue-seen q) x (lambda (n) (+ n 1)) 0))
    (define (dequeue! q)
      (when (null? (queue-front q))
        (set-queue-front! q (append-reverse (queue-back q) '()))
        (set-queue-back! q '()))
      (when (null? (queue-front q))
        (error "dequeue!: the queue is empty"))
      (let ((x (first (queue-front q))))
        (set-queue-front! q (cdr (queue-front q)))
        x))
    (define (queue->list q)
      (append (queue-front q) (reverse (queue-back q))))
    (define (queue-length q)
      (+ (length (queue-front q)) (length (queue-back q))))
    (define (times-enqueued q x)
      (hash-table-ref/default (queue-seen q) x 0))))
