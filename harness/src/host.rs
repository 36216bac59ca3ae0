//! The host side of a guest: the data its `Store` carries and the imports its `Linker` provides.

use crate::cli::LibraryDir;
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

/// What a guest sees of the host besides its arguments and stdio.
#[derive(Debug, Clone, Default)]
pub struct Access {
    /// Environment variables (`--env`, `--inherit-env`).
    pub env: Vec<(String, String)>,
    /// Library directories outside the current directory, preopened where the guest looks.
    pub dirs: Vec<LibraryDir>,
}

impl Host {
    /// Host state for a guest whose `(command-line)` is `args`, with no environment variables.
    pub fn new(
        args: &[String],
        max_memory_mib: Option<u64>,
        dump_jit: Option<PathBuf>,
    ) -> Result<Host> {
        Host::with_access(args, max_memory_mib, dump_jit, &Access::default())
    }

    /// Host state for a guest whose `(command-line)` is `args` and that sees `access`.
    pub fn with_access(
        args: &[String],
        max_memory_mib: Option<u64>,
        dump_jit: Option<PathBuf>,
        access: &Access,
    ) -> Result<Host> {
        let mut builder = WasiCtxBuilder::new();
        builder
            .inherit_stdio()
            .args(args)
            .context("passing the program arguments to WASI")?
            .envs(&access.env)
            .context("passing environment variables to WASI")?;
        preopen(&mut builder, &access.dirs)?;
        let wasi = builder.build();
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

/// Preopens the current directory as `.` (so that `(scheme file)` works relative to it) and each
/// library directory that lies elsewhere at the path the guest knows it by.
pub fn preopen(builder: &mut WasiCtxBuilder, dirs: &[LibraryDir]) -> Result<()> {
    let open = |path: &std::path::Path| {
        wasi_common::sync::Dir::open_ambient_dir(path, wasi_common::sync::ambient_authority())
            .with_context(|| format!("opening {} for the guest", path.display()))
    };
    builder
        .preopened_dir(open(std::path::Path::new("."))?, ".")
        .context("preopening the current directory")?;
    for dir in dirs {
        if let Some(host) = &dir.host {
            builder
                .preopened_dir(open(host)?, &dir.guest)
                .with_context(|| format!("preopening {}", host.display()))?;
        }
    }
    Ok(())
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
