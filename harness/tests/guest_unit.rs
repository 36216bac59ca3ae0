//! Runs `kiln-interp`'s unit tests in their real memory model. Heap objects are 32-bit
//! linear-memory addresses, so the tests of the primitives, the printer and the GC only mean
//! something inside Wasm: this builds the crate's test binary for wasm32-wasip1 and runs it on
//! wasmtime with WASI.

use std::path::{Path, PathBuf};
use std::process::Command;
use wasi_common::sync::WasiCtxBuilder;
use wasmtime::{Config, Engine, Linker, Module, Store};

/// Builds the wasm32 unit-test binary (in its own target dir: no lock shared with this build).
fn build_test_binary() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args([
            "test",
            "-p",
            "kiln-interp",
            "--lib",
            "--target",
            "wasm32-wasip1",
            "--no-run",
            "--message-format=json",
        ])
        .env("CARGO_TARGET_DIR", root.join("target/wasm-unit"))
        // The guest's 48 MiB shadow stack (interp/build.rs gives it to the cdylib only).
        .env(
            "CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS",
            "-C link-arg=-zstack-size=50331648",
        )
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("running cargo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "building the wasm32 unit tests failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = "\"executable\":\"";
    stdout
        .lines()
        .filter_map(|l| l.find(key).map(|i| &l[i + key.len()..]))
        .filter_map(|rest| rest.split('"').next())
        .find(|p| p.ends_with(".wasm"))
        .map(PathBuf::from)
        .expect("the unit-test binary in cargo's output")
}

#[test]
fn interp_unit_tests_pass_inside_wasm() {
    let binary = build_test_binary();
    let status = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run(&binary))
        .unwrap()
        .join()
        .expect("the wasm test runner thread");
    assert_eq!(
        status, 0,
        "kiln-interp's unit tests failed inside wasm (see the output above)"
    );
}

/// Runs a WASI command module; returns its exit status.
fn run(binary: &Path) -> i32 {
    let mut config = Config::new();
    config.max_wasm_stack(128 << 20).async_stack_size(129 << 20);
    let engine = Engine::new(&config).unwrap();
    let module = Module::from_file(&engine, binary).unwrap();
    let mut linker: Linker<wasi_common::WasiCtx> = Linker::new(&engine);
    wasi_common::sync::add_to_linker(&mut linker, |cx| cx).unwrap();
    // The guest's JIT host functions: the unit tests never link modules.
    linker
        .func_wrap("kiln:jit", "link", |_: i32, _: i32| -> i32 { -1 })
        .unwrap();
    linker
        .func_wrap("kiln:jit", "error", |_: i32, _: i32| -> i32 { 0 })
        .unwrap();
    // The WASI 0.2 imports of the http export (`interp/src/http/wasi.rs`): no unit test calls it.
    linker.define_unknown_imports_as_traps(&module).unwrap();
    // `KILN_UNIT_ARGS="library::standard --nocapture"`: arguments for the test binary (a
    // filter, and `--nocapture` to see a failing assertion's message: a panic aborts in wasm).
    let mut args = vec!["kiln-interp-tests".to_string()];
    let extra = std::env::var("KILN_UNIT_ARGS").unwrap_or_default();
    args.extend(extra.split_whitespace().map(String::from));
    let wasi = WasiCtxBuilder::new()
        .inherit_stdio()
        .args(&args)
        .unwrap()
        .build();
    let mut store = Store::new(&engine, wasi);
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap();
    match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<wasi_common::I32Exit>() {
            Some(exit) => exit.0,
            None => panic!("the unit tests trapped: {e:?}"),
        },
    }
}
