//! Printing a backtrace (`--backtrace=short|full`):
//!
//! ```text
//! prog.scm:3:5: error: +: expected a number x
//! backtrace (innermost first):
//!   prog.scm:3:5  in average
//!   prog.scm:7:3  in report
//!   prog.scm:9:1  at top level
//! ```
//!
//! The first line is the message at the failing expression; each frame line is where a
//! procedure was (the failing expression, or the call it was making) and which procedure.
//! `short` folds runs of one frame repeated (recursion) and shows the innermost
//! [`SHORT_INNER`] and outermost [`SHORT_OUTER`] lines; `full` shows every frame recorded.

use super::{Frame, Mode, Trace};
use crate::load::format_pos;
use crate::value::Value;
use crate::vm::Vm;
use std::fmt::Write;

/// Lines from the innermost frame that `short` shows.
pub const SHORT_INNER: usize = 10;
/// Lines from the outermost frame that `short` shows after an elision.
pub const SHORT_OUTER: usize = 2;

/// One line of the listing.
enum Line {
    Frame(Frame),
    /// The frame above is repeated this many more times.
    Repeated(usize),
    /// This many frames are not shown.
    Elided(usize),
}

/// The error report for condition `obj` with message text `text` (`MESSAGE IRRITANT…`):
/// `error: TEXT` alone, or with its location and backtrace.
pub fn report(vm: &Vm, obj: Value, text: &str, mode: Mode) -> String {
    let trace: &Trace = &vm.trace;
    let Some((first, omitted, tail)) = trace.of(obj).filter(|_| mode != Mode::Off) else {
        return format!("error: {text}\n");
    };
    let frames: Vec<Frame> = first.iter().chain(tail.iter()).copied().collect();
    let mut out = String::new();
    match frames.iter().find_map(|f| f.at) {
        Some(at) => {
            let _ = writeln!(out, "{}: error: {text}", format_pos(vm, at));
        }
        None => {
            let _ = writeln!(out, "error: {text}");
        }
    }
    if frames.is_empty() {
        return out;
    }
    out.push_str("backtrace (innermost first):\n");
    let lines = match mode {
        Mode::Full => {
            let mut lines: Vec<Line> = first.iter().map(|&f| Line::Frame(f)).collect();
            if omitted > 0 {
                lines.push(Line::Elided(omitted));
            }
            lines.extend(tail.iter().map(|&f| Line::Frame(f)));
            lines
        }
        _ => short(&frames, omitted, first.len()),
    };
    for line in lines {
        match line {
            Line::Frame(f) => {
                let _ = writeln!(out, "  {}", frame_text(vm, &f));
            }
            Line::Repeated(n) => {
                let _ = writeln!(out, "  … the frame above {n} more time{}", plural(n));
            }
            Line::Elided(n) => {
                let _ = writeln!(out, "  … {n} more frame{}", plural(n));
            }
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn same(a: &Frame, b: &Frame) -> bool {
    a.at == b.at && a.lambda.map(|l| l as *const _) == b.lambda.map(|l| l as *const _)
}

/// The `short` listing: runs folded, then the innermost and outermost lines. `omitted` frames
/// were dropped after the first `split` of `frames`.
fn short(frames: &[Frame], omitted: usize, split: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut i = 0;
    while i < frames.len() {
        if i == split && omitted > 0 {
            lines.push(Line::Elided(omitted));
        }
        let f = frames[i];
        let mut j = i + 1;
        // A run does not cross the dropped frames.
        while j < frames.len() && same(&frames[j], &f) && !(j == split && omitted > 0) {
            j += 1;
        }
        lines.push(Line::Frame(f));
        if j - i > 1 {
            lines.push(Line::Repeated(j - i - 1));
        }
        i = j;
    }
    if lines.len() <= SHORT_INNER + SHORT_OUTER + 1 {
        return lines;
    }
    let hidden_lines = lines.len() - SHORT_INNER - SHORT_OUTER;
    let mut hidden = 0;
    for line in &lines[SHORT_INNER..SHORT_INNER + hidden_lines] {
        hidden += match line {
            Line::Frame(_) => 1,
            Line::Repeated(n) | Line::Elided(n) => *n,
        };
    }
    let mut outer = lines.split_off(SHORT_INNER + hidden_lines);
    lines.truncate(SHORT_INNER);
    lines.push(Line::Elided(hidden));
    lines.append(&mut outer);
    lines
}

/// `POS  in NAME` for one frame.
fn frame_text(vm: &Vm, f: &Frame) -> String {
    let what = match f.lambda {
        None => "in a procedure".to_string(),
        Some(l) => match &l.name {
            Some(name) => format!("in {name}"),
            // Only a top-level form's lambda has no position.
            None if l.pos.line == 0 => "at top level".to_string(),
            None => format!("in the lambda at {}", format_pos(vm, l.pos)),
        },
    };
    match (f.at, f.lambda) {
        (Some(at), _) => format!("{}  {what}", format_pos(vm, at)),
        (None, Some(l)) if l.pos.line != 0 => {
            format!("[compiled]  {what} (defined at {})", format_pos(vm, l.pos))
        }
        (None, _) => format!("[compiled]  {what}"),
    }
}
