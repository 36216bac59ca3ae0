//! The programs `kiln bench` times by default: tests/bench, embedded so that it works from
//! anywhere.

/// The default programs (`tests/bench/`), embedded so `kiln bench` works from anywhere.
pub const PROGRAMS: &[(&str, &str)] = &[
    ("fib", include_str!("../../../tests/bench/fib.scm")),
    ("tak", include_str!("../../../tests/bench/tak.scm")),
    (
        "ackermann",
        include_str!("../../../tests/bench/ackermann.scm"),
    ),
    ("nqueens", include_str!("../../../tests/bench/nqueens.scm")),
    ("primes", include_str!("../../../tests/bench/primes.scm")),
    ("deriv", include_str!("../../../tests/bench/deriv.scm")),
    (
        "mandelbrot",
        include_str!("../../../tests/bench/mandelbrot.scm"),
    ),
    ("sumread", include_str!("../../../tests/bench/sumread.scm")),
    ("utf8", include_str!("../../../tests/bench/utf8.scm")),
    (
        "pidigits",
        include_str!("../../../tests/bench/pidigits.scm"),
    ),
    ("gcbench", include_str!("../../../tests/bench/gcbench.scm")),
    ("symbols", include_str!("../../../tests/bench/symbols.scm")),
    (
        "bigprint",
        include_str!("../../../tests/bench/bigprint.scm"),
    ),
    // The classic suite of the optimizing-JIT issue (tests/bench/README.md).
    ("boyer", include_str!("../../../tests/bench/boyer.scm")),
    ("browse", include_str!("../../../tests/bench/browse.scm")),
    ("colour", include_str!("../../../tests/bench/colour.scm")),
    (
        "compiler",
        include_str!("../../../tests/bench/compiler.scm"),
    ),
    ("cpstak", include_str!("../../../tests/bench/cpstak.scm")),
    ("ctak", include_str!("../../../tests/bench/ctak.scm")),
    (
        "destruct",
        include_str!("../../../tests/bench/destruct.scm"),
    ),
    ("div", include_str!("../../../tests/bench/div.scm")),
    ("dynwind", include_str!("../../../tests/bench/dynwind.scm")),
    ("earley", include_str!("../../../tests/bench/earley.scm")),
    ("escape", include_str!("../../../tests/bench/escape.scm")),
    ("fft", include_str!("../../../tests/bench/fft.scm")),
    ("fibc", include_str!("../../../tests/bench/fibc.scm")),
    ("fibfp", include_str!("../../../tests/bench/fibfp.scm")),
    ("hanoi", include_str!("../../../tests/bench/hanoi.scm")),
    ("interp", include_str!("../../../tests/bench/interp.scm")),
    ("lattice", include_str!("../../../tests/bench/lattice.scm")),
    ("matrix", include_str!("../../../tests/bench/matrix.scm")),
    ("maze", include_str!("../../../tests/bench/maze.scm")),
    ("nbody", include_str!("../../../tests/bench/nbody.scm")),
    (
        "paraffins",
        include_str!("../../../tests/bench/paraffins.scm"),
    ),
    ("perms", include_str!("../../../tests/bench/perms.scm")),
    ("pnpoly", include_str!("../../../tests/bench/pnpoly.scm")),
    ("puzzle", include_str!("../../../tests/bench/puzzle.scm")),
    ("ray", include_str!("../../../tests/bench/ray.scm")),
    (
        "readsexp",
        include_str!("../../../tests/bench/readsexp.scm"),
    ),
    (
        "samefringe",
        include_str!("../../../tests/bench/samefringe.scm"),
    ),
    ("sort", include_str!("../../../tests/bench/sort.scm")),
    (
        "strbuild",
        include_str!("../../../tests/bench/strbuild.scm"),
    ),
    ("sumfp", include_str!("../../../tests/bench/sumfp.scm")),
    ("takl", include_str!("../../../tests/bench/takl.scm")),
    (
        "trialdiv",
        include_str!("../../../tests/bench/trialdiv.scm"),
    ),
    (
        "triangle",
        include_str!("../../../tests/bench/triangle.scm"),
    ),
    (
        "wordfreq",
        include_str!("../../../tests/bench/wordfreq.scm"),
    ),
];

/// The embedded source of the default program `name`.
pub fn source(name: &str) -> Option<&'static str> {
    PROGRAMS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, src)| *src)
}
