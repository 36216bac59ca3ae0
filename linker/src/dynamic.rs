//! Dynamic linking on wasmtime: the `kiln:jit` host functions the guest imports.
//!
//! `link(ptr, len) -> i32`: the aux module's bytes are read from guest memory, compiled (which
//! validates them), checked against the import policy, instantiated in the same store with the
//! calling instance's memory, table and runtime exports, and its `patch` export is run; its result
//! (the first new table index) is returned. Any failure returns a negative status and leaves the
//! guest running; `error(ptr, cap) -> len` copies the reason into guest memory.
//!
//! Background compilation (`background.rs`): `submit(ptr, len) -> i32` copies the bytes and
//! queues them for the compile thread (0 accepted, -1 refused); `poll() -> i32` links the oldest
//! submission if its compile has finished — instantiate and patch, here on the guest's thread,
//! inside the guest's call — and returns 1 (linked) or -1 (failed: a decline, reason in `error`),
//! or 0 when nothing is ready (one atomic load). Patches therefore run only on the guest's thread,
//! at a safe point the guest chose.

use crate::background::Compiler;
use crate::policy::{ImportPolicy, MEMORY};
use anyhow::{anyhow, bail, Context, Result};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wasmtime::{Caller, Extern, Linker, Module};

/// Largest aux module accepted.
pub const MAX_MODULE_BYTES: usize = 32 << 20;

/// Most submissions in flight (compiling, queued or waiting for a poll) before `submit` refuses:
/// the guest keeps fewer, so this only bounds a misbehaving one.
pub const MAX_IN_FLIGHT: u64 = 8;

/// Deliberate failures, to prove the guest survives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// Refuse every link request.
    Refuse,
    /// Background compilation never finishes a module (the program must run on and exit).
    Stall,
}

/// State of the JIT capability, kept in the store's data.
#[derive(Debug)]
pub struct JitHost {
    pub policy: ImportPolicy,
    /// Stop instantiating past this many aux modules (a store never frees instances).
    pub max_instances: u32,
    /// Refuse to link when the function table would pass this many entries.
    pub max_table: u64,
    /// Write every aux module received here (`--dump-jit`).
    pub dump_dir: Option<PathBuf>,
    pub fault: Fault,
    /// Modules linked so far.
    pub instances: u32,
    /// Modules received so far (linked or not).
    pub received: u32,
    /// Why the last link failed.
    pub last_error: String,
    /// Time spent compiling and instantiating (`link`).
    pub compile_time: Duration,
    /// Background compilation: the compile thread, started at the first `submit`.
    pub background: Option<Compiler>,
    /// What became of the background submissions.
    pub background_stats: BackgroundStats,
}

/// Counters of background compilation (`--jit-stats`).
#[derive(Debug, Default, Clone)]
pub struct BackgroundStats {
    /// Modules accepted by `submit`.
    pub submitted: u32,
    /// Of those, linked by a `poll`.
    pub linked: u32,
    /// Of those, failed to compile or link (declined).
    pub failed: u32,
    /// `Module::new` time on the compile thread, for the modules taken so far.
    pub compile_time: Duration,
    /// Instantiate + patch time on the guest's thread.
    pub link_time: Duration,
}

impl JitHost {
    /// Submissions not yet linked or failed: at the end of a run, the ones dropped.
    pub fn in_flight(&self) -> u64 {
        self.background.as_ref().map_or(0, Compiler::in_flight)
    }

    /// The `--jit-stats` line of background compilation, if anything was submitted.
    pub fn background_report(&self) -> Option<String> {
        let b = &self.background_stats;
        (b.submitted > 0).then(|| {
            format!(
                "jit: background compile: {} modules submitted, {} linked, {} failed, {} dropped at exit; compile {:.2} ms on the compile thread, link (instantiate+patch) {:.2} ms on the guest thread",
                b.submitted,
                b.linked,
                b.failed,
                self.in_flight(),
                b.compile_time.as_secs_f64() * 1e3,
                b.link_time.as_secs_f64() * 1e3
            )
        })
    }
}

impl JitHost {
    /// A host allowing `policy`'s imports, with default limits.
    pub fn new(policy: ImportPolicy) -> JitHost {
        JitHost {
            policy,
            max_instances: 5_000,
            max_table: 1 << 20,
            dump_dir: None,
            fault: Fault::None,
            instances: 0,
            received: 0,
            last_error: String::new(),
            compile_time: Duration::ZERO,
            background: None,
            background_stats: BackgroundStats::default(),
        }
    }
}

/// Defines `kiln:jit` `link`, `submit`, `poll` and `error` in `linker`; `host` finds the
/// `JitHost` in the store data.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    host: fn(&mut T) -> &mut JitHost,
) -> Result<()> {
    linker
        .func_wrap(
            "kiln:jit",
            "link",
            move |mut caller: Caller<'_, T>, ptr: i32, len: i32| -> i32 {
                let r = link(&mut caller, host, ptr as u32, len as u32);
                status(&mut caller, host, r)
            },
        )
        .map_err(anyhow::Error::from)?;
    linker
        .func_wrap(
            "kiln:jit",
            "submit",
            move |mut caller: Caller<'_, T>, ptr: i32, len: i32| -> i32 {
                let r = submit(&mut caller, host, ptr as u32, len as u32).map(|()| 0);
                status(&mut caller, host, r)
            },
        )
        .map_err(anyhow::Error::from)?;
    linker
        .func_wrap(
            "kiln:jit",
            "poll",
            move |mut caller: Caller<'_, T>| -> i32 {
                let r = poll(&mut caller, host).map(i32::from);
                if r.is_err() {
                    host(caller.data_mut()).background_stats.failed += 1;
                }
                status(&mut caller, host, r)
            },
        )
        .map_err(anyhow::Error::from)?;
    linker
        .func_wrap(
            "kiln:jit",
            "error",
            move |mut caller: Caller<'_, T>, ptr: i32, cap: i32| -> i32 {
                let msg = host(caller.data_mut()).last_error.clone().into_bytes();
                let n = msg.len().min(cap.max(0) as usize);
                match guest_memory(&mut caller) {
                    Ok(mem) => match mem.write(&mut caller, ptr as u32 as usize, &msg[..n]) {
                        Ok(()) => n as i32,
                        Err(_) => 0,
                    },
                    Err(_) => 0,
                }
            },
        )
        .map_err(anyhow::Error::from)?;
    Ok(())
}

/// The status a `kiln:jit` function returns: its result, or -1 with the reason kept for `error`.
fn status<T>(caller: &mut Caller<'_, T>, host: fn(&mut T) -> &mut JitHost, r: Result<i32>) -> i32 {
    r.unwrap_or_else(|e| {
        host(caller.data_mut()).last_error = format!("{e:#}");
        -1
    })
}

fn guest_memory<T>(caller: &mut Caller<'_, T>) -> Result<wasmtime::Memory> {
    caller
        .get_export(MEMORY)
        .and_then(Extern::into_memory)
        .ok_or_else(|| anyhow!("the guest exports no memory"))
}

/// The whole link; any error leaves the store as it was, except for instances already created.
fn link<T: 'static>(
    caller: &mut Caller<'_, T>,
    host: fn(&mut T) -> &mut JitHost,
    ptr: u32,
    len: u32,
) -> Result<i32> {
    let bytes = receive(caller, host, ptr, len)?;
    let started = Instant::now();
    let module = Module::new(caller.engine(), &bytes)
        .map_err(anyhow::Error::from)
        .context("compiling the aux module")?;
    let base = install(caller, host, &module);
    host(caller.data_mut()).compile_time += started.elapsed();
    base
}

/// Queues a module for the compile thread.
fn submit<T: 'static>(
    caller: &mut Caller<'_, T>,
    host: fn(&mut T) -> &mut JitHost,
    ptr: u32,
    len: u32,
) -> Result<()> {
    let bytes = receive(caller, host, ptr, len)?;
    let engine = caller.engine().clone();
    let state = host(caller.data_mut());
    let compiler = match &mut state.background {
        Some(c) => c,
        None => state
            .background
            .insert(Compiler::start(&engine, state.fault == Fault::Stall)?),
    };
    if compiler.in_flight() >= MAX_IN_FLIGHT {
        bail!("{MAX_IN_FLIGHT} aux modules are already compiling");
    }
    compiler.submit(bytes)?;
    state.background_stats.submitted += 1;
    Ok(())
}

/// Links the oldest submission if its compile has finished: `Ok(false)` when nothing is ready.
fn poll<T: 'static>(caller: &mut Caller<'_, T>, host: fn(&mut T) -> &mut JitHost) -> Result<bool> {
    let state = host(caller.data_mut());
    let Some(compiler) = state.background.as_mut() else {
        return Ok(false);
    };
    if !compiler.ready() {
        return Ok(false);
    }
    let Some(finished) = compiler.take() else {
        return Ok(false);
    };
    state.background_stats.compile_time += finished.compile_time;
    let module = finished.module?;
    let started = Instant::now();
    let linked = install(caller, host, &module);
    let state = host(caller.data_mut());
    state.background_stats.link_time += started.elapsed();
    linked?;
    state.background_stats.linked += 1;
    Ok(true)
}

/// Reads a module the guest hands over and applies the checks that need no compiling: counts,
/// dumps, fault injection, the instance limit (counting the modules still in flight).
fn receive<T: 'static>(
    caller: &mut Caller<'_, T>,
    host: fn(&mut T) -> &mut JitHost,
    ptr: u32,
    len: u32,
) -> Result<Vec<u8>> {
    let bytes = read_module(caller, ptr, len)?;
    let in_flight = host(caller.data_mut()).in_flight();
    let state = host(caller.data_mut());
    state.received += 1;
    if let Some(dir) = state.dump_dir.clone() {
        let path = dir.join(format!("aux-{:04}.wasm", state.received));
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    if state.fault == Fault::Refuse {
        bail!("refused by fault injection (--jit-fault refuse)");
    }
    if u64::from(state.instances) + in_flight >= u64::from(state.max_instances) {
        bail!(
            "instance limit reached ({} aux modules)",
            state.max_instances
        );
    }
    Ok(bytes)
}

/// Checks a compiled module's imports, instantiates it in the caller's store and runs its patch
/// function (on the calling thread: the guest's); returns the patch result.
fn install<T: 'static>(
    caller: &mut Caller<'_, T>,
    host: fn(&mut T) -> &mut JitHost,
    module: &Module,
) -> Result<i32> {
    host(caller.data_mut()).policy.check(module)?;
    check_table_room(caller, host)?;
    let imports = resolve_imports(caller, module)?;
    let instance = wasmtime::Instance::new(&mut *caller, module, &imports)
        .map_err(anyhow::Error::from)
        .context("instantiating the aux module")?;
    let patch = instance
        .get_typed_func::<(), i32>(&mut *caller, "patch")
        .map_err(anyhow::Error::from)
        .context("the aux module has no `patch: () -> i32` export")?;
    let base = patch
        .call(&mut *caller, ())
        .map_err(anyhow::Error::from)
        .context("running the patch function")?;
    host(caller.data_mut()).instances += 1;
    if base < 0 {
        bail!("the patch function could not grow the table");
    }
    Ok(base)
}

fn read_module<T>(caller: &mut Caller<'_, T>, ptr: u32, len: u32) -> Result<Vec<u8>> {
    if len as usize > MAX_MODULE_BYTES {
        bail!("aux module of {len} bytes is larger than the limit of {MAX_MODULE_BYTES}");
    }
    let mem = guest_memory(caller)?;
    let data = mem.data(&*caller);
    let range = ptr as usize..ptr as usize + len as usize;
    data.get(range)
        .map(<[u8]>::to_vec)
        .ok_or_else(|| anyhow!("aux module bytes lie outside guest memory"))
}

fn check_table_room<T: 'static>(
    caller: &mut Caller<'_, T>,
    host: fn(&mut T) -> &mut JitHost,
) -> Result<()> {
    let table = caller
        .get_export(crate::policy::TABLE)
        .and_then(Extern::into_table)
        .ok_or_else(|| anyhow!("the guest exports no function table"))?;
    let size = table.size(&*caller);
    let max = host(caller.data_mut()).max_table;
    if size >= max {
        bail!("function table limit reached ({size} entries)");
    }
    Ok(())
}

/// The calling instance's exports, in the aux module's import order.
fn resolve_imports<T>(caller: &mut Caller<'_, T>, module: &Module) -> Result<Vec<Extern>> {
    module
        .imports()
        .map(|i| {
            caller
                .get_export(i.name())
                .ok_or_else(|| anyhow!("the guest does not export {}", i.name()))
        })
        .collect()
}
