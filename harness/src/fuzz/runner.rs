//! Runs one program in one mode and captures what it did. Everything but bundling runs in this
//! process: the embedded guest is instantiated afresh per run (a copy-on-write memory image, well
//! under a millisecond) with pipes for stdout and stderr, exactly as `kiln run` configures it;
//! bundles are built by the real `kiln bundle` (a child process, so its stderr is captured) and
//! run here on a WASI-only wasmtime whose incremental compilation cache compiles only what a new
//! bundle does not share with the previous ones (the guest's thousands of functions are the same
//! in every bundle; only the aux functions and the data image change).

use crate::guest::{GUEST_HASH, GUEST_WASM, MAX_WASM_STACK};
use crate::halt::Halt;
use crate::host::{self, Host};
use crate::limits::MemoryLimiter;
use anyhow::{anyhow, Context, Result};
use kiln_jit::abi::export;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};
use wasi_common::pipe::{ReadPipe, WritePipe};
use wasi_common::sync::WasiCtxBuilder;
use wasi_common::WasiCtx;
use wasmtime::{Config, Engine, Linker, Module, Store, Strategy};

/// The epoch advances every TICK; a run's deadline is its timeout in ticks.
const TICK: Duration = Duration::from_millis(10);
/// Most bytes the incremental compilation cache keeps.
const CACHE_CAP: usize = 256 << 20;
/// Linear memory cap per run (several runs share the machine).
const MAX_MEMORY_MIB: u64 = 1024;

/// A way of running a program; every mode's result is compared with `Off`'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Mode {
    /// `--jit=off`: the reference.
    Off,
    /// `--jit=on --jit-threshold 2`: compilation mid-run.
    On,
    /// `--jit=eager`.
    Eager,
    /// `--jit=eager --gc-stress`.
    #[value(name = "eager-gc")]
    EagerGc,
    /// `kiln bundle --jit=eager`, then the bundle on plain WASI.
    Bundle,
}

impl Mode {
    /// The mode's name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Off => "off",
            Mode::On => "on",
            Mode::Eager => "eager",
            Mode::EagerGc => "eager-gc",
            Mode::Bundle => "bundle",
        }
    }

    /// The equivalent `kiln` command, for reports.
    pub fn command(self) -> &'static str {
        match self {
            Mode::Off => "kiln run --jit=off",
            Mode::On => "kiln run --jit=on --jit-threshold 2",
            Mode::Eager => "kiln run --jit=eager",
            Mode::EagerGc => "kiln run --jit=eager --gc-stress",
            Mode::Bundle => "kiln bundle --jit=eager P.scm -o P.wasm && wasmtime P.wasm",
        }
    }

    /// The guest settings of an in-process mode.
    fn settings(self) -> &'static [&'static str] {
        match self {
            Mode::Off => &["jit=off"],
            Mode::On => &["jit=on", "jit-threshold=2"],
            Mode::Eager | Mode::Bundle => &["jit=eager"],
            Mode::EagerGc => &["gc-stress=1", "jit=eager"],
        }
    }
}

/// What a run produced. A host-side halt (trap, timeout…) is reported in `stderr` as `kiln`
/// reports it, with `kiln`'s exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub status: i32,
}

impl Outcome {
    /// Whether the run crashed rather than ended: a trap, an internal error, a timeout.
    pub fn crashed(&self) -> bool {
        let err = String::from_utf8_lossy(&self.stderr);
        self.status == crate::halt::EXIT_TIMEOUT
            || err.contains("kiln: internal error")
            || err.contains("kiln: stack overflow")
    }
}

/// Where the time went, summed over runs.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// In-process runs, by mode.
    pub runs: std::collections::BTreeMap<Mode, Duration>,
    pub bundling: Duration,
    pub bundle_compile: Duration,
    pub bundle_runs: Duration,
    /// Functions the incremental compilation cache had, and did not have.
    pub cache_hits: u64,
    pub cache_misses: u64,
}

/// The incremental compilation cache: compiled functions by Cranelift's key, in memory, shared
/// by every bundle compiled in this process.
#[derive(Debug, Default)]
struct FunctionCache {
    map: RwLock<HashMap<Vec<u8>, Vec<u8>>>,
    hits: AtomicU64,
    misses: AtomicU64,
    bytes: AtomicUsize,
}

impl wasmtime::CacheStore for FunctionCache {
    fn get(&self, key: &[u8]) -> Option<Cow<'_, [u8]>> {
        let map = self.map.read().ok()?;
        let found = map.get(key).map(|v| Cow::Owned(v.clone()));
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn insert(&self, key: &[u8], value: Vec<u8>) -> bool {
        // The first bundle fills the cache with the guest's functions, the ones every later
        // bundle shares; past the cap (aux functions, rarely shared) nothing more is kept, so
        // a long run's memory stays bounded.
        let Ok(mut map) = self.map.write() else {
            return false;
        };
        let used = self.bytes.load(Ordering::Relaxed);
        if used + value.len() > CACHE_CAP {
            return false;
        }
        self.bytes
            .fetch_add(key.len() + value.len(), Ordering::Relaxed);
        map.insert(key.to_vec(), value);
        true
    }
}

/// The store data of a bundle run: WASI and nothing else, and the memory cap.
struct BundleHost {
    wasi: WasiCtx,
    limiter: MemoryLimiter,
}

/// Runs programs; shared by the worker threads.
pub struct Runner {
    engine: Engine,
    module: Module,
    linker: Linker<Host>,
    bundle_engine: Engine,
    cache: Arc<FunctionCache>,
    bundle_linker: Linker<BundleHost>,
    /// The `kiln` executable (for `kiln bundle`).
    exe: PathBuf,
    timings: Mutex<Timings>,
}

impl Runner {
    /// Compiles (or loads from the cache) the guest and starts the epoch clocks.
    pub fn new() -> Result<Runner> {
        // Live runs have their own cache: aux modules embed heap addresses, but the fresh
        // instances of different programs allocate their common prelude at the same addresses.
        let engine = make_engine(Some(Arc::new(FunctionCache::default())))?;
        let cache = Arc::new(FunctionCache::default());
        let module = crate::cache::load_module(&engine, GUEST_WASM, GUEST_HASH)?;
        let linker = host::linker(&engine, &module)?;
        let bundle_engine = make_engine(Some(cache.clone()))?;
        let mut bundle_linker = Linker::new(&bundle_engine);
        wasi_common::sync::add_to_linker(&mut bundle_linker, |h: &mut BundleHost| &mut h.wasi)
            .map_err(anyhow::Error::from)
            .context("adding WASI to the bundle linker")?;
        for e in [&engine, &bundle_engine] {
            let e = e.clone();
            std::thread::Builder::new()
                .name("kiln-fuzz-epoch".into())
                .spawn(move || loop {
                    std::thread::sleep(TICK);
                    e.increment_epoch();
                })
                .context("starting the epoch thread")?;
        }
        Ok(Runner {
            engine,
            module,
            linker,
            bundle_engine,
            cache,
            bundle_linker,
            exe: std::env::current_exe().context("finding the kiln executable")?,
            timings: Mutex::new(Timings::default()),
        })
    }

    /// Time spent so far.
    pub fn timings(&self) -> Timings {
        let mut t = self.timings.lock().map(|t| t.clone()).unwrap_or_default();
        t.cache_hits = self.cache.hits.load(Ordering::Relaxed);
        t.cache_misses = self.cache.misses.load(Ordering::Relaxed);
        t
    }

    fn add_time(&self, f: impl FnOnce(&mut Timings)) {
        if let Ok(mut t) = self.timings.lock() {
            f(&mut t);
        }
    }

    /// Runs program `source` (named `name`, as `kiln run NAME` would) in `mode` for at most
    /// `timeout`; `dir` is a scratch directory of the calling worker (bundles are built there).
    pub fn run(
        &self,
        mode: Mode,
        name: &str,
        source: &str,
        dir: &Path,
        timeout: Duration,
    ) -> Result<Outcome> {
        if mode == Mode::Bundle {
            return self.bundle(name, source, dir, timeout);
        }
        let start = Instant::now();
        let out = self.run_in_process(mode, name, source.as_bytes(), timeout);
        self.add_time(|t| *t.runs.entry(mode).or_default() += start.elapsed());
        out
    }

    fn run_in_process(
        &self,
        mode: Mode,
        name: &str,
        source: &[u8],
        timeout: Duration,
    ) -> Result<Outcome> {
        let (stdout, stderr) = pipes();
        let mut host = Host::new(&[name.to_string()], Some(MAX_MEMORY_MIB), None)?;
        host.wasi = wasi(name, &stdout, &stderr)?;
        let mut store = Store::new(&self.engine, host);
        store.limiter(|h| &mut h.limiter);
        store.set_epoch_deadline(ticks(timeout));
        let result = (|| -> wasmtime::Result<i32> {
            let instance = self.linker.instantiate(&mut store, &self.module)?;
            if let Some(init) = instance.get_func(&mut store, "_initialize") {
                init.typed::<(), ()>(&store)?.call(&mut store, ())?;
            }
            let alloc = instance.get_typed_func::<i32, i32>(&mut store, export::ALLOC)?;
            let memory = instance
                .get_memory(&mut store, "memory")
                .ok_or_else(|| wasmtime::format_err!("the guest exports no memory"))?;
            let put = |store: &mut Store<Host>, bytes: &[u8]| -> wasmtime::Result<(i32, i32)> {
                let ptr = alloc.call(&mut *store, bytes.len() as i32)?;
                memory.write(&mut *store, ptr as u32 as usize, bytes)?;
                Ok((ptr, bytes.len() as i32))
            };
            let set = instance.get_typed_func::<(i32, i32), i32>(&mut store, export::SET_OPTION)?;
            let depth = crate::guest::native_depth_setting();
            // Backtraces are off: compiled tail calls and contified loops drop frames that the
            // interpreter shows (documented), which is not a difference the fuzzer looks for.
            let settings = [depth.as_str(), "backtrace=off"];
            for s in settings.into_iter().chain(mode.settings().iter().copied()) {
                let arg = put(&mut store, s.as_bytes())?;
                if set.call(&mut store, arg)? != 0 {
                    wasmtime::bail!("the guest rejected the option {s}");
                }
            }
            let run =
                instance.get_typed_func::<(i32, i32, i32, i32), i32>(&mut store, export::RUN)?;
            let (n, nl) = put(&mut store, name.as_bytes())?;
            let (s, sl) = put(&mut store, source)?;
            run.call(&mut store, (n, nl, s, sl))
        })();
        let denied = store.data().limiter.denied();
        drop(store);
        Ok(outcome(result, denied, &stdout, &stderr))
    }

    /// `kiln bundle --jit=eager` in a child process, then the bundle on WASI alone.
    fn bundle(&self, name: &str, source: &str, dir: &Path, timeout: Duration) -> Result<Outcome> {
        let start = Instant::now();
        let scm = dir.join(name);
        let wasm = scm.with_extension("wasm");
        std::fs::write(&scm, source).with_context(|| format!("writing {}", scm.display()))?;
        let _ = std::fs::remove_file(&wasm);
        let mut cmd = Command::new(&self.exe);
        cmd.args(["bundle", "-q", "--jit=eager", "--backtrace=off", name, "-o"])
            .arg(wasm.file_name().context("bundle name")?)
            .current_dir(dir);
        let built = child(&mut cmd, timeout.max(Duration::from_secs(30)))?;
        self.add_time(|t| t.bundling += start.elapsed());
        if built.status != 0 {
            return Ok(built);
        }
        let bytes = std::fs::read(&wasm).with_context(|| format!("reading {}", wasm.display()))?;
        let start = Instant::now();
        let module = Module::new(&self.bundle_engine, &bytes)
            .map_err(|e| anyhow!("compiling the bundle of {name}: {e:#}"))?;
        self.add_time(|t| t.bundle_compile += start.elapsed());
        let start = Instant::now();
        let (stdout, stderr) = pipes();
        let host = BundleHost {
            wasi: wasi(name, &stdout, &stderr)?,
            limiter: MemoryLimiter::new(Some(MAX_MEMORY_MIB)),
        };
        let mut store = Store::new(&self.bundle_engine, host);
        store.limiter(|h| &mut h.limiter);
        store.set_epoch_deadline(ticks(timeout));
        let result = (|| -> wasmtime::Result<i32> {
            let instance = self.bundle_linker.instantiate(&mut store, &module)?;
            let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
            start.call(&mut store, ()).map(|()| 0)
        })();
        let denied = store.data().limiter.denied();
        drop(store);
        self.add_time(|t| t.bundle_runs += start.elapsed());
        Ok(outcome(result, denied, &stdout, &stderr))
    }
}

/// A timeout in epoch ticks.
fn ticks(timeout: Duration) -> u64 {
    (timeout.as_millis() / TICK.as_millis()).max(1) as u64
}

/// Cranelift with tail calls, a deep Wasm stack and epoch interruption, as `kiln run --timeout`
/// configures it; with `cache`, the incremental compilation cache (bundles).
fn make_engine(cache: Option<Arc<FunctionCache>>) -> Result<Engine> {
    let mut config = Config::new();
    config
        .strategy(Strategy::Cranelift)
        .wasm_tail_call(true)
        .max_wasm_stack(MAX_WASM_STACK)
        .async_stack_size(MAX_WASM_STACK + (1 << 20))
        .epoch_interruption(true);
    if let Some(cache) = cache {
        config
            .enable_incremental_compilation(cache)
            .map_err(anyhow::Error::from)?;
    }
    Engine::new(&config)
        .map_err(anyhow::Error::from)
        .context("configuring wasmtime")
}

type Pipe = Arc<RwLock<Vec<u8>>>;

fn pipes() -> (Pipe, Pipe) {
    (Arc::default(), Arc::default())
}

/// WASI with empty stdin, captured stdout and stderr, no files, no environment.
fn wasi(name: &str, stdout: &Pipe, stderr: &Pipe) -> Result<WasiCtx> {
    Ok(WasiCtxBuilder::new()
        .stdin(Box::new(ReadPipe::from(Vec::new())))
        .stdout(Box::new(WritePipe::from_shared(stdout.clone())))
        .stderr(Box::new(WritePipe::from_shared(stderr.clone())))
        .args(&[name.to_string()])
        .context("passing the program name to WASI")?
        .build())
}

/// The outcome of a guest call: its status, or the halt as `kiln` reports it.
fn outcome(result: wasmtime::Result<i32>, denied: bool, stdout: &Pipe, stderr: &Pipe) -> Outcome {
    let take = |p: &Pipe| p.read().map(|b| b.clone()).unwrap_or_default();
    let mut err = take(stderr);
    let status = match result {
        Ok(status) => status,
        Err(e) => {
            let halt = Halt::from_wasm(e, denied);
            let msg = match &halt {
                Halt::Exit(_) => None,
                Halt::Timeout => Some("timeout".to_string()),
                Halt::OutOfMemory => Some("out of memory".to_string()),
                Halt::StackOverflow(m) => Some(format!("stack overflow: {m}")),
                Halt::Trap(m) => Some(format!("internal error: {m}")),
                Halt::Host(e) => Some(format!("internal error: {e:#}")),
            };
            if let Some(msg) = msg {
                err.extend_from_slice(format!("kiln: {msg}\n").as_bytes());
            }
            halt.exit_status()
        }
    };
    Outcome {
        stdout: take(stdout),
        stderr: err,
        status,
    }
}

/// Runs a child process to its end (killed after `timeout`: status 124).
fn child(cmd: &mut Command, timeout: Duration) -> Result<Outcome> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting kiln bundle")?;
    let drain = |r: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|s| Box::new(s) as _));
    let err = drain(child.stderr.take().map(|s| Box::new(s) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status.code().unwrap_or(crate::halt::EXIT_INTERNAL);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break crate::halt::EXIT_TIMEOUT;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let join = |h: std::thread::JoinHandle<Vec<u8>>| h.join().unwrap_or_default();
    Ok(Outcome {
        stdout: join(out),
        stderr: join(err),
        status,
    })
}
