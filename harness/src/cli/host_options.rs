//! Options about what a guest may see of the host: its library directories (`-L DIR`, the
//! program's directory, `KILN_LIBRARY_PATH`) and its environment variables (`--env`,
//! `--inherit-env`, as wasmtime's CLI has them).

use super::preflight::Refusal;
use clap::Args;
use std::path::{Component, Path, PathBuf};

/// Exit status for a library directory that cannot be read (EX_NOINPUT).
const EXIT_NO_INPUT: i32 = 66;

/// The environment variable holding more library directories (separated as in `PATH`).
pub const LIBRARY_PATH_VAR: &str = "KILN_LIBRARY_PATH";

/// `-L DIR` / `--library-path DIR` (for `run`, `repl` and `bundle`).
#[derive(Args, Debug, Clone, Default)]
pub struct LibraryOptions {
    /// Look for imported libraries in DIR too (`(a b c)` is DIR/a/b/c.sld, or .scm);
    /// repeatable, searched in order after the program's directory and before
    /// $KILN_LIBRARY_PATH.
    #[arg(short = 'L', long = "library-path", value_name = "DIR")]
    pub library_path: Vec<PathBuf>,
}

/// `--env` and `--inherit-env` (for `run` and `repl`).
#[derive(Args, Debug, Clone, Default)]
pub struct EnvOptions {
    /// Give the program the environment variable NAME with value VAL, or with `--env NAME`
    /// the value NAME has here (repeatable). The program sees no other variables unless
    /// `--inherit-env` is given.
    #[arg(long = "env", value_name = "NAME[=VAL]")]
    pub env: Vec<String>,
    /// Give the program every environment variable of this process.
    #[arg(long)]
    pub inherit_env: bool,
}

impl EnvOptions {
    /// The variables the guest gets, in order (later ones win in the guest's `getenv`).
    pub fn variables(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut set = |k: String, v: String| match out.iter_mut().find(|(n, _)| *n == k) {
            Some(slot) => slot.1 = v,
            None => out.push((k, v)),
        };
        if self.inherit_env {
            for (k, v) in std::env::vars_os() {
                if let (Ok(k), Ok(v)) = (k.into_string(), v.into_string()) {
                    set(k, v);
                }
            }
        }
        for spec in &self.env {
            match spec.split_once('=') {
                Some((k, v)) => set(k.to_string(), v.to_string()),
                // `--env NAME` passes NAME through, when it is set here.
                None => {
                    if let Ok(v) = std::env::var(spec) {
                        set(spec.clone(), v);
                    }
                }
            }
        }
        out
    }
}

/// A library directory as the guest names it, and the host directory to preopen there
/// (`None`: it lies under the current directory, which is always preopened as `.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryDir {
    pub guest: String,
    pub host: Option<PathBuf>,
}

impl LibraryOptions {
    /// The library path of a run of `program` (`None` for the REPL: the current directory):
    /// the program's directory, each `-L DIR`, then `$KILN_LIBRARY_PATH`'s directories that
    /// exist. A `-L DIR` that is not a directory is refused.
    pub fn dirs(&self, program: Option<&Path>) -> Result<Vec<LibraryDir>, Refusal> {
        let mut out: Vec<LibraryDir> = Vec::new();
        let mut add = |d: LibraryDir| {
            if !out.contains(&d) {
                out.push(d);
            }
        };
        let home = match program.and_then(Path::parent) {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        add(library_dir(&home).map_err(|e| refuse(&home, &e))?);
        for dir in &self.library_path {
            if !dir.is_dir() {
                return Err(refuse(dir, "not a directory"));
            }
            add(library_dir(dir).map_err(|e| refuse(dir, &e))?);
        }
        if let Some(paths) = std::env::var_os(LIBRARY_PATH_VAR) {
            for dir in std::env::split_paths(&paths).filter(|d| d.is_dir()) {
                if let Ok(d) = library_dir(&dir) {
                    add(d);
                }
            }
        }
        Ok(out)
    }
}

fn refuse(dir: &Path, why: &str) -> Refusal {
    Refusal {
        message: format!("cannot use library directory {}: {why}", dir.display()),
        status: EXIT_NO_INPUT,
    }
}

/// How the guest reaches `dir`: by the same relative path when it lies under the current
/// directory (preopened as `.`), else by its absolute path, preopened as such.
fn library_dir(dir: &Path) -> Result<LibraryDir, String> {
    let under_cwd = dir.is_relative()
        && dir
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if under_cwd {
        let guest: PathBuf = dir
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .collect();
        let guest = guest.to_string_lossy().into_owned();
        return Ok(LibraryDir {
            guest: if guest.is_empty() { ".".into() } else { guest },
            host: None,
        });
    }
    let abs = dir.canonicalize().map_err(|e| e.to_string())?;
    let guest = abs
        .to_str()
        .ok_or_else(|| "the path is not valid UTF-8".to_string())?
        .to_string();
    Ok(LibraryDir {
        guest,
        host: Some(abs),
    })
}

/// The guest options that give it the library path.
pub fn library_settings(dirs: &[LibraryDir]) -> Vec<String> {
    dirs.iter()
        .map(|d| format!("library-path={}", d.guest))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_under_the_current_one_keep_their_relative_name() {
        let d = library_dir(Path::new("./a/b")).unwrap();
        assert_eq!((d.guest.as_str(), d.host), ("a/b", None));
        assert_eq!(library_dir(Path::new(".")).unwrap().guest, ".");
    }

    #[test]
    fn other_directories_are_preopened_at_their_absolute_path() {
        let tmp = std::env::temp_dir().canonicalize().unwrap();
        let d = library_dir(&tmp).unwrap();
        assert_eq!(d.host.as_deref(), Some(tmp.as_path()));
        assert_eq!(d.guest, tmp.to_str().unwrap());
        let up = library_dir(Path::new("..")).unwrap();
        assert!(up.host.is_some() && Path::new(&up.guest).is_absolute());
    }

    #[test]
    fn the_program_directory_comes_first_and_bad_dirs_are_refused() {
        let opts = LibraryOptions {
            library_path: vec![PathBuf::from("."), PathBuf::from("src")],
        };
        let dirs = opts.dirs(Some(Path::new("prog.scm"))).unwrap();
        assert_eq!(dirs[0].guest, ".");
        assert_eq!(dirs[1].guest, "src");
        assert_eq!(
            library_settings(&dirs[..2]),
            ["library-path=.", "library-path=src"]
        );
        let bad = LibraryOptions {
            library_path: vec![PathBuf::from("no/such/dir")],
        };
        let refusal = bad.dirs(None).unwrap_err();
        assert_eq!(refusal.status, EXIT_NO_INPUT);
        assert!(
            refusal.message.contains("no/such/dir"),
            "{}",
            refusal.message
        );
    }

    #[test]
    fn env_options_set_and_pass_through() {
        let opts = EnvOptions {
            env: vec!["A=1".into(), "B=x=y".into(), "A=2".into(), "PATH".into()],
            inherit_env: false,
        };
        let vars = opts.variables();
        assert_eq!(vars[0], ("A".into(), "2".into()));
        assert_eq!(vars[1], ("B".into(), "x=y".into()));
        assert_eq!(
            vars.get(2).map(|v| v.0.as_str()),
            std::env::var("PATH").ok().map(|_| "PATH")
        );
        let none = EnvOptions {
            env: vec!["KILN_SURELY_UNSET_VARIABLE".into()],
            inherit_env: false,
        };
        assert!(none.variables().is_empty());
    }
}
