//! Where `kiln bench` writes its report: the table on stdout (on stderr when the JSON goes to
//! stdout), `--json FILE` and `--svg FILE`. The files are created before anything is timed, so
//! an unwritable path fails at once (73) rather than after a half-hour run.

use super::report::Report;
use super::{json, svg, table};
use crate::cli::{Refusal, EXIT_CANT_CREATE, EXIT_USAGE};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The report's destinations, opened.
pub struct Outputs {
    /// `None`: no `--json`; `Some(None)`: stdout; `Some(Some(..))`: a file.
    json: Option<Option<(PathBuf, File)>>,
    svg: Option<(PathBuf, File)>,
}

fn create(path: &Path, what: &str) -> Result<(PathBuf, File), Refusal> {
    File::create(path)
        .map(|f| (path.to_path_buf(), f))
        .map_err(|e| Refusal {
            message: format!("cannot create the {what} file {}: {e}", path.display()),
            status: EXIT_CANT_CREATE,
        })
}

impl Outputs {
    /// Creates the `--json` and `--svg` files (`-` is stdout for `--json` only).
    pub fn open(json: Option<&Path>, svg: Option<&Path>) -> Result<Outputs, Refusal> {
        if svg == Some(Path::new("-")) {
            return Err(Refusal {
                message: "--svg needs a file name (only --json writes to stdout, as `-`)".into(),
                status: EXIT_USAGE,
            });
        }
        let json = match json {
            None => None,
            Some(p) if p == Path::new("-") => Some(None),
            Some(p) => Some(Some(create(p, "--json")?)),
        };
        let svg = svg.map(|p| create(p, "--svg")).transpose()?;
        Ok(Outputs { json, svg })
    }

    /// Prints the table and writes the files; the exit status if one could not be written.
    pub fn write(self, report: &Report) -> Option<i32> {
        let text = table::render(report);
        let mut status = None;
        let mut fail = |what: &str, e: std::io::Error| {
            eprintln!("kiln: cannot write {what}: {e}");
            status = Some(EXIT_CANT_CREATE);
        };
        match self.json {
            Some(None) => {
                eprint!("{text}");
                let mut out = std::io::stdout().lock();
                if let Err(e) = out
                    .write_all(json::render(report).as_bytes())
                    .and_then(|()| out.flush())
                {
                    fail("the JSON report to stdout", e);
                }
            }
            json => {
                print!("{text}");
                if let Some(Some((path, mut f))) = json {
                    if let Err(e) = f.write_all(json::render(report).as_bytes()) {
                        fail(&format!("the JSON report to {}", path.display()), e);
                    }
                }
            }
        }
        if let Some((path, mut f)) = self.svg {
            if let Err(e) = f.write_all(svg::render(report).as_bytes()) {
                fail(&format!("the chart to {}", path.display()), e);
            }
        }
        status
    }
}
