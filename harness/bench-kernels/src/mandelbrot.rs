//! tests/bench/mandelbrot.scm: how many points of a grid lie in the Mandelbrot set. Every float
//! operation is the Scheme program's, in its order (no fused multiply-add), so the count agrees.

/// `escape-time`: iterations before |z| > 2, or `max_iter`.
fn escape_time(cr: f64, ci: f64, max_iter: i64) -> i64 {
    let (mut zr, mut zi) = (0.0f64, 0.0f64);
    let mut i = 0;
    loop {
        if i == max_iter {
            return max_iter;
        }
        if zr * zr + zi * zi > 4.0 {
            return i;
        }
        let next_zr = (zr * zr - zi * zi) + cr;
        zi = 2.0 * (zr * zi) + ci;
        zr = next_zr;
        i += 1;
    }
}

/// `count-inside`: the points of a `size` × `size` grid over [-2, 1] × [-1.2, 1.2] that do not
/// escape within `max_iter` iterations.
pub fn count_inside(size: i64, max_iter: i64) -> i64 {
    let mut inside = 0;
    for y in 0..size {
        for x in 0..size {
            // `(/ x size)` is an exact rational in Scheme; `(* 3.0 …)` rounds it to the nearest
            // double, which is what dividing the two (exactly representable) integers gives.
            let cr = 3.0 * (x as f64 / size as f64) - 2.0;
            let ci = 2.4 * (y as f64 / size as f64) - 1.2;
            if escape_time(cr, ci, max_iter) == max_iter {
                inside += 1;
            }
        }
    }
    inside
}
