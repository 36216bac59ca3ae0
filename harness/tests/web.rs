//! The browser demo page's tests (`web/tests/`), run by Node: unit tests of the page's JavaScript
//! modules, and the end-to-end test in headless Chromium against `kiln serve`.
//!
//! They need `node`, `/usr/bin/chromium` and `npm ci` in `web/tests`; `tests/run.sh` installs
//! them. Without them these tests fail and say what to install.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian's chromium, as `web/tests/e2e.mjs` launches it (unless `CHROMIUM` says otherwise).
const CHROMIUM: &str = "/usr/bin/chromium";

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/tests")
}

/// Panics with the fix when a prerequisite is missing.
fn require_node_packages() {
    let node = Command::new("node").arg("--version").output();
    assert!(
        node.map(|o| o.status.success()).unwrap_or(false),
        "node is not installed: run tests/run.sh, which installs what the web tests need"
    );
    assert!(
        tests_dir().join("node_modules/playwright-core").is_dir(),
        "web/tests/node_modules is missing: run `npm ci` in web/tests (tests/run.sh does)"
    );
}

/// Runs `node ARGS…` in `web/tests` and fails with its output unless it succeeds.
fn node(args: &[&str]) {
    let output = Command::new("node")
        .args(args)
        .current_dir(tests_dir())
        // The guest wasm has been built by now: its unit tests must not skip.
        .env("KILN_REQUIRE_GUEST", "1")
        .output()
        .expect("running node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "node {} failed:\n{text}",
        args.join(" ")
    );
    println!("{text}");
}

#[test]
fn javascript_modules() {
    require_node_packages();
    node(&["--test", "unit.test.mjs"]);
}

#[test]
fn page_in_headless_chromium() {
    require_node_packages();
    let browser = std::env::var("CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string());
    assert!(
        Path::new(&browser).exists(),
        "{browser} is missing: `apt-get install -y chromium` (tests/run.sh does)"
    );
    node(&["e2e.mjs", env!("CARGO_BIN_EXE_kiln")]);
}
