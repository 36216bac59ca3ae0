//! The Rust kernels of `kiln bench`: the same work as `tests/bench/{fib,tak,nqueens,mandelbrot}.scm`
//! (same sizes, same algorithm, the same stdout byte for byte), in plain Rust, so the bench can
//! show how far compiled Scheme is from what wasmtime does with straightforward native code.
//!
//! Usage: `kiln-bench-kernels NAME`. Like the Scheme programs, each kernel times only its measured
//! section and prints `bench-us: MICROSECONDS` on stderr, then the result on stdout.
//! `std::time::Instant` is WASI's monotonic clock, as `current-jiffy` is in Kiln.

mod fib;
mod mandelbrot;
mod nqueens;
mod tak;

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

/// A kernel: its measured section, returning what the program prints.
type Kernel = fn() -> i64;

/// The kernels by the name of the Scheme program they follow. The sizes are those of the Scheme
/// sources; `black_box` keeps them opaque, as they are to Kiln's compiler, so that LLVM cannot
/// specialize or fold the whole computation at build time.
const KERNELS: &[(&str, Kernel)] = &[
    ("fib", || fib::fib(black_box(32))),
    ("tak", || {
        tak::tak(black_box(24), black_box(16), black_box(8))
    }),
    ("nqueens", || nqueens::queens(black_box(10))),
    ("mandelbrot", || {
        mandelbrot::count_inside(black_box(120), black_box(200))
    }),
];

/// The timing protocol of tests/bench (its `bench-run`): time `thunk`, print the time on stderr.
fn bench_run(thunk: Kernel) -> i64 {
    let t0 = Instant::now();
    let r = thunk();
    let us = t0.elapsed().as_micros();
    eprintln!("bench-us: {us}");
    r
}

fn main() -> ExitCode {
    let name = std::env::args().nth(1).unwrap_or_default();
    let Some((_, kernel)) = KERNELS.iter().find(|(n, _)| *n == name) else {
        let names: Vec<&str> = KERNELS.iter().map(|(n, _)| *n).collect();
        eprintln!(
            "kiln-bench-kernels: unknown kernel {name:?} (one of {})",
            names.join(", ")
        );
        return ExitCode::from(2);
    };
    println!("{}", bench_run(*kernel));
    ExitCode::SUCCESS
}
