//! Runs the R7RS conformance suite (`tests/r7rs`), the runtime property tests
//! (`tests/runtime`), the library tests (`tests/libraries`: programs whose libraries live in
//! their directory tree), the SRFI tests (`tests/srfi`: each built-in SRFI against the examples
//! of its document), the backtrace tests (`tests/backtrace`: what an uncaught error prints) and
//! the JIT soundness tests (`tests/jit`) through `kiln run` in every JIT
//! mode. See `common/mod.rs` for
//! the file format and the environment knobs.

mod common;

use std::path::Path;

/// Tests not run under `--jit=eager --gc-stress` (a collection at every allocation).
/// Each still runs in the other three modes. Timings are from an early build.
const GC_STRESS_SKIP: &[&str] = &[
    // A 200,000-promise delay-force chain, all live until forced: minutes under stress.
    "r7rs/4.2-derived/delay-force-iterative.scm",
    // 10M-iteration loops that allocate nothing: stress adds no GC coverage, only seconds.
    "runtime/tail-mutual-10m.scm",
    "runtime/tail-named-let-10m.scm",
    // ~9M tail calls, some allocating (apply lists, values, handlers): ~30 s under stress.
    "runtime/tail-positions.scm",
    // Allocates GBs on purpose; bounded memory is asserted with --max-memory instead.
    "runtime/gc-churn.scm",
    // Millions of allocations around a 20,000-object live set that every stress
    // collection traces again: minutes.
    "runtime/gc-live-set.scm",
    // 800,000 escapes and raises, each allocating continuation and handler state.
    "runtime/escape-loop.scm",
    // 100,000-frame stacks are rescanned at every stress collection: quadratic, minutes.
    "runtime/deep-recursion.scm",
    // 1,000,000-deep stacks through every procedure-calling primitive: the same rescanning.
    "runtime/deep-through-primitives.scm",
    // A 10,000,000-deep stack and list: every stress collection retraces them.
    "runtime/deep-10m.scm",
    // 1,000,000-deep lists and vectors built, compared, written: the same retracing.
    "runtime/deep-data.scm",
    // Recursion down to the stack limit has the same quadratic rescanning.
    "runtime/stack-overflow.scm",
    // Fills 100 MiB twice; every stress collection retraces the growing live set.
    "runtime/out-of-memory.scm",
    // 10,000 evals, each expanding, analysing and building a 1,000-pair constant: ~2 minutes.
    "runtime/eval-constants-collected.scm",
    // SRFI 1 over 200,000-element lists, all live while every stress collection retraces them.
    "srfi/1-long-lists.scm",
];

#[test]
fn conformance() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    common::run_suite(
        "conformance",
        &root,
        &["r7rs", "runtime", "libraries", "srfi", "backtrace"],
        &common::standard_modes(GC_STRESS_SKIP),
    );
}

/// Programs that change what compiled code assumed (built-ins assigned or redefined after the
/// code got hot…): also run with a threshold of 2, so code compiles early, mid-run.
#[test]
fn jit_soundness() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    let mut modes = common::standard_modes(&[]);
    modes.push(common::Mode {
        name: "jit=on+threshold=2",
        args: &["--jit=on", "--jit-threshold", "2"],
        skip: &[],
    });
    common::run_suite("jit soundness", &root, &["jit"], &modes);
}
