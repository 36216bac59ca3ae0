//! Running the bench programs under Guile and Chez Scheme, the reference implementations.

use std::path::{Path, PathBuf};

/// Chez Scheme 9.5 has no R7RS libraries: the bench strips the `import` form and prepends these
/// definitions of the R7RS procedures the programs use that Chez lacks.
pub const CHEZ_PRELUDE: &str = "\
(define (current-jiffy)
  (let ((t (current-time 'time-monotonic)))
    (+ (* (time-second t) 1000000) (quotient (time-nanosecond t) 1000))))
(define (jiffies-per-second) 1000000)
";

/// The source for Chez: the prelude, then the program without its `import` form.
pub fn chez_source(src: &str) -> String {
    format!("{CHEZ_PRELUDE}{}", strip_import(src))
}

/// The source without its first top-level `(import …)` form.
pub fn strip_import(src: &str) -> String {
    let Some(start) = src.find("(import") else {
        return src.to_string();
    };
    let mut depth = 0;
    for (i, c) in src[start..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return format!("{}{}", &src[..start], &src[start + i + 1..]);
                }
            }
            _ => {}
        }
    }
    src.to_string()
}

/// The executable `name` on `PATH`.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_the_import_form() {
        let src = "(import (scheme base)\n (scheme write))\n(display (+ 1 2))";
        assert_eq!(strip_import(src), "\n(display (+ 1 2))");
        assert_eq!(strip_import("(display 1)"), "(display 1)");
        assert!(chez_source(src).starts_with(CHEZ_PRELUDE));
    }
}
