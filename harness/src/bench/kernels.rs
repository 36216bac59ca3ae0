//! The physical-limit column: fib, tak, nqueens and mandelbrot in plain Rust
//! (`harness/bench-kernels`), built for wasm32-wasip1 by `build.rs` and embedded here. The bench
//! runs each as a whole process, `kiln bench --run-kernel NAME` (hidden from `--help`), which
//! instantiates the module under the guest's engine configuration with WASI preview 1 stdio,
//! so the kernel's own `bench-us:` line times it as the Scheme programs time themselves.

use anyhow::{Context, Result};
use wasi_common::sync::WasiCtxBuilder;
use wasi_common::{I32Exit, WasiCtx};
use wasmtime::{Linker, Module, Store};

/// The kernels module (one program; its first argument names the kernel).
static KERNELS_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kiln_bench_kernels.wasm"));

/// The programs of tests/bench that have a Rust kernel.
pub const NAMES: [&str; 4] = ["fib", "tak", "nqueens", "mandelbrot"];

/// `kiln bench --run-kernel NAME`: runs the kernel; returns its exit status.
pub fn run(name: &str) -> Result<i32> {
    if !NAMES.contains(&name) {
        eprintln!(
            "kiln: --run-kernel: no kernel {name:?} (there are {})",
            NAMES.join(", ")
        );
        return Ok(crate::cli::EXIT_USAGE);
    }
    let engine = crate::guest::engine(false)?;
    let module = Module::new(&engine, KERNELS_WASM)
        .map_err(anyhow::Error::from)
        .context("compiling the bench kernels")?;
    let mut linker: Linker<WasiCtx> = Linker::new(&engine);
    wasi_common::sync::add_to_linker(&mut linker, |cx| cx)
        .map_err(anyhow::Error::from)
        .context("adding WASI to the kernels' linker")?;
    let wasi = WasiCtxBuilder::new()
        .inherit_stdout()
        .inherit_stderr()
        .args(&["kiln-bench-kernels".to_string(), name.to_string()])
        .context("passing the kernel's name to WASI")?
        .build();
    let mut store = Store::new(&engine, wasi);
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(anyhow::Error::from)
        .context("instantiating the bench kernels")?;
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .map_err(anyhow::Error::from)
        .context("the bench kernels export no `_start`")?;
    match start.call(&mut store, ()) {
        Ok(()) => Ok(0),
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => Ok(exit.0),
            None => Err(anyhow::Error::from(e).context(format!("running the {name} kernel"))),
        },
    }
}
