//! Builds the http test app (`app.scm`) into components with the real `kiln bundle --http`, once
//! per process and mode.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// How the component's code is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `--jit=off`: everything interpreted.
    Off,
    /// The default: every lambda compiled.
    Eager,
    /// `--train-input app.train`: what got hot on the training requests.
    Trained,
}

pub const MODES: [Mode; 3] = [Mode::Off, Mode::Eager, Mode::Trained];

/// A built component and what `kiln bundle` said while building it.
#[derive(Debug, Clone)]
pub struct Built {
    pub path: PathBuf,
    pub stderr: String,
}

pub fn here() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/http")
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// Runs `kiln` with `args`.
pub fn kiln(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .output()
        .expect("running kiln")
}

/// The test app as a component built in `mode` (built on first use).
pub fn component(mode: Mode) -> Built {
    static BUILT: OnceLock<Mutex<Vec<(Mode, Built)>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    let mut built = built.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, b)) = built.iter().find(|(m, _)| *m == mode) {
        return b.clone();
    }
    let app = here().join("app.scm");
    let train = here().join("app.train");
    let out = scratch().join(format!("app-{mode:?}.wasm"));
    let (app, train, out_s) = (
        app.to_str().unwrap(),
        train.to_str().unwrap(),
        out.to_str().unwrap().to_string(),
    );
    let mut args = vec!["bundle", "--http", app, "-o", &out_s];
    match mode {
        Mode::Off => args.push("--jit=off"),
        Mode::Eager => {}
        Mode::Trained => args.extend(["--train-input", train]),
    }
    let output = kiln(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "kiln {args:?} failed:\n{stderr}");
    let b = Built { path: out, stderr };
    built.push((mode, b.clone()));
    b
}
