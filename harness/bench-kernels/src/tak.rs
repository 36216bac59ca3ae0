//! tests/bench/tak.scm: Takeuchi's function.

/// `(if (not (< y x)) z (tak (tak (- x 1) y z) (tak (- y 1) z x) (tak (- z 1) x y)))`.
pub fn tak(x: i64, y: i64, z: i64) -> i64 {
    if y >= x {
        z
    } else {
        tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
    }
}
