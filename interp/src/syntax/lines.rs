//! `LineReader`: datums from text that arrives a line at a time (the REPL).
//!
//! Whether the lines so far end inside a datum is the reader's own verdict, not a separate
//! scan: the real reader runs over the text, and when the end of the text cuts a datum (or a
//! string, or a block comment) short, its state is kept and it resumes right there when the next
//! line arrives. Each line is thus lexed once, however long the datum it belongs to, and every
//! datum is read once.

use super::datum::Datum;
use super::reader::{ReadError, ReadState, Reader};

/// What a line completed.
#[derive(Debug)]
pub enum Fed {
    /// The text ends inside a datum: more lines are needed.
    Incomplete,
    /// The text holds only complete datums (perhaps none), in order. The reader starts afresh.
    Complete(Vec<Datum>),
    /// The text is malformed: the datums before the error, and the error. The reader starts
    /// afresh; the rest of the text is dropped.
    Invalid(Vec<Datum>, ReadError),
}

/// Reads datums from lines; positions count every line fed since the reader was made, so a REPL
/// session's errors name the line as typed (as Guile's do), not the line within the entry.
pub struct LineReader {
    file: u32,
    /// The line number of the first line of `text`.
    first_line: u32,
    /// The lines since the last complete entry, each with its `\n`.
    text: String,
    /// Where reading stopped in `text`; `None` before the first line of an entry.
    state: Option<ReadState>,
    /// The datums of the entry read so far.
    done: Vec<Datum>,
}

impl LineReader {
    /// A reader whose positions name file `file`.
    pub fn new(file: u32) -> LineReader {
        LineReader {
            file,
            first_line: 1,
            text: String::new(),
            state: None,
            done: Vec::new(),
        }
    }

    /// Whether lines of an unfinished entry are pending.
    pub fn pending(&self) -> bool {
        !self.text.is_empty()
    }

    /// Drops the unfinished entry (the REPL's Ctrl-C); its lines still count.
    pub fn reset(&mut self) {
        let lines = self.text.bytes().filter(|&b| b == b'\n').count();
        self.first_line = self.first_line.saturating_add(lines as u32);
        self.text.clear();
        self.state = None;
        self.done.clear();
    }

    /// Adds one or more whole lines (`\n` is added at the end if missing) and reads on.
    pub fn feed(&mut self, lines: &str) -> Fed {
        self.text.push_str(lines);
        if !lines.ends_with('\n') {
            // Only whole lines: then the end of the text never splits a token other than the
            // multi-line ones (strings, barred symbols, block comments) the lexer can resume.
            self.text.push('\n');
        }
        let state = self
            .state
            .take()
            .unwrap_or_else(|| ReadState::at_line(self.file, self.first_line));
        let mut reader = Reader::resume(&self.text, state);
        let end = loop {
            match reader.next_datum() {
                Ok(Some(d)) => self.done.push(d),
                Ok(None) => break None,
                Err(e) if e.is_incomplete() => {
                    self.state = Some(reader.suspend());
                    return Fed::Incomplete;
                }
                Err(e) => break Some(e),
            }
        };
        let done = std::mem::take(&mut self.done);
        self.reset();
        match end {
            None => Fed::Complete(done),
            Some(e) => Fed::Invalid(done, e),
        }
    }
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
