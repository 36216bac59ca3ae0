//! Wizer snapshots, driven step by step: the caller compiles the instrumented module itself (so it
//! can cache the compiled code), instantiates it with its own linker, and keeps the initialised
//! instance after the snapshot to read results out of it.
//!
//! A snapshot is only reproducible if the init run is: [`deterministic_wasi`] gives it fixed
//! clocks and a fixed random source (the guest's hash maps draw their seeds from it, and stack
//! garbage with clock readings ends up in the memory image).

use crate::merge::Stub;
use anyhow::{bail, Result};
use cap_std::time::{Duration, Instant, SystemTime};
use wasi_common::pipe::ReadPipe;
use wasi_common::{WasiClocks, WasiCtx, WasiMonotonicClock, WasiSystemClock};
use wasmtime::{ExternType, Instance, Linker, Module, Store, Val, ValType};
use wasmtime_wizer::{ModuleContext, WasmtimeWizer, Wizer};

/// A configured Wizer: which export initialises, which exports to rename afterwards.
pub struct Snapshotter {
    wizer: Wizer,
    init_func: String,
}

impl Snapshotter {
    /// Snapshots after running export `init_func` (which the snapshot no longer exports).
    pub fn new(init_func: &str) -> Snapshotter {
        let mut wizer = Wizer::new();
        wizer.init_func(init_func);
        Snapshotter {
            wizer,
            init_func: init_func.to_string(),
        }
    }

    /// Exports function `old` as `new` in the snapshot (e.g. an entry point as `_start`).
    pub fn rename(&mut self, new: &str, old: &str) -> &mut Snapshotter {
        self.wizer.func_rename(new, old);
        self
    }

    /// Checks `wasm` (Wizer refuses table mutations, imported memories…) and returns the
    /// instrumented module to compile and instantiate, and the context for [`Self::snapshot`].
    pub fn instrument<'a>(&self, wasm: &'a [u8]) -> Result<(ModuleContext<'a>, Vec<u8>)> {
        Ok(self.wizer.instrument(wasm)?)
    }

    /// Runs the reactor's `_initialize` (if exported) and then the init function, as Wizer would.
    /// Errors are wasmtime's own, so the caller can tell a `proc_exit` from a trap.
    pub fn initialize<T: 'static>(
        &self,
        store: &mut Store<T>,
        instance: &Instance,
    ) -> wasmtime::Result<()> {
        if instance.get_func(&mut *store, "_initialize").is_some() {
            instance
                .get_typed_func::<(), ()>(&mut *store, "_initialize")?
                .call(&mut *store, ())?;
        }
        instance
            .get_typed_func::<(), ()>(&mut *store, &self.init_func)?
            .call(&mut *store, ())
    }

    /// The snapshot: the original module with the instance's memories and globals as its initial
    /// state. The instance stays usable afterwards.
    pub fn snapshot<T: Send + 'static>(
        &self,
        cx: ModuleContext<'_>,
        store: &mut Store<T>,
        instance: Instance,
    ) -> Result<Vec<u8>> {
        let mut state = WasmtimeWizer { store, instance };
        Ok(pollster::block_on(self.wizer.snapshot(cx, &mut state))?)
    }
}

/// WASI for an init run: `stdin` as standard input, standard output discarded, standard error
/// inherited; no arguments, no environment; clocks that never move and a fixed random source.
pub fn deterministic_wasi(stdin: Vec<u8>) -> WasiCtx {
    let clocks = WasiClocks::new()
        .with_system(FixedClock)
        .with_monotonic(FixedClock);
    let random = Box::new(wasi_common::random::Deterministic::new(b"kiln".to_vec()));
    let ctx = WasiCtx::new(
        random,
        clocks,
        wasi_common::sync::sched_ctx(),
        wasi_common::Table::new(),
    );
    ctx.set_stdin(Box::new(ReadPipe::from(stdin)));
    ctx.set_stderr(Box::new(wasi_common::sync::stdio::stderr()));
    ctx
}

/// A clock stopped at the Unix epoch (system) or at its creation (monotonic).
struct FixedClock;

/// The moment monotonic clocks are stopped at; a real `Instant` is needed, its value is never seen
/// (WASI reports monotonic time relative to the clock's creation).
fn stopped_instant() -> Instant {
    static AT: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    Instant::from_std(*AT.get_or_init(std::time::Instant::now))
}

impl WasiSystemClock for FixedClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }
    fn now(&self, _: Duration) -> SystemTime {
        SystemTime::from_std(std::time::UNIX_EPOCH)
    }
}

impl WasiMonotonicClock for FixedClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(1)
    }
    fn now(&self, _: Duration) -> Instant {
        stopped_instant()
    }
}

/// Defines every import of `module` named in `stubs` as a host function returning the stub's
/// constant, so an init run can instantiate a module whose real imports it must not call.
pub fn define_stubs<T: 'static>(
    linker: &mut Linker<T>,
    module: &Module,
    stubs: &[Stub],
) -> Result<()> {
    for import in module.imports() {
        let Some(stub) = stubs
            .iter()
            .find(|s| s.module == import.module() && s.name == import.name())
        else {
            continue;
        };
        let ExternType::Func(ty) = import.ty() else {
            bail!("{}.{} is not a function", stub.module, stub.name)
        };
        let results: Vec<Val> = ty
            .results()
            .map(|r| match r {
                ValType::I32 => Ok(Val::I32(stub.result)),
                ValType::I64 => Ok(Val::I64(stub.result.into())),
                other => bail!("cannot stub a function returning {other}"),
            })
            .collect::<Result<_>>()?;
        linker.func_new(import.module(), import.name(), ty, move |_, _, out| {
            out.clone_from_slice(&results);
            Ok(())
        })?;
    }
    Ok(())
}
