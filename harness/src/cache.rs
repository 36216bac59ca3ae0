//! An on-disk cache of the compiled guest: compiling it with Cranelift takes far longer than
//! memory-mapping a serialized copy, and `kiln` startup time matters.
//!
//! Entries live in `$KILN_CACHE_DIR`, else `$XDG_CACHE_HOME/kiln`, else `~/.cache/kiln`
//! (`KILN_CACHE_DIR=` empty disables the cache). A file's name carries the guest's hash and the
//! engine's compatibility hash, so a different guest or engine configuration never finds it.

use anyhow::{Context, Result};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use wasmtime::{Engine, Module};

/// How many entries to keep: one per engine configuration of the current guest, plus a few
/// of older builds.
const KEEP: usize = 4;

/// The guest module for `engine`: deserialized from the cache, or compiled (and then cached).
/// Cache problems are never fatal: they only cost a compilation.
pub fn load_module(engine: &Engine, wasm: &[u8], wasm_hash: &str) -> Result<Module> {
    let Some(path) = cache_dir().map(|dir| dir.join(file_name(engine, wasm_hash))) else {
        return compile(engine, wasm);
    };
    if let Some(module) = deserialize(engine, &path) {
        return Ok(module);
    }
    let module = compile(engine, wasm)?;
    let _ = store(&module, &path);
    Ok(module)
}

fn compile(engine: &Engine, wasm: &[u8]) -> Result<Module> {
    Module::new(engine, wasm)
        .map_err(anyhow::Error::from)
        .context("compiling the guest module")
}

fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("KILN_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let xdg = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from);
    let base = xdg.or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("kiln"))
}

fn file_name(engine: &Engine, wasm_hash: &str) -> String {
    let mut h = DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    format!("guest-{wasm_hash}-{:016x}.cwasm", h.finish())
}

fn deserialize(engine: &Engine, path: &Path) -> Option<Module> {
    if !path.is_file() {
        return None;
    }
    // SAFETY: the file was written by `Module::serialize` (below) for this guest and engine
    // configuration, as its name says, and published by an atomic rename so it is never
    // partial. Wasmtime itself rejects files from another version or configuration.
    unsafe { Module::deserialize_file(engine, path) }.ok()
}

/// Writes the entry through a temporary file and a rename, so concurrent `kiln`s never read
/// a half-written one, then drops the oldest entries.
fn store(module: &Module, path: &Path) -> Result<()> {
    let dir = path.parent().context("cache path has a parent")?;
    std::fs::create_dir_all(dir)?;
    let bytes = module.serialize().map_err(anyhow::Error::from)?;
    let tmp = dir.join(format!(".tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    prune(dir)
}

fn prune(dir: &Path) -> Result<()> {
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "cwasm"))
        .filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p)))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (_, old) in entries.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAT: &str = r#"(module (func (export "answer") (result i32) i32.const 42))"#;

    fn answer(engine: &Engine, module: &Module) -> i32 {
        let mut store = wasmtime::Store::new(engine, ());
        let instance = wasmtime::Instance::new(&mut store, module, &[]).unwrap();
        instance
            .get_typed_func::<(), i32>(&mut store, "answer")
            .unwrap()
            .call(&mut store, ())
            .unwrap()
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kiln-cache-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn stored_module_deserializes_and_works() {
        let engine = Engine::default();
        let path = temp_dir("roundtrip").join(file_name(&engine, "0123"));
        store(&Module::new(&engine, WAT).unwrap(), &path).unwrap();
        let module = deserialize(&engine, &path).expect("cache hit");
        assert_eq!(answer(&engine, &module), 42);
    }

    #[test]
    fn garbage_file_is_a_miss() {
        let engine = Engine::default();
        let path = temp_dir("garbage").join("x.cwasm");
        std::fs::write(&path, b"not a module").unwrap();
        assert!(deserialize(&engine, &path).is_none());
    }

    #[test]
    fn name_depends_on_guest_and_engine_configuration() {
        let plain = Engine::default();
        let epoch = Engine::new(wasmtime::Config::new().epoch_interruption(true)).unwrap();
        assert_ne!(file_name(&plain, "a"), file_name(&plain, "b"));
        assert_ne!(file_name(&plain, "a"), file_name(&epoch, "a"));
        assert_eq!(file_name(&plain, "a"), file_name(&Engine::default(), "a"));
    }

    #[test]
    fn prune_keeps_the_newest_entries() {
        let dir = temp_dir("prune");
        for i in 0..KEEP + 2 {
            std::fs::write(dir.join(format!("{i}.cwasm")), b"x").unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::fs::write(dir.join("other.txt"), b"x").unwrap();
        prune(&dir).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["2.cwasm", "3.cwasm", "4.cwasm", "5.cwasm", "other.txt"]
        );
    }
}
