//! The embedded guest (the Kiln interpreter compiled to wasm32-wasip1): engine configuration,
//! instantiation, and the calls of its ABI.

use crate::halt::Halt;
use crate::host::{self, Host};
use anyhow::{anyhow, Context, Result};
use kiln_jit::abi::{export, stdout};
use wasmtime::{Config, Engine, Instance, Linker, Memory, Module, Store, Strategy, TypedFunc};

/// The guest module, built by `build.rs` (also served to browsers by `kiln serve`).
pub static GUEST_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kiln_guest.wasm"));
/// A hash of [`GUEST_WASM`], computed by `build.rs`.
pub const GUEST_HASH: &str = env!("KILN_GUEST_HASH");

/// The most Wasm stack a guest may use: deep non-tail Scheme recursion recurses in the guest.
pub const MAX_WASM_STACK: usize = 512 << 20;
/// The native stack of the thread that runs guests: the Wasm stack plus room for the host.
pub const HOST_THREAD_STACK: usize = 600 << 20;
/// Bytes of Wasm stack per unit of the guest's `native-depth` budget (a compiled frame counts
/// one unit, an activation of the interpreter several), with a safety factor: measured on
/// wasmtime, see ARCHITECTURE.md, "Depth".
pub const NATIVE_UNIT_BYTES: usize = 256;

/// The guest's `native-depth` setting for [`MAX_WASM_STACK`]: compiled code recurses natively
/// this deep, then calls continue in the stackless interpreter.
pub fn native_depth_setting() -> String {
    format!("native-depth={}", MAX_WASM_STACK / NATIVE_UNIT_BYTES)
}

/// The compiled guest, with the engine and linker to instantiate it.
pub struct Guest {
    engine: Engine,
    module: Module,
    linker: Linker<Host>,
}

impl Guest {
    /// Compiles (or loads from the cache) the guest. `interruptible` turns on epoch
    /// interruption, which `--timeout` needs and which costs a little speed otherwise.
    pub fn load(interruptible: bool) -> Result<Guest> {
        let engine = engine(interruptible)?;
        let module = crate::cache::load_module(&engine, GUEST_WASM, GUEST_HASH)?;
        let linker = host::linker(&engine, &module)?;
        Ok(Guest {
            engine,
            module,
            linker,
        })
    }

    /// The engine the guest was compiled for.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

/// Cranelift with tail calls (the JIT's aux modules use them) and a deep Wasm stack (also the
/// engine of `kiln bench`'s Rust kernels, so that they run as the guest does).
pub fn engine(interruptible: bool) -> Result<Engine> {
    let mut config = Config::new();
    config
        .strategy(Strategy::Cranelift)
        .wasm_tail_call(true)
        .max_wasm_stack(MAX_WASM_STACK)
        // Wasmtime requires async_stack_size >= max_wasm_stack even though we never run async.
        .async_stack_size(MAX_WASM_STACK + (1 << 20))
        .epoch_interruption(interruptible);
    // For `perf`: KILN_PROFILE=perfmap writes /tmp/perf-PID.map, =jitdump a jitdump file
    // (`perf record -k mono`), naming the guest's and the aux modules' functions.
    match std::env::var("KILN_PROFILE").as_deref() {
        Ok("perfmap") => {
            config.profiler(wasmtime::ProfilingStrategy::PerfMap);
        }
        Ok("jitdump") => {
            config.profiler(wasmtime::ProfilingStrategy::JitDump);
        }
        _ => {}
    }
    Engine::new(&config)
        .map_err(anyhow::Error::from)
        .context("configuring wasmtime")
}

/// One guest instance and its store. After any [`Halt`] the instance is in an unknown state
/// and must not be called again.
pub struct GuestSession {
    store: Store<Host>,
    instance: Instance,
    memory: Memory,
    /// Address of the guest's standard-output buffer (`kiln_jit::abi::stdout`).
    stdout_buffer: u32,
    /// Address of the guest's exit-status word (`kiln_jit::abi::export::EXIT_STATUS`).
    exit_status: u32,
    alloc: TypedFunc<i32, i32>,
    set_option: TypedFunc<(i32, i32), i32>,
    run: TypedFunc<(i32, i32, i32, i32), i32>,
    repl_eval: TypedFunc<(i32, i32), i32>,
}

impl GuestSession {
    /// Instantiates the guest with `host` as its store data and runs its `_initialize`.
    /// With an interruptible engine, the store traps once the epoch has advanced by one tick.
    pub fn start(guest: &Guest, host: Host) -> Result<GuestSession, Halt> {
        let mut store = Store::new(&guest.engine, host);
        store.limiter(|host| &mut host.limiter);
        store.set_epoch_deadline(1);
        let instance = guest
            .linker
            .instantiate(&mut store, &guest.module)
            .map_err(|e| halt(&store, e))?;
        let mut session = GuestSession {
            memory: instance
                .get_memory(&mut store, "memory")
                .context("the guest exports no `memory`")?,
            alloc: func(&instance, &mut store, export::ALLOC)?,
            set_option: func(&instance, &mut store, export::SET_OPTION)?,
            run: func(&instance, &mut store, export::RUN)?,
            repl_eval: func(&instance, &mut store, export::REPL_EVAL)?,
            stdout_buffer: 0,
            exit_status: 0,
            instance,
            store,
        };
        session.initialize(&instance)?;
        session.configure(&[native_depth_setting()])?;
        session.stdout_buffer = session.address_of(export::STDOUT_BUFFER)?;
        session.exit_status = session.address_of(export::EXIT_STATUS)?;
        Ok(session)
    }

    /// The host state of the store (the JIT capability's counters).
    pub fn host(&self) -> &Host {
        self.store.data()
    }

    /// Calls the guest's `() -> ptr` export `name`.
    fn address_of(&mut self, name: &str) -> Result<u32, Halt> {
        let f = func::<(), i32>(&self.instance, &mut self.store, name)?;
        Ok(call(&mut self.store, &f, ())? as u32)
    }

    /// Takes what the guest has buffered for standard output and not yet written. After a halt
    /// (timeout, trap) the instance is dead but its memory is intact: the host writes this out,
    /// so that nothing the program printed is lost.
    pub fn take_output(&mut self) -> Vec<u8> {
        let base = self.stdout_buffer as usize;
        let data = self.memory.data_mut(&mut self.store);
        let Some(word) = data.get(base + stdout::LEN as usize..base + stdout::LEN as usize + 4)
        else {
            return Vec::new();
        };
        let len = u32::from_le_bytes(word.try_into().expect("4 bytes")).min(stdout::CAPACITY);
        let start = base + stdout::DATA as usize;
        let bytes = data
            .get(start..start + len as usize)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        data[base..base + 4].copy_from_slice(&0u32.to_le_bytes());
        bytes
    }

    /// Turns a trap after which the guest's exit-status word holds a status into that exit: the
    /// guest ends this way when WASI cannot carry its status (out of memory: 137).
    fn exit_status_of(&mut self, halt: Halt) -> Halt {
        if !matches!(halt, Halt::Trap(_) | Halt::OutOfMemory) {
            return halt;
        }
        let at = self.exit_status as usize;
        match self.memory.data(&self.store).get(at..at + 4) {
            Some(word) => match i32::from_le_bytes(word.try_into().expect("4 bytes")) {
                status if status >= 0 => Halt::Exit(status),
                _ => halt,
            },
            None => halt,
        }
    }

    /// `r`, with a trap that carries an exit status turned into that exit.
    fn settle<R>(&mut self, r: Result<R, Halt>) -> Result<R, Halt> {
        r.map_err(|halt| self.exit_status_of(halt))
    }

    /// Calls the reactor's `_initialize` (static constructors). Optional: a Rust cdylib only
    /// exports it when its build asks for it, and a guest without constructors needs none.
    fn initialize(&mut self, instance: &Instance) -> Result<(), Halt> {
        if instance.get_func(&mut self.store, "_initialize").is_none() {
            return Ok(());
        }
        let init = func::<(), ()>(instance, &mut self.store, "_initialize")?;
        call(&mut self.store, &init, ())
    }

    /// Passes each `name=value` setting to `kiln_set_option`; one it rejects is a host/guest
    /// mismatch (the CLI has already validated them), hence an internal error.
    pub fn configure(&mut self, settings: &[String]) -> Result<(), Halt> {
        for setting in settings {
            let ptr = self.put(setting.as_bytes())?;
            let status = call(
                &mut self.store,
                &self.set_option,
                (ptr, len(setting.as_bytes())?),
            )?;
            if status != 0 {
                return Err(
                    anyhow!("the guest rejected the option `{setting}` (status {status})").into(),
                );
            }
        }
        Ok(())
    }

    /// Runs a whole program (`kiln_run`); `name` is the path as the user typed it.
    /// Returns the guest's exit status (0, 65 or 70).
    pub fn run(&mut self, name: &str, source: &[u8]) -> Result<i32, Halt> {
        let name_ptr = self.put(name.as_bytes())?;
        let src_ptr = self.put(source)?;
        let r = call(
            &mut self.store,
            &self.run,
            (name_ptr, len(name.as_bytes())?, src_ptr, len(source)?),
        );
        self.settle(r)
    }

    /// Evaluates REPL input (`kiln_repl_eval`): 0 done, 1 error (printed), 2 incomplete datum.
    pub fn repl_eval(&mut self, text: &str) -> Result<i32, Halt> {
        let ptr = self.put(text.as_bytes())?;
        let r = call(
            &mut self.store,
            &self.repl_eval,
            (ptr, len(text.as_bytes())?),
        );
        self.settle(r)
    }

    /// Calls any export of the guest (e.g. the `kiln_bundle_*` ones).
    pub fn call<P, R>(&mut self, name: &str, params: P) -> Result<R, Halt>
    where
        P: wasmtime::WasmParams,
        R: wasmtime::WasmResults,
    {
        let f = func::<P, R>(&self.instance, &mut self.store, name)?;
        let r = call(&mut self.store, &f, params);
        self.settle(r)
    }

    /// Copies `len` bytes at `ptr` out of guest memory.
    pub fn read(&self, ptr: i32, len: i32) -> Result<Vec<u8>, Halt> {
        let range = ptr as u32 as usize..ptr as u32 as usize + len as u32 as usize;
        let bytes = self
            .memory
            .data(&self.store)
            .get(range)
            .context("guest output lies outside its memory")?;
        Ok(bytes.to_vec())
    }

    /// Copies `bytes` into a fresh guest buffer (`kiln_alloc`); the guest frees it.
    pub fn put(&mut self, bytes: &[u8]) -> Result<i32, Halt> {
        let ptr = call(&mut self.store, &self.alloc, len(bytes)?)?;
        let offset = u32::try_from(ptr)
            .ok()
            .filter(|&p| p != 0)
            .context("kiln_alloc returned null")?;
        self.memory
            .write(&mut self.store, offset as usize, bytes)
            .context("writing input into guest memory")?;
        Ok(ptr)
    }
}

/// Writes output recovered from a stopped guest (see [`GuestSession::take_output`]) to stdout.
pub fn write_stdout(bytes: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes);
    let _ = out.flush();
}

/// Calls a guest export; a free function so callers can borrow the store and a func field.
fn call<P, R>(store: &mut Store<Host>, func: &TypedFunc<P, R>, params: P) -> Result<R, Halt>
where
    P: wasmtime::WasmParams,
    R: wasmtime::WasmResults,
{
    func.call(&mut *store, params).map_err(|e| halt(store, e))
}

fn halt(store: &Store<Host>, err: wasmtime::Error) -> Halt {
    Halt::from_wasm(err, store.data().limiter.denied())
}

fn func<P, R>(instance: &Instance, store: &mut Store<Host>, name: &str) -> Result<TypedFunc<P, R>>
where
    P: wasmtime::WasmParams,
    R: wasmtime::WasmResults,
{
    instance
        .get_typed_func::<P, R>(store, name)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("the guest's `{name}` export is missing or has the wrong type"))
}

fn len(bytes: &[u8]) -> Result<i32> {
    i32::try_from(bytes.len()).context("input larger than 2 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Recursion `depth` frames deep in Wasm, on a thread with the stack `kiln` gives guests.
    fn recurse(depth: i32) -> wasmtime::Result<i32> {
        let wat = r#"(module (func $f (export "f") (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
              (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1))))))))"#;
        let work = move || {
            let engine = engine(false).unwrap();
            let module = Module::new(&engine, wat).unwrap();
            let mut store = Store::new(&engine, ());
            let instance = Instance::new(&mut store, &module, &[]).unwrap();
            let f = instance
                .get_typed_func::<i32, i32>(&mut store, "f")
                .unwrap();
            f.call(&mut store, depth)
        };
        std::thread::Builder::new()
            .stack_size(HOST_THREAD_STACK)
            .spawn(work)
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn both_engine_configurations_are_valid() {
        assert!(engine(false).is_ok());
        assert!(engine(true).is_ok());
    }

    #[test]
    fn deep_recursion_fits_in_the_wasm_stack() {
        assert_eq!(recurse(1_000_000).unwrap(), 1_000_000);
    }

    #[test]
    fn unbounded_recursion_is_a_stack_overflow_trap() {
        let err = recurse(i32::MAX).unwrap_err();
        assert_eq!(
            err.downcast_ref::<wasmtime::Trap>(),
            Some(&wasmtime::Trap::StackOverflow)
        );
    }
}
