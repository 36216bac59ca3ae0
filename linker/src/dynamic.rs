//! Dynamic linking on wasmtime: the `kiln:jit` host functions the guest imports.
//!
//! `link(ptr, len) -> i32`: the aux module's bytes are read from guest memory, compiled (which
//! validates them), checked against the import policy, instantiated in the same store with the
//! calling instance's memory, table and runtime exports, and its `patch` export is run; its result
//! (the first new table index) is returned. Any failure returns a negative status and leaves the
//! guest running; `error(ptr, cap) -> len` copies the reason into guest memory.

use crate::policy::{ImportPolicy, MEMORY};
use anyhow::{anyhow, bail, Context, Result};
use std::path::PathBuf;
use std::time::Duration;
use wasmtime::{Caller, Extern, Linker, Module};

/// Largest aux module accepted.
pub const MAX_MODULE_BYTES: usize = 32 << 20;

/// Deliberate failures, to prove the guest survives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Fault {
    #[default]
    None,
    /// Refuse every link request.
    Refuse,
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
    /// Time spent compiling and instantiating.
    pub compile_time: Duration,
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
        }
    }
}

/// Defines `kiln:jit` `link` and `error` in `linker`; `host` finds the `JitHost` in the store data.
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    host: fn(&mut T) -> &mut JitHost,
) -> Result<()> {
    linker
        .func_wrap(
            "kiln:jit",
            "link",
            move |mut caller: Caller<'_, T>, ptr: i32, len: i32| -> i32 {
                match link(&mut caller, host, ptr as u32, len as u32) {
                    Ok(base) => base,
                    Err(e) => {
                        host(caller.data_mut()).last_error = format!("{e:#}");
                        -1
                    }
                }
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
    let bytes = read_module(caller, ptr, len)?;
    let state = host(caller.data_mut());
    state.received += 1;
    if let Some(dir) = state.dump_dir.clone() {
        let path = dir.join(format!("aux-{:04}.wasm", state.received));
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    if state.fault == Fault::Refuse {
        bail!("refused by fault injection (--jit-fault refuse)");
    }
    if state.instances >= state.max_instances {
        bail!(
            "instance limit reached ({} aux modules)",
            state.max_instances
        );
    }
    let started = std::time::Instant::now();
    let module = Module::new(caller.engine(), &bytes)
        .map_err(anyhow::Error::from)
        .context("compiling the aux module")?;
    host(caller.data_mut()).policy.check(&module)?;
    check_table_room(caller, host)?;
    let imports = resolve_imports(caller, &module)?;
    let instance = wasmtime::Instance::new(&mut *caller, &module, &imports)
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
    let state = host(caller.data_mut());
    state.instances += 1;
    state.compile_time += started.elapsed();
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
