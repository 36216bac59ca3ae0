//! The table `kiln bench` prints: per program the median time of every implementation that took
//! part, the JIT speed-up and the full JIT relative to Guile, Chez and Rust; then the geometric
//! means.

use super::report::{Impl, Ratio, Report, Row};
use std::fmt::Write;
use std::time::Duration;

fn ms(d: Option<Duration>) -> String {
    d.map_or("n/a".into(), |d| format!("{:.1} ms", d.as_secs_f64() * 1e3))
}

fn show(r: Option<f64>) -> String {
    r.map_or("n/a".into(), |r| format!("{r:.2}x"))
}

/// The columns in order: each implementation, followed by the ratio that has it as denominator
/// (so the speed-up, `off / full`, follows `full`).
enum Column {
    Time(Impl),
    Ratio(Ratio),
}

fn columns(report: &Report) -> Vec<Column> {
    let mut cols = Vec::new();
    for who in report.present.iter().copied() {
        cols.push(Column::Time(who));
        for r in report.ratios() {
            if r.terms().1 == who {
                cols.push(Column::Ratio(r));
            }
        }
    }
    cols
}

fn header(col: &Column) -> &'static str {
    match col {
        Column::Time(Impl::Off) => "jit=off",
        Column::Time(who) => who.key(),
        Column::Ratio(r) => r.key(),
    }
}

fn cell(row: &Row, col: &Column) -> String {
    match col {
        Column::Time(who) => ms(row.median(*who)),
        Column::Ratio(r) => show(row.ratio(*r)),
    }
}

/// The whole table as text, one line each: the header, the programs, the geometric means.
pub fn render(report: &Report) -> String {
    let cols = columns(report);
    let width = |c: &Column| match c {
        Column::Time(_) => 11,
        Column::Ratio(_) => 10,
    };
    let mut out = format!("{:<12}", "program");
    for c in &cols {
        let _ = write!(out, " {:>w$}", header(c), w = width(c));
    }
    out.push('\n');
    for row in &report.rows {
        let _ = write!(out, "{:<12}", row.name);
        match &row.error {
            Some(e) => {
                let _ = write!(out, " failed: {e}");
            }
            None => {
                for c in &cols {
                    let _ = write!(out, " {:>w$}", cell(row, c), w = width(c));
                }
            }
        }
        out.push('\n');
    }
    for r in report.ratios() {
        if let Some(m) = report.mean(r) {
            let _ = writeln!(
                out,
                "geometric mean {}: {:.2}x over {} programs",
                r.key(),
                m.value,
                m.programs
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::report::tests::sample;
    use super::*;

    #[test]
    fn every_column_and_mean_in_order() {
        let text = render(&sample());
        let lines: Vec<&str> = text.lines().collect();
        let head: Vec<&str> = lines[0].split_whitespace().collect();
        assert_eq!(
            head,
            [
                "program",
                "jit=off",
                "tier1",
                "full",
                "speed-up",
                "guile",
                "full/guile",
                "chez",
                "full/chez",
                "rust",
                "full/rust"
            ]
        );
        assert!(lines[1].starts_with("fib "), "{text}");
        assert!(lines[1].ends_with("10.0 ms      5.00x"), "{text}");
        assert!(lines[2].contains("n/a"), "{text}");
        assert!(lines[3].starts_with("bad ") && lines[3].contains("failed: output differs"));
        assert!(text.contains("geometric mean speed-up: 6.00x over 2 programs"));
        assert!(text.contains("geometric mean full/rust: 5.00x over 1 programs"));
    }

    #[test]
    fn absent_implementations_have_no_column() {
        let mut report = sample();
        report.present = vec![Impl::Off, Impl::Tier1, Impl::Full];
        let text = render(&report);
        assert!(!text.contains("guile") && !text.contains("rust"), "{text}");
        assert!(text.lines().next().unwrap().ends_with("speed-up"));
    }
}
