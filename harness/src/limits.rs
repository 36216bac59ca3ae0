//! Resource limits on a guest: the `--max-memory` cap and the `--timeout` clock.

use anyhow::{Context, Result};
use std::time::Duration;
use wasmtime::{Engine, ResourceLimiter};

/// Caps linear memory and remembers whether it ever refused to grow it: the guest's allocator
/// then aborts with an ordinary trap, which only this flag lets the host report as out-of-memory.
#[derive(Debug, Default)]
pub struct MemoryLimiter {
    max_bytes: Option<usize>,
    denied: bool,
}

impl MemoryLimiter {
    /// A limiter allowing at most `max_mib` MiB of linear memory (no cap for `None`).
    pub fn new(max_mib: Option<u64>) -> MemoryLimiter {
        let max_bytes = max_mib.map(|mib| usize::try_from(mib << 20).unwrap_or(usize::MAX));
        MemoryLimiter {
            max_bytes,
            denied: false,
        }
    }

    /// Whether a memory growth has been refused because of the cap.
    pub fn denied(&self) -> bool {
        self.denied
    }
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let allowed = self.max_bytes.is_none_or(|max| desired <= max);
        self.denied |= !allowed;
        Ok(allowed)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        _desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(true)
    }

    // Wasmtime's defaults (10 000 each per store) would cap how many JIT aux modules a long
    // program can instantiate; memory is what we limit, not module counts.
    fn instances(&self) -> usize {
        usize::MAX
    }

    fn tables(&self) -> usize {
        usize::MAX
    }

    fn memories(&self) -> usize {
        usize::MAX
    }
}

/// How long a guest may take to notice the epoch tick before `on_stuck` runs: it only checks
/// the epoch while running Wasm, not while blocked in a host call such as reading stdin.
pub const GRACE: Duration = Duration::from_secs(1);

/// Starts a thread that advances `engine`'s epoch once, `secs` seconds from now. Stores of an
/// engine with epoch interruption and a deadline of one tick then trap with `Trap::Interrupt`.
/// One tick instead of a periodic ticker: nothing else uses the epoch, and it costs no wakeups.
/// If the process is still alive [`GRACE`] later, the thread calls `on_stuck` (which should
/// report the timeout and exit).
pub fn arm_timeout(
    engine: &Engine,
    secs: u64,
    on_stuck: impl FnOnce() + Send + 'static,
) -> Result<()> {
    let engine = engine.clone();
    std::thread::Builder::new()
        .name("kiln-timeout".into())
        .spawn(move || {
            std::thread::sleep(Duration::from_secs(secs));
            engine.increment_epoch();
            std::thread::sleep(GRACE);
            on_stuck();
        })
        .context("starting the timeout thread")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmtime::{Config, Instance, Module, Store, Trap};

    const MIB: usize = 1 << 20;

    #[test]
    fn unlimited_limiter_allows_everything() {
        let mut l = MemoryLimiter::new(None);
        assert!(l.memory_growing(0, 4096 * MIB, None).unwrap());
        assert!(!l.denied());
    }

    #[test]
    fn cap_allows_up_to_the_limit_and_records_refusals() {
        let mut l = MemoryLimiter::new(Some(2));
        assert!(l.memory_growing(0, 2 * MIB, None).unwrap());
        assert!(!l.denied());
        assert!(!l.memory_growing(2 * MIB, 2 * MIB + 65536, None).unwrap());
        assert!(l.denied());
    }

    #[test]
    fn memory_grow_in_wasm_fails_beyond_the_cap() {
        let engine = Engine::default();
        let wat = r#"(module (memory 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))"#;
        let module = Module::new(&engine, wat).unwrap();
        let mut store = Store::new(&engine, MemoryLimiter::new(Some(1)));
        store.limiter(|l| l);
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let grow = instance
            .get_typed_func::<i32, i32>(&mut store, "grow")
            .unwrap();
        assert_eq!(
            grow.call(&mut store, 15).unwrap(),
            1,
            "16 pages = 1 MiB fits"
        );
        assert_eq!(
            grow.call(&mut store, 1).unwrap(),
            -1,
            "one more page does not"
        );
        assert!(store.data().denied());
    }

    #[test]
    fn timeout_interrupts_an_infinite_loop() {
        let mut config = Config::new();
        config.epoch_interruption(true);
        let engine = Engine::new(&config).unwrap();
        let module =
            Module::new(&engine, r#"(module (func (export "spin") (loop br 0)))"#).unwrap();
        let mut store = Store::new(&engine, ());
        store.set_epoch_deadline(1);
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let spin = instance
            .get_typed_func::<(), ()>(&mut store, "spin")
            .unwrap();
        arm_timeout(&engine, 1, || {}).unwrap();
        let err = spin.call(&mut store, ()).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
    }

    #[test]
    fn timeout_calls_on_stuck_when_no_wasm_notices() {
        let (tx, rx) = std::sync::mpsc::channel();
        arm_timeout(&Engine::default(), 1, move || tx.send(()).unwrap()).unwrap();
        assert!(rx
            .recv_timeout(Duration::from_secs(1) + GRACE + Duration::from_secs(5))
            .is_ok());
    }
}
