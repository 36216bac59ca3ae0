//! The table `kiln bench` prints: times, the JIT speed-up, Kiln (JIT on) relative to Guile and
//! Chez, and their geometric means.

use std::time::Duration;

/// One program's measurements (`None`: not run, failed or differed).
pub struct Row {
    pub name: String,
    pub off: Option<Duration>,
    pub on: Option<Duration>,
    pub guile: Option<Duration>,
    pub chez: Option<Duration>,
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("n/a".into(), |d| format!("{:.1} ms", d.as_secs_f64() * 1e3))
}

/// `a / b`, if both are known and `b` is not zero.
fn ratio(a: Option<Duration>, b: Option<Duration>) -> Option<f64> {
    let (a, b) = (a?.as_secs_f64(), b?.as_secs_f64());
    (b > 0.0 && a > 0.0).then_some(a / b)
}

fn show(r: Option<f64>) -> String {
    r.map_or("n/a".into(), |r| format!("{r:.2}x"))
}

/// The geometric mean of the known ratios, with how many there were.
fn geomean(rs: impl Iterator<Item = Option<f64>>) -> Option<(f64, usize)> {
    let logs: Vec<f64> = rs.flatten().map(f64::ln).collect();
    (!logs.is_empty()).then(|| {
        (
            (logs.iter().sum::<f64>() / logs.len() as f64).exp(),
            logs.len(),
        )
    })
}

/// Prints the table on stdout.
pub fn print(rows: &[Row], guile: bool, chez: bool) {
    let mut header = format!(
        "{:<12} {:>11} {:>11} {:>9}",
        "program", "jit=off", "jit=on", "speed-up"
    );
    if guile {
        header += &format!(" {:>11} {:>9}", "guile", "on/guile");
    }
    if chez {
        header += &format!(" {:>11} {:>9}", "chez", "on/chez");
    }
    println!("{header}");
    for r in rows {
        let mut line = format!(
            "{:<12} {:>11} {:>11} {:>9}",
            r.name,
            ms(r.off),
            ms(r.on),
            show(ratio(r.off, r.on))
        );
        if guile {
            line += &format!(" {:>11} {:>9}", ms(r.guile), show(ratio(r.on, r.guile)));
        }
        if chez {
            line += &format!(" {:>11} {:>9}", ms(r.chez), show(ratio(r.on, r.chez)));
        }
        println!("{line}");
    }
    let means = [
        (
            "speed-up (jit=on vs jit=off)",
            true,
            geomean(rows.iter().map(|r| ratio(r.off, r.on))),
        ),
        (
            "jit=on / guile",
            guile,
            geomean(rows.iter().map(|r| ratio(r.on, r.guile))),
        ),
        (
            "jit=on / chez",
            chez,
            geomean(rows.iter().map(|r| ratio(r.on, r.chez))),
        ),
    ];
    for (what, wanted, mean) in means {
        if let (true, Some((m, n))) = (wanted, mean) {
            println!("geometric mean {what}: {m:.2}x over {n} programs");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_and_means_skip_missing_figures() {
        let s = |x| Some(Duration::from_secs(x));
        assert_eq!(ratio(s(4), s(2)), Some(2.0));
        assert_eq!(ratio(None, s(2)), None);
        let (m, n) = geomean([Some(2.0), None, Some(8.0)].into_iter()).unwrap();
        assert!((m - 4.0).abs() < 1e-9 && n == 2);
        assert!(geomean([None].into_iter()).is_none());
    }
}
