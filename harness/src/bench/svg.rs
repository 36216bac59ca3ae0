//! `kiln bench --svg`: a self-contained SVG chart of the report. One group of horizontal bars per
//! program, one bar per implementation, on a log-scale time axis: time rather than the ratio to
//! Guile, because it needs no reference (it works with `--kiln-only` and for programs Guile
//! failed), while on a log scale equal ratios are still equal distances. The geometric means are
//! in the title; each bar's `<title>` gives its exact figure.

use super::report::{Impl, Report, Row};
use std::fmt::Write;

const WIDTH: f64 = 860.0;
const LABEL_W: f64 = 130.0;
const PLOT_W: f64 = WIDTH - LABEL_W - 30.0;
const BAR_H: f64 = 6.0;
const GROUP_GAP: f64 = 10.0;
/// Title (two lines), legend and the axis labels above the plot.
const TOP: f64 = 92.0;
const BOTTOM: f64 = 20.0;

fn colour(who: Impl) -> &'static str {
    match who {
        Impl::Off => "#9e9e9e",
        Impl::Tier1 => "#f4a261",
        Impl::Full => "#d1495b",
        Impl::Guile => "#2a9d8f",
        Impl::Chez => "#264653",
        Impl::Rust => "#7b4fa0",
    }
}

fn label(who: Impl) -> &'static str {
    match who {
        Impl::Off => "kiln --jit=off",
        Impl::Tier1 => "kiln tier 1",
        Impl::Full => "kiln full JIT",
        Impl::Guile => "guile",
        Impl::Chez => "chez",
        Impl::Rust => "rust (wasm)",
    }
}

/// `s` with the characters XML gives a meaning escaped, for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A time in milliseconds as an axis label: `0.1 ms`, `10 ms`, `1 s`.
fn time_label(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{} s", ms / 1000.0)
    } else {
        format!("{ms} ms")
    }
}

/// The log-scale axis: whole decades of milliseconds around every positive median.
struct Axis {
    lo: f64,
    hi: f64,
}

impl Axis {
    fn new(report: &Report) -> Option<Axis> {
        let medians = report.rows.iter().flat_map(|row| {
            Impl::ALL
                .into_iter()
                .filter_map(|who| row.median(who).map(|d| d.as_secs_f64() * 1e3))
        });
        let (min, max) =
            medians
                .filter(|&ms| ms > 0.0)
                .fold(None, |acc: Option<(f64, f64)>, ms| {
                    Some(acc.map_or((ms, ms), |(a, b)| (a.min(ms), b.max(ms))))
                })?;
        let lo = 10f64.powf(min.log10().floor());
        let hi = 10f64.powf(max.log10().ceil()).max(lo * 10.0);
        Some(Axis { lo, hi })
    }

    /// The x coordinate of `ms`.
    fn x(&self, ms: f64) -> f64 {
        LABEL_W + PLOT_W * (ms / self.lo).log10() / (self.hi / self.lo).log10()
    }

    fn decades(&self) -> impl Iterator<Item = f64> + '_ {
        let n = (self.hi / self.lo).log10().round() as i32;
        (0..=n).map(|i| self.lo * 10f64.powi(i))
    }
}

fn title(report: &Report) -> String {
    let means: Vec<String> = report
        .ratios()
        .into_iter()
        .filter_map(|r| {
            let m = report.mean(r)?;
            Some(format!("{} {:.2}x ({})", r.key(), m.value, m.programs))
        })
        .collect();
    if means.is_empty() {
        "geometric means: n/a".into()
    } else {
        format!("geometric means: {}", means.join(", "))
    }
}

fn group(out: &mut String, report: &Report, axis: Option<&Axis>, row: &Row, y: f64) {
    let name = escape(&row.name);
    let mid = y + BAR_H * report.present.len() as f64 / 2.0;
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="end" dominant-baseline="middle">{name}</text>"#,
        LABEL_W - 6.0,
        mid
    );
    if let Some(e) = &row.error {
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{mid:.1}" dominant-baseline="middle" fill="#b00020">failed: {}</text>"##,
            LABEL_W + 4.0,
            escape(e)
        );
        return;
    }
    for (i, who) in report.present.iter().copied().enumerate() {
        let by = y + BAR_H * i as f64;
        let ms = row.median(who).map(|d| d.as_secs_f64() * 1e3);
        // A zero time has no place on a log scale: no bar, as for a missing figure.
        if let (Some(axis), Some(ms)) = (axis, ms.filter(|&ms| ms > 0.0)) {
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{by:.1}" width="{:.1}" height="{BAR_H}" fill="{}"><title>{name}, {}: {ms:.1} ms</title></rect>"#,
                LABEL_W,
                (axis.x(ms) - LABEL_W).max(0.5),
                colour(who),
                label(who)
            );
        }
    }
}

/// The chart as SVG text.
pub fn render(report: &Report) -> String {
    let axis = Axis::new(report);
    let group_h = BAR_H * report.present.len() as f64 + GROUP_GAP;
    let height = TOP + group_h * report.rows.len() as f64 + BOTTOM;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0}" viewBox="0 0 {WIDTH} {height:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="100%" height="100%" fill="white"/>
<text x="10" y="20" font-size="15" font-weight="bold">kiln bench: median time of the measured section (log scale; shorter is faster)</text>
<text x="10" y="40">{}</text>"#,
        escape(&title(report))
    );
    let mut x = LABEL_W;
    for who in report.present.iter().copied() {
        let _ = writeln!(
            out,
            r#"<rect x="{x:.1}" y="52" width="10" height="10" fill="{}"/><text x="{:.1}" y="61">{}</text>"#,
            colour(who),
            x + 14.0,
            label(who)
        );
        x += 20.0 + 7.0 * label(who).len() as f64;
    }
    let plot_bottom = height - BOTTOM;
    match &axis {
        Some(axis) => {
            for t in axis.decades() {
                let gx = axis.x(t);
                let _ = writeln!(
                    out,
                    r##"<line x1="{gx:.1}" y1="{:.1}" x2="{gx:.1}" y2="{plot_bottom:.1}" stroke="#ddd"/><text x="{gx:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
                    TOP - 8.0,
                    TOP - 12.0,
                    time_label(t)
                );
            }
        }
        None => {
            let _ = writeln!(
                out,
                r#"<text x="{LABEL_W}" y="{:.1}">no figures</text>"#,
                TOP - 12.0
            );
        }
    }
    for (i, row) in report.rows.iter().enumerate() {
        group(
            &mut out,
            report,
            axis.as_ref(),
            row,
            TOP + group_h * i as f64,
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::report::tests::sample;
    use super::*;

    /// The element names in document order, checking that every tag is closed in order and
    /// that no raw `<` or `&` is left in text (what an XML parser would refuse).
    fn elements(svg: &str) -> Vec<String> {
        let (mut names, mut open) = (Vec::new(), Vec::<String>::new());
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            assert!(!text.contains('>'), "raw > in text {text:?}");
            assert_well_escaped(text);
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            rest = &rest[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop().as_deref(), Some(name), "mismatched </{name}>");
                continue;
            }
            assert!(!tag.contains('<'), "raw < in tag {tag:?}");
            let name = tag.split_whitespace().next().unwrap().to_string();
            for quoted in tag.split('"').skip(1).step_by(2) {
                assert_well_escaped(quoted);
            }
            names.push(name.clone());
            if !tag.ends_with('/') {
                open.push(name);
            }
        }
        assert!(open.is_empty(), "unclosed {open:?}");
        names
    }

    fn assert_well_escaped(text: &str) {
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity),
                "bad entity {entity:?}"
            );
        }
    }

    #[test]
    fn one_bar_per_known_figure_and_a_legend() {
        let svg = render(&sample());
        let names = elements(&svg);
        assert_eq!(names[0], "svg");
        // 6 legend squares, the background, 6 bars for fib, 3 for the Kiln-only program.
        assert_eq!(names.iter().filter(|n| *n == "rect").count(), 1 + 6 + 6 + 3);
        assert_eq!(names.iter().filter(|n| *n == "title").count(), 9);
        for who in Impl::ALL {
            assert!(svg.contains(label(who)), "no legend for {who:?}");
        }
        assert!(svg.contains("full/rust 5.00x (1)"), "means in the title");
        assert!(svg.contains("failed: output differs"));
        // Decades from 10 ms (Rust's fib) to 1 s (the interpreter's).
        for t in ["10 ms", "100 ms", "1 s"] {
            assert!(svg.contains(&format!(">{t}</text>")), "no {t} grid line");
        }
    }

    #[test]
    fn program_names_are_escaped() {
        let svg = render(&sample());
        assert!(svg.contains("a&lt;b &amp; &quot;c&quot;"), "{svg}");
        assert!(!svg.contains("a<b"));
        assert_eq!(escape("<'&'>"), "&lt;&apos;&amp;&apos;&gt;");
    }

    #[test]
    fn longer_times_are_longer_bars_on_a_log_scale() {
        let axis = Axis {
            lo: 1.0,
            hi: 1000.0,
        };
        assert!((axis.x(1.0) - LABEL_W).abs() < 1e-9);
        assert!((axis.x(1000.0) - (LABEL_W + PLOT_W)).abs() < 1e-9);
        let (a, b, c) = (axis.x(2.0), axis.x(20.0), axis.x(200.0));
        assert!(
            (b - a - (c - b)).abs() < 1e-9,
            "equal ratios, equal distances"
        );
    }

    #[test]
    fn a_report_without_figures_is_still_a_chart() {
        let mut report = sample();
        report.rows.retain(|r| r.error.is_some());
        let svg = render(&report);
        elements(&svg);
        assert!(svg.contains("no figures") && svg.contains("geometric means: n/a"));
    }
}
