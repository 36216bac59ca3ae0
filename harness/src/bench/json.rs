//! `kiln bench --json`: the report as JSON, for tools and for comparing runs.
//!
//! ```text
//! { "format": 1,                       // bumped when a field changes meaning or goes away
//!   "runs": 3,                         // --runs
//!   "implementations": ["off", "tier1", "full", "guile", "chez", "rust"],   // those that took part
//!   "programs": [
//!     { "name": "fib",
//!       "error": null,                 // or why the program failed (then every time is null)
//!       "times": { "off": { "median_us": 812345.0, "runs_us": [812345.0, …] },   // every run, in order
//!                  "tier1": …, "full": …, "guile": …, "chez": …, "rust": … },    // null: no figure
//!       "ratios": { "speed-up": 21.3, "full/guile": 0.8, "full/chez": 1.9, "full/rust": 2.4 } } ],
//!   "means": { "speed-up": { "geomean": 12.1, "programs": 40 }, … } }        // null: no figure
//! ```
//!
//! Every key is always there (`null` for what is missing), whichever implementations ran;
//! `ratios` and `means` hold the ratios whose two implementations took part.

use super::report::{Impl, Report, Row, Times};
use serde_json::{json, Map, Value};
use std::time::Duration;

/// The version of the format above.
pub const FORMAT: u32 = 1;

fn micros(d: Duration) -> Value {
    json!(d.as_secs_f64() * 1e6)
}

fn times(t: Option<&Times>) -> Value {
    t.map_or(Value::Null, |t| {
        json!({
            "median_us": micros(t.median()),
            "runs_us": t.runs.iter().copied().map(micros).collect::<Vec<_>>(),
        })
    })
}

fn program(report: &Report, row: &Row) -> Value {
    let times: Map<String, Value> = Impl::ALL
        .into_iter()
        .map(|who| (who.key().to_string(), times(row.times(who))))
        .collect();
    let ratios: Map<String, Value> = report
        .ratios()
        .into_iter()
        .map(|r| (r.key().to_string(), json!(row.ratio(r))))
        .collect();
    json!({ "name": row.name, "error": row.error, "times": times, "ratios": ratios })
}

/// The report as a JSON value.
pub fn to_value(report: &Report) -> Value {
    let means: Map<String, Value> = report
        .ratios()
        .into_iter()
        .map(|r| {
            let mean = report
                .mean(r)
                .map(|m| json!({ "geomean": m.value, "programs": m.programs }));
            (r.key().to_string(), mean.unwrap_or(Value::Null))
        })
        .collect();
    json!({
        "format": FORMAT,
        "runs": report.runs,
        "implementations": report.present.iter().map(|w| w.key()).collect::<Vec<_>>(),
        "programs": report.rows.iter().map(|row| program(report, row)).collect::<Vec<_>>(),
        "means": means,
    })
}

/// The report as pretty-printed JSON text, with a final newline.
pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).expect("a Value serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::super::report::tests::sample;
    use super::*;

    #[test]
    fn every_figure_and_mean_round_trips() {
        let v: Value = serde_json::from_str(&render(&sample())).unwrap();
        assert_eq!(v["format"], 1);
        assert_eq!(v["runs"], 3);
        assert_eq!(
            v["implementations"],
            json!(["off", "tier1", "full", "guile", "chez", "rust"])
        );
        let fib = &v["programs"][0];
        assert_eq!(fib["name"], "fib");
        assert_eq!(fib["error"], Value::Null);
        assert_eq!(fib["times"]["off"]["median_us"], 900_000.0);
        assert_eq!(
            fib["times"]["off"]["runs_us"],
            json!([800_000.0, 900_000.0, 1_000_000.0])
        );
        assert_eq!(fib["ratios"]["speed-up"], 18.0);
        assert_eq!(fib["ratios"]["full/rust"], 5.0);
        assert_eq!(v["means"]["full/guile"]["geomean"], 0.5);
        assert_eq!(v["means"]["speed-up"]["programs"], 2);
    }

    #[test]
    fn missing_figures_are_null_and_names_are_escaped() {
        let text = render(&sample());
        let v: Value = serde_json::from_str(&text).unwrap();
        let odd = &v["programs"][1];
        assert_eq!(odd["name"], "a<b & \"c\"");
        assert!(text.contains(r#""a<b & \"c\"""#), "{text}");
        assert_eq!(odd["times"]["guile"], Value::Null);
        assert_eq!(odd["ratios"]["full/chez"], Value::Null);
        let bad = &v["programs"][2];
        assert_eq!(bad["error"], "output differs");
        for who in Impl::ALL {
            assert_eq!(bad["times"][who.key()], Value::Null, "{who:?}");
        }
    }

    #[test]
    fn only_present_ratios_and_null_means() {
        let mut report = sample();
        report.present = vec![Impl::Off, Impl::Tier1, Impl::Full, Impl::Guile];
        report.rows.truncate(1);
        report.rows[0].set(Impl::Guile, None);
        let v = to_value(&report);
        let means = v["means"].as_object().unwrap();
        let mut keys: Vec<&String> = means.keys().collect();
        keys.sort();
        assert_eq!(keys, ["full/guile", "speed-up"]);
        assert_eq!(means["full/guile"], Value::Null);
        // The times keep every key, so a reader need not know which implementations ran.
        assert_eq!(v["programs"][0]["times"].as_object().unwrap().len(), 6);
        assert_eq!(v["programs"][0]["times"]["guile"], Value::Null);
    }
}
