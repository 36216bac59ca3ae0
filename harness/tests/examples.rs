//! Runs the example programs in `examples/` through `kiln run` in every JIT mode and
//! compares their output with `examples/X.out`. See `common/mod.rs` for details.

mod common;

use std::path::Path;

/// Examples not run under `--jit=eager --gc-stress`: each makes a million or more
/// calls or allocations, which stress collection turns into many minutes. They run
/// in the other three modes; the remaining examples still cover gc-stress.
const GC_STRESS_SKIP: &[&str] = &[
    "fib.scm",        // 1.6 million calls
    "tak.scm",        // 0.3 million calls, repeated 5 times
    "ackermann.scm",  // about 1 million calls, 1,000 frames deep
    "nqueens.scm",    // 8 queens three times over, allocating lists
    "primes.scm",     // sieve of 300,000 plus lists of 26,000 primes
    "sort.scm",       // merge sort and quicksort of 8,000 elements
    "mandelbrot.scm", // 2,000 points x up to 200 float iterations each
];

#[test]
fn examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    common::run_suite(
        "examples",
        &root,
        &["."],
        &common::standard_modes(GC_STRESS_SKIP),
    );
}
