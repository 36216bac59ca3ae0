//! tests/bench/fib.scm: `(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))`.

/// Doubly recursive Fibonacci.
pub fn fib(n: i64) -> i64 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}
