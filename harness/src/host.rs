//! The host side of a guest: the data its `Store` carries and the imports its `Linker` provides.

use crate::limits::MemoryLimiter;
use anyhow::{Context, Result};
use kiln_linker::{ImportPolicy, JitHost};
use std::path::PathBuf;
use wasi_common::sync::WasiCtxBuilder;
use wasi_common::WasiCtx;
use wasmtime::{Engine, Linker, Module};

/// Everything the host keeps per guest instance (the `T` of `Store<T>`).
pub struct Host {
    /// WASI preview1 state: inherited stdio, the program's arguments, no environment.
    pub wasi: WasiCtx,
    /// The `--max-memory` cap.
    pub limiter: MemoryLimiter,
    /// The `kiln:jit` capability: links the guest's aux modules (writes them to `--dump-jit`).
    pub jit: JitHost,
}

impl Host {
    /// Host state for a guest whose `(command-line)` is `args`.
    pub fn new(
        args: &[String],
        max_memory_mib: Option<u64>,
        dump_jit: Option<PathBuf>,
    ) -> Result<Host> {
        // The current directory is preopened so that `(scheme file)` works relative to it.
        let cwd =
            wasi_common::sync::Dir::open_ambient_dir(".", wasi_common::sync::ambient_authority())
                .context("opening the current directory for the guest")?;
        let wasi = WasiCtxBuilder::new()
            .inherit_stdio()
            .args(args)
            .context("passing the program arguments to WASI")?
            .preopened_dir(cwd, ".")
            .context("preopening the current directory")?
            .build();
        let policy = ImportPolicy::new(kiln_jit::runtime::RUNTIME.iter().map(|f| f.name));
        let mut jit = JitHost::new(policy);
        jit.dump_dir = dump_jit;
        Ok(Host {
            wasi,
            limiter: MemoryLimiter::new(max_memory_mib),
            jit,
        })
    }
}

/// The guest's imports: WASI preview1. Extensions (the `kiln:jit` module of `kiln-linker`)
/// are added here, so every guest instance gets the same set. The guest's `wasi:http` and
/// `wasi:io` imports (WASI 0.2, used only by its http handler export, which this host never
/// calls) are defined as traps.
pub fn linker(engine: &Engine, guest: &Module) -> Result<Linker<Host>> {
    let mut linker = Linker::new(engine);
    wasi_common::sync::add_to_linker(&mut linker, |host: &mut Host| &mut host.wasi)
        .map_err(anyhow::Error::from)
        .context("adding WASI to the linker")?;
    kiln_linker::add_to_linker(&mut linker, |host: &mut Host| &mut host.jit)
        .context("adding the kiln:jit capability to the linker")?;
    linker
        .define_unknown_imports_as_traps(guest)
        .map_err(anyhow::Error::from)
        .context("defining the guest's wasi:http imports as traps")?;
    Ok(linker)
}
