//! `kiln repl`: an interactive session with one guest instance that keeps its state.

use crate::cli::ReplArgs;
use crate::guest::{Guest, GuestSession};
use crate::halt::{Halt, RunInfo};
use crate::host::{Access, Host};
use anyhow::{anyhow, Context, Result};
use kiln_jit::abi::export;
use rustyline::error::ReadlineError;
use rustyline::DefaultEditor;
use std::io::{BufRead, IsTerminal};
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
    let dirs = match args.libraries.dirs(None) {
        Ok(dirs) => dirs,
        Err(refusal) => return Ok(refusal.report()),
    };
    let access = Access {
        env: args.env.variables(),
        dirs: dirs.clone(),
    };
    let host = Host::with_access(
        &["kiln".to_string()],
        args.guest.max_memory,
        args.guest.dump_jit.clone(),
        &access,
    )?;
    let mut host = host;
    host.jit.fault = args.guest.jit_fault.host_fault();
    let mut session = GuestSession::start(guest, host)?;
    let mut settings = args.guest.guest_settings();
    settings.extend(args.guest.compile_setting());
    settings.extend(crate::cli::library_settings(&dirs));
    session.configure(&settings)?;
    let result = drive(&mut session, input).and_then(|status| {
        // The statistics a run prints at its end (`--jit-stats`, `--gc-stats`).
        session.call::<(), ()>(export::REPL_FINISH, ())?;
        Ok(status)
    });
    if result.is_err() {
        crate::guest::write_stdout(&session.take_output());
    }
    crate::run::report_background(&session, args.guest.jit_stats);
    result
}

/// The guest's side of a session, as [`drive`] sees it.
trait Eval {
    /// Sends one more line (without its line ending) to `kiln_repl_eval`; returns its status.
    fn line(&mut self, line: &str) -> Result<i32, Halt>;
    /// Drops the guest's unfinished entry (`kiln_repl_reset`).
    fn reset(&mut self) -> Result<(), Halt>;
}

impl Eval for GuestSession {
    fn line(&mut self, line: &str) -> Result<i32, Halt> {
        self.repl_eval(&format!("{line}\n"))
    }

    fn reset(&mut self) -> Result<(), Halt> {
        self.call::<(), ()>(export::REPL_RESET, ())
    }
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

/// Feeds lines to `eval` until end of input. The guest keeps an unfinished datum's lines and
/// reads on from where it stopped, so each line is sent once: a datum of n lines costs O(n).
fn drive(eval: &mut dyn Eval, input: &mut dyn Input) -> Result<i32, Halt> {
    // The unfinished entry's lines, for the history only.
    let mut entry = String::new();
    let mut continuing = false;
    loop {
        match input.read(continuing)? {
            Line::Eof if continuing && input.strict_eof() => {
                eprintln!("kiln: end of input inside an unfinished datum");
                return Ok(EXIT_UNFINISHED);
            }
            Line::Eof => return Ok(0),
            Line::Interrupted => {
                if continuing {
                    eval.reset()?;
                }
                entry.clear();
                continuing = false;
            }
            Line::Text(line) if !continuing && line.trim().is_empty() => {
                // No entry and no history, but the guest counts the line: positions in errors
                // are the session's lines.
                eval.line(&line)?;
            }
            Line::Text(line) => {
                entry.push_str(&line);
                entry.push('\n');
                match eval.line(&line)? {
                    INCOMPLETE => continuing = true,
                    DONE | ERROR => {
                        input.entered(entry.trim_end());
                        entry.clear();
                        continuing = false;
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
        let mut bytes = Vec::new();
        let n = std::io::stdin()
            .lock()
            .read_until(b'\n', &mut bytes)
            .context("reading stdin")?;
        Ok(if n == 0 {
            Line::Eof
        } else {
            Line::Text(decode_line(&bytes))
        })
    }

    fn strict_eof(&self) -> bool {
        true
    }
}

/// A line of bytes without its line ending, as text: invalid UTF-8 becomes U+FFFD, as in source
/// files. A whole line never splits a UTF-8 sequence (no sequence holds the byte `\n`).
fn decode_line(bytes: &[u8]) -> String {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    String::from_utf8_lossy(bytes).into_owned()
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

    /// A fake guest: keeps the lines it was sent while parentheses are unbalanced (incomplete),
    /// error on "bad". Records each line it is sent, and `^C` for each reset.
    #[derive(Default)]
    struct Fake {
        pending: String,
        calls: Vec<String>,
    }

    impl Eval for Fake {
        fn line(&mut self, line: &str) -> Result<i32, Halt> {
            self.calls.push(line.to_string());
            self.pending.push_str(line);
            let text = std::mem::take(&mut self.pending);
            Ok(if text.matches('(').count() > text.matches(')').count() {
                self.pending = text;
                INCOMPLETE
            } else if text.contains("bad") {
                ERROR
            } else {
                DONE
            })
        }

        fn reset(&mut self) -> Result<(), Halt> {
            self.calls.push("^C".to_string());
            self.pending.clear();
            Ok(())
        }
    }

    fn drive_script(lines: Vec<&'static str>, strict: bool) -> (i32, Vec<String>, Vec<String>) {
        let mut script = Script {
            lines,
            entered: Vec::new(),
            strict,
        };
        let mut fake = Fake::default();
        let status = drive(&mut fake, &mut script).unwrap();
        (status, fake.calls, script.entered)
    }

    #[test]
    fn each_line_is_sent_once() {
        let (status, calls, entered) = drive_script(vec!["(+ 1", "   2)", "3"], true);
        assert_eq!(status, 0);
        assert_eq!(calls, ["(+ 1", "   2)", "3"]);
        assert_eq!(entered, ["(+ 1\n   2)", "3"]);
    }

    #[test]
    fn errors_do_not_end_the_session() {
        let (status, calls, _) = drive_script(vec!["(bad)", "(ok)"], true);
        assert_eq!((status, calls.len()), (0, 2));
    }

    #[test]
    fn blank_lines_between_datums_are_counted_but_not_entries() {
        // The guest sees every line (its positions count them); history sees only entries.
        let (_, calls, entered) = drive_script(vec!["", "  ", "(a", "", "b)"], true);
        assert_eq!(calls, ["", "  ", "(a", "", "b)"]);
        assert_eq!(entered, ["(a\n\nb)"]);
    }

    #[test]
    fn interrupt_discards_pending_input() {
        let (_, calls, entered) = drive_script(vec!["(a", "^C", "(b)", "^C"], true);
        // Only an unfinished entry needs resetting in the guest.
        assert_eq!(calls, ["(a", "^C", "(b)"]);
        assert_eq!(entered, ["(b)"]);
    }

    #[test]
    fn end_inside_a_datum_is_an_error_only_when_strict() {
        assert_eq!(drive_script(vec!["(a"], true).0, EXIT_UNFINISHED);
        assert_eq!(drive_script(vec!["(a"], false).0, 0);
        assert_eq!(drive_script(vec!["(a)"], true).0, 0);
    }

    #[test]
    fn lines_are_decoded_like_source_files() {
        assert_eq!(decode_line(b"(display 1)\r\n"), "(display 1)");
        assert_eq!(decode_line(b"a\xffb\xe2\x82\n"), "a\u{fffd}b\u{fffd}");
        assert_eq!(decode_line("λ".as_bytes()), "λ");
    }

    #[test]
    fn unknown_status_is_a_host_error() {
        let mut script = Script {
            lines: vec!["x"],
            entered: Vec::new(),
            strict: true,
        };
        struct Seven;
        impl Eval for Seven {
            fn line(&mut self, _: &str) -> Result<i32, Halt> {
                Ok(7)
            }
            fn reset(&mut self) -> Result<(), Halt> {
                Ok(())
            }
        }
        let result = drive(&mut Seven, &mut script);
        assert!(matches!(result, Err(Halt::Host(_))));
    }
}
