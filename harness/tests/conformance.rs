//! Runs the R7RS conformance suite (`tests/r7rs`) and the runtime property tests
//! (`tests/runtime`) through `kiln run` in every JIT mode. See `common/mod.rs` for
//! the file format and the environment knobs.

mod common;

use std::path::Path;

/// Tests not run under `--jit=eager --gc-stress`. Each is exercised in the other
/// three modes; under gc-stress (a collection at nearly every allocation) they
/// would run for many minutes without testing anything the lighter tests don't.
const GC_STRESS_SKIP: &[&str] = &[
    // 10,000,000 iterations of mutual tail calls: a proper-tail-call property, not a GC one.
    "runtime/tail-mutual-10m.scm",
    // 10,000,000-iteration named let plus a 1,000,000-iteration do loop.
    "runtime/tail-named-let-10m.scm",
    // About 9 million tail calls across the tail-position variants.
    "runtime/tail-positions.scm",
    // Allocates several GB on purpose; bounded memory is asserted with --max-memory instead.
    "runtime/gc-churn.scm",
    // Millions of allocations around a 20,000-object live set: every stress collection
    // traces the whole live set, making the run quadratic.
    "runtime/gc-live-set.scm",
    // 800,000 escapes/raises, each allocating continuation and handler state.
    "runtime/escape-loop.scm",
    // 100,000-frame stacks are rescanned at every stress collection: quadratic.
    "runtime/deep-recursion.scm",
    // Infinite recursion until the stack limit: same quadratic stack rescanning.
    "runtime/stack-overflow.scm",
];

#[test]
fn conformance() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests");
    common::run_suite(
        "conformance",
        &root,
        &["r7rs", "runtime"],
        &common::standard_modes(GC_STRESS_SKIP),
    );
}
