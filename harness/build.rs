//! Builds the Kiln guest (`interp/`, crate `kiln-interp`) for wasm32-wasip1 and hands it to the
//! `kiln` binary: the wasm goes to `$OUT_DIR/kiln_guest.wasm` (for `include_bytes!`) and its hash
//! to the `KILN_GUEST_HASH` env var (the key of the compiled-module cache). The same cargo run
//! builds `kiln bench`'s Rust kernels (`harness/bench-kernels`, about a hundred lines without
//! dependencies), which go to `$OUT_DIR/kiln_bench_kernels.wasm`.
//!
//! After the pattern of wasmtime's `crates/test-programs/artifacts/build.rs`: a nested cargo with
//! its own target dir, so it never waits on the outer build's lock, and without the outer build's
//! environment, which describes the host build and would leak into the guest's.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

const TARGET: &str = "wasm32-wasip1";
const PROFILE: &str = "guest";

fn main() {
    let workspace = workspace_root();
    rerun_if_changed(&workspace);
    check_target_installed();
    build_guest(&workspace);
    let bytes = copy_out(&workspace, "kiln_interp.wasm", "kiln_guest.wasm");
    println!("cargo:rustc-env=KILN_GUEST_HASH={:016x}", fnv1a(&bytes));
    copy_out(
        &workspace,
        "kiln-bench-kernels.wasm",
        "kiln_bench_kernels.wasm",
    );
}

/// Copies the built `artifact` into `$OUT_DIR/name`; returns its bytes.
fn copy_out(workspace: &Path, artifact: &str, name: &str) -> Vec<u8> {
    let wasm = workspace
        .join("target/guest")
        .join(TARGET)
        .join(PROFILE)
        .join(artifact);
    let bytes = std::fs::read(&wasm)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", wasm.display())));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join(name), &bytes)
        .unwrap_or_else(|e| fail(&format!("cannot write {name} into OUT_DIR: {e}")));
    bytes
}

fn workspace_root() -> PathBuf {
    let manifest =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("harness/ lives in the workspace")
        .to_path_buf()
}

/// Everything the guest build reads: its crates' sources and manifests (and the kernels'), the
/// workspace manifest (which holds `[profile.guest]`) and the lock file.
fn rerun_if_changed(workspace: &Path) {
    for path in [
        "interp/src",
        "interp/Cargo.toml",
        "interp/build.rs",
        "jit/src",
        "jit/Cargo.toml",
        "harness/bench-kernels/src",
        "harness/bench-kernels/Cargo.toml",
        "Cargo.toml",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", workspace.join(path).display());
    }
}

/// Fails early with the fix when the wasm32-wasip1 standard library is missing, instead of
/// letting the nested cargo fail with "can't find crate for `core`".
fn check_target_installed() {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output();
    let libdir = match output {
        Ok(o) if o.status.success() => PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()),
        _ => fail(&format!(
            "rustc does not know the {TARGET} target; run `rustup target add {TARGET}`"
        )),
    };
    if !libdir.is_dir() {
        fail(&format!(
            "the {TARGET} standard library is not installed; run `rustup target add {TARGET}`"
        ));
    }
}

fn build_guest(workspace: &Path) {
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(workspace)
        .args([
            "build",
            "-p",
            "kiln-interp",
            "--lib",
            // The kernels: one small binary; building it in the same run costs well under a second.
            "-p",
            "kiln-bench-kernels",
            "--bins",
            "--target",
            TARGET,
            "--profile",
            PROFILE,
        ])
        .arg("--target-dir")
        .arg(workspace.join("target/guest"));
    scrub_env(&mut cmd);
    let status = cmd
        .status()
        .unwrap_or_else(|e| fail(&format!("cannot run cargo: {e}")));
    if !status.success() {
        fail(
            "building the guest (kiln-interp for wasm32-wasip1) or the bench kernels failed; \
             see the errors above",
        );
    }
}

/// Removes the outer build's settings: flags and wrappers meant for the host compiler, the outer
/// target dir and target, its jobserver, and profile overrides.
fn scrub_env(cmd: &mut Command) {
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_MAKEFLAGS",
        "MAKEFLAGS",
        "MFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_RUSTC_WRAPPER",
        "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
    ] {
        cmd.env_remove(var);
    }
    for (var, _) in env::vars_os() {
        if var.to_string_lossy().starts_with("CARGO_PROFILE_") {
            cmd.env_remove(var);
        }
    }
}

/// FNV-1a, 64 bits: a stable hash (unlike `DefaultHasher`, it is fixed by definition).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn fail(msg: &str) -> ! {
    eprintln!("error: kiln build: {msg}");
    exit(1)
}
