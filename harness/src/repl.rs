//! `kiln repl`: an interactive session with one guest instance that keeps its state.

use crate::cli::ReplArgs;
use crate::guest::{Guest, GuestSession};
use crate::halt::{Halt, RunInfo};
use crate::host::Host;
use anyhow::{anyhow, Context, Result};
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Prompt for a new datum.
const PROMPT: &str = "kiln> ";
/// Prompt while the input so far ends inside an unfinished datum.
const CONTINUE: &str = "  ... ";
/// Exit status when piped input ends inside an unfinished datum (EX_DATAERR, as a syntax error).
const EXIT_UNFINISHED: i32 = 65;

/// `kiln_repl_eval` statuses.
const DONE: i32 = 0;
const ERROR: i32 = 1;
const INCOMPLETE: i32 = 2;

/// Runs the session until end of input (or Scheme `exit`) and returns the exit status.
pub fn repl(args: &ReplArgs) -> Result<i32> {
    let info = RunInfo {
        subject: "the REPL session".into(),
        timeout_secs: None,
        max_memory_mib: args.guest.max_memory,
    };
    let guest = Guest::load(false)?;
    let mut input: Box<dyn Input> = if std::io::stdin().is_terminal() {
        Box::new(Terminal::open()?)
    } else {
        Box::new(Piped)
    };
    let status = match session(&guest, args, input.as_mut()) {
        Ok(status) => status,
        Err(halt) => halt.report(&info),
    };
    input.close();
    Ok(status)
}

fn session(guest: &Guest, args: &ReplArgs, input: &mut dyn Input) -> Result<i32, Halt> {
    let host = Host::new(
        &["kiln".to_string()],
        args.guest.max_memory,
        args.guest.dump_jit.clone(),
    )?;
    let mut host = host;
    if args.guest.jit_fault == crate::cli::JitFault::Refuse {
        host.jit.fault = kiln_linker::dynamic::Fault::Refuse;
    }
    let mut session = GuestSession::start(guest, host)?;
    session.configure(&args.guest.guest_settings())?;
    let result = drive(&mut |text| session.repl_eval(text), input);
    if result.is_err() {
        crate::guest::write_stdout(&session.take_output());
    }
    result
}

/// One line of input, or why there is none.
#[derive(Debug, PartialEq)]
enum Line {
    /// A line, without its line ending.
    Text(String),
    /// Ctrl-C: drop the input gathered so far.
    Interrupted,
    /// Ctrl-D or end of the piped input.
    Eof,
}

/// Where REPL lines come from.
trait Input {
    /// Reads a line; `continuing` says the input so far is an unfinished datum.
    fn read(&mut self, continuing: bool) -> Result<Line>;
    /// Called with each complete entry (for history).
    fn entered(&mut self, _entry: &str) {}
    /// Whether end of input inside an unfinished datum is an error (not for a user's Ctrl-D).
    fn strict_eof(&self) -> bool;
    /// Called once at the end of the session.
    fn close(&mut self) {}
}

/// Feeds lines to `eval` (the guest's `kiln_repl_eval`), accumulating them while it says the
/// datum is unfinished, until end of input.
fn drive(
    eval: &mut dyn FnMut(&str) -> Result<i32, Halt>,
    input: &mut dyn Input,
) -> Result<i32, Halt> {
    let mut pending = String::new();
    loop {
        match input.read(!pending.is_empty())? {
            Line::Eof if !pending.trim().is_empty() && input.strict_eof() => {
                eprintln!("kiln: end of input inside an unfinished datum");
                return Ok(EXIT_UNFINISHED);
            }
            Line::Eof => return Ok(0),
            Line::Interrupted => pending.clear(),
            Line::Text(line) if pending.is_empty() && line.trim().is_empty() => {}
            Line::Text(line) => {
                pending.push_str(&line);
                pending.push('\n');
                match eval(&pending)? {
                    INCOMPLETE => {}
                    DONE | ERROR => {
                        input.entered(pending.trim_end());
                        pending.clear();
                    }
                    other => {
                        return Err(anyhow!("kiln_repl_eval returned unknown status {other}").into())
                    }
                }
            }
        }
    }
}

/// Lines from a non-terminal stdin, without prompts. It takes stdin's lock only per line: the
/// guest reads the same `std::io::Stdin` through WASI (Scheme `read-line` in a piped session
/// reads the next input line), so holding the lock would deadlock.
struct Piped;

impl Input for Piped {
    fn read(&mut self, _continuing: bool) -> Result<Line> {
        let mut line = String::new();
        let n = std::io::stdin()
            .read_line(&mut line)
            .context("reading stdin")?;
        let line = line.strip_suffix('\n').unwrap_or(&line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        Ok(if n == 0 {
            Line::Eof
        } else {
            Line::Text(line.to_string())
        })
    }

    fn strict_eof(&self) -> bool {
        true
    }
}

/// Lines from a terminal, through rustyline, with prompts and persistent history.
struct Terminal {
    editor: DefaultEditor,
    history: Option<PathBuf>,
}

impl Terminal {
    fn open() -> Result<Terminal> {
        let mut editor = DefaultEditor::new().context("opening the terminal")?;
        let history = history_file();
        if let Some(path) = &history {
            let _ = editor.load_history(path);
        }
        Ok(Terminal { editor, history })
    }
}

impl Input for Terminal {
    fn read(&mut self, continuing: bool) -> Result<Line> {
        match self
            .editor
            .readline(if continuing { CONTINUE } else { PROMPT })
        {
            Ok(line) => Ok(Line::Text(line)),
            Err(ReadlineError::Interrupted) => Ok(Line::Interrupted),
            Err(ReadlineError::Eof) => Ok(Line::Eof),
            Err(err) => Err(err).context("reading a line"),
        }
    }

    fn entered(&mut self, entry: &str) {
        let _ = self.editor.add_history_entry(entry);
    }

    fn strict_eof(&self) -> bool {
        false
    }

    /// Saves the history; failures only lose history, so they are ignored.
    fn close(&mut self) {
        if let Some(path) = &self.history {
            if let Some(dir) = path.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = self.editor.save_history(path);
        }
    }
}

/// `$XDG_DATA_HOME/kiln/history`, else `~/.local/share/kiln/history`.
fn history_file() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from);
    let base =
        xdg.or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("kiln").join("history"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scripted input: lines, then `Interrupted` where a line is `^C`, then end of input.
    struct Script {
        lines: Vec<&'static str>,
        entered: Vec<String>,
        strict: bool,
    }

    impl Input for Script {
        fn read(&mut self, _continuing: bool) -> Result<Line> {
            Ok(match self.lines.is_empty() {
                true => Line::Eof,
                false => match self.lines.remove(0) {
                    "^C" => Line::Interrupted,
                    line => Line::Text(line.to_string()),
                },
            })
        }
        fn entered(&mut self, entry: &str) {
            self.entered.push(entry.to_string());
        }
        fn strict_eof(&self) -> bool {
            self.strict
        }
    }

    /// A fake guest: incomplete while parentheses are unbalanced, error on "bad".
    fn fake_eval(calls: &mut Vec<String>) -> impl FnMut(&str) -> Result<i32, Halt> + '_ {
        |text| {
            calls.push(text.to_string());
            let unbalanced = text.matches('(').count() > text.matches(')').count();
            Ok(if unbalanced {
                INCOMPLETE
            } else if text.contains("bad") {
                ERROR
            } else {
                DONE
            })
        }
    }

    fn drive_script(lines: Vec<&'static str>, strict: bool) -> (i32, Vec<String>, Vec<String>) {
        let mut script = Script {
            lines,
            entered: Vec::new(),
            strict,
        };
        let mut calls = Vec::new();
        let status = drive(&mut fake_eval(&mut calls), &mut script).unwrap();
        (status, calls, script.entered)
    }

    #[test]
    fn unfinished_datums_accumulate_lines() {
        let (status, calls, entered) = drive_script(vec!["(+ 1", "   2)", "3"], true);
        assert_eq!(status, 0);
        assert_eq!(calls, ["(+ 1\n", "(+ 1\n   2)\n", "3\n"]);
        assert_eq!(entered, ["(+ 1\n   2)", "3"]);
    }

    #[test]
    fn errors_do_not_end_the_session() {
        let (status, calls, _) = drive_script(vec!["(bad)", "(ok)"], true);
        assert_eq!((status, calls.len()), (0, 2));
    }

    #[test]
    fn blank_lines_are_skipped_between_datums() {
        let (_, calls, _) = drive_script(vec!["", "  ", "(a", "", "b)"], true);
        assert_eq!(calls, ["(a\n", "(a\n\n", "(a\n\nb)\n"]);
    }

    #[test]
    fn interrupt_discards_pending_input() {
        let (_, calls, _) = drive_script(vec!["(a", "^C", "(b)"], true);
        assert_eq!(calls, ["(a\n", "(b)\n"]);
    }

    #[test]
    fn end_inside_a_datum_is_an_error_only_when_strict() {
        assert_eq!(drive_script(vec!["(a"], true).0, EXIT_UNFINISHED);
        assert_eq!(drive_script(vec!["(a"], false).0, 0);
    }

    #[test]
    fn unknown_status_is_a_host_error() {
        let mut script = Script {
            lines: vec!["x"],
            entered: Vec::new(),
            strict: true,
        };
        let result = drive(&mut |_: &str| Ok(7), &mut script);
        assert!(matches!(result, Err(Halt::Host(_))));
    }
}
