//! `kiln bundle --timeout`: a deadline for one guest run (the training run, the snapshot's init
//! run) that is called off when the run ends. `limits::arm_timeout` serves `kiln run`, whose one
//! run lasts until the process exits; a bundle makes two runs with host work in between
//! (compiling the Wizer-instrumented guest can take seconds on a cold cache), and only the runs
//! themselves are bounded, each by the whole `--timeout`.

use anyhow::{Context, Result};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use wasmtime::Engine;

/// Advances an engine's epoch once, `secs` after [`Watchdog::arm`], unless dropped first. Stores
/// of an engine with epoch interruption whose deadline is one tick then trap with
/// `Trap::Interrupt`. No fallback for a guest stuck in a host call: the bundle's runs have no
/// blocking host calls (stdin is an in-memory pipe, stdout a sink).
pub struct Watchdog {
    /// Set when the watchdog is called off; the thread waits on the condition variable.
    cancelled: Arc<(Mutex<bool>, Condvar)>,
}

impl Watchdog {
    /// Starts the clock for a run of `engine`'s guests; `None` without a timeout.
    pub fn arm(engine: &Engine, secs: Option<u64>) -> Result<Option<Watchdog>> {
        let Some(secs) = secs else {
            return Ok(None);
        };
        let cancelled = Arc::new((Mutex::new(false), Condvar::new()));
        let (shared, engine) = (cancelled.clone(), engine.clone());
        std::thread::Builder::new()
            .name("kiln-bundle-timeout".into())
            .spawn(move || {
                let (lock, wake) = &*shared;
                let Ok(guard) = lock.lock() else { return };
                let Ok((guard, _)) =
                    wake.wait_timeout_while(guard, Duration::from_secs(secs), |c| !*c)
                else {
                    return;
                };
                // Ticking while holding the lock: once `drop` has taken it, no tick can follow,
                // so a later run (a new store, deadline one tick from now) is never cut short.
                if !*guard {
                    engine.increment_epoch();
                }
            })
            .context("starting the timeout thread")?;
        Ok(Some(Watchdog { cancelled }))
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let (lock, wake) = &*self.cancelled;
        if let Ok(mut cancelled) = lock.lock() {
            *cancelled = true;
        }
        wake.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmtime::{Config, Instance, Module, Store, Trap};

    fn engine() -> Engine {
        let mut config = Config::new();
        config.epoch_interruption(true);
        Engine::new(&config).unwrap()
    }

    /// Spins in Wasm until the engine's epoch advances (its store's deadline is one tick).
    fn spin(engine: &Engine) -> wasmtime::Result<()> {
        let module = Module::new(engine, r#"(module (func (export "spin") (loop br 0)))"#).unwrap();
        let mut store = Store::new(engine, ());
        store.set_epoch_deadline(1);
        let instance = Instance::new(&mut store, &module, &[]).unwrap();
        let spin = instance
            .get_typed_func::<(), ()>(&mut store, "spin")
            .unwrap();
        spin.call(&mut store, ())
    }

    #[test]
    fn an_armed_watchdog_interrupts_the_run() {
        let engine = engine();
        let _watch = Watchdog::arm(&engine, Some(1)).unwrap();
        let err = spin(&engine).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
    }

    #[test]
    fn a_dropped_watchdog_never_ticks() {
        let engine = engine();
        let start = std::time::Instant::now();
        drop(Watchdog::arm(&engine, Some(1)).unwrap());
        let _watch = Watchdog::arm(&engine, Some(2)).unwrap();
        // A tick from the dropped watchdog would end the spin after 1 s instead of 2.
        let err = spin(&engine).unwrap_err();
        assert_eq!(err.downcast_ref::<Trap>(), Some(&Trap::Interrupt));
        assert!(start.elapsed() >= Duration::from_millis(1900));
    }

    #[test]
    fn no_timeout_arms_nothing() {
        assert!(Watchdog::arm(&engine(), None).unwrap().is_none());
    }
}
