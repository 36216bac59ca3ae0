//! The bundle's image: a Wizer snapshot of the guest after `kiln_bundle_init`, and the static
//! link of the aux module that init left pending.

use super::watchdog::Watchdog;
use super::{Chosen, Run, Stop};
use crate::guest::{Guest, GUEST_HASH, GUEST_WASM};
use crate::halt::Halt;
use anyhow::{anyhow, bail, Context, Result};
use kiln_jit::abi::{exit, export};
use kiln_linker::merge::{self, AuxFormat, Merged, Reloc, Stub};
use kiln_linker::snapshot::{self, Snapshotter};
use wasi_common::WasiCtx;
use wasmtime::{Instance, Linker, Store};

/// The guest's Wizer init function and the bundle's entry point (exported as `_start`).
const INIT: &str = export::BUNDLE_INIT;
const START: &str = export::BUNDLE_START;
/// The Wizer init function of an http component (which runs the program's top level).
const HTTP_INIT: &str = export::HTTP_INIT;
/// The only module a bundle may import from.
const WASI: &str = "wasi_snapshot_preview1";
/// The prefix of the WASI 0.2 interfaces the guest's http handler imports (`wasi:http/types@…`).
const WASI_P2: &str = "wasi:";

/// What a bundle is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A wasm32-wasip1 command module (`_start`).
    Command,
    /// The core module of a `wasi:http/proxy` component: its handler export is the entry.
    Http,
}

/// Stubs for the guest's WASI 0.2 imports: a command bundle never reaches the http handler that
/// calls them, and its hosts offer only preview 1.
fn http_stubs(wasm: &[u8]) -> Result<Vec<Stub>> {
    Ok(kiln_linker::inspect::imports(wasm)?
        .into_iter()
        .filter(|(module, _)| module.starts_with(WASI_P2))
        .map(|(module, name)| Stub {
            module,
            name,
            result: 0,
        })
        .collect())
}

/// The `kiln:jit` imports, removed from bundles: `link` and `submit` fail, `error` has nothing to
/// say, `poll` never has anything ready (bundles never compile in the background anyway).
fn jit_stubs() -> Vec<Stub> {
    let stub = |name: &str, result| Stub {
        module: "kiln:jit".into(),
        name: name.into(),
        result,
    };
    vec![
        stub("link", -1),
        stub("error", 0),
        stub("submit", -1),
        stub("poll", 0),
    ]
}

/// The init run's request, in the wire format of the guest's `bundle.rs`.
pub fn request(name: &str, source: &[u8], settings: &[String], chosen: &Chosen) -> Vec<u8> {
    let mut out = Vec::new();
    field(&mut out, "name", name.as_bytes());
    for s in settings {
        field(&mut out, "option", s.as_bytes());
    }
    let lambdas = match chosen {
        Chosen::All => "all",
        Chosen::Listed(ids) => ids,
    };
    field(&mut out, "lambdas", lambdas.as_bytes());
    field(&mut out, "source", source);
    out
}

fn field(out: &mut Vec<u8>, key: &str, value: &[u8]) {
    out.extend_from_slice(format!("{key} {}\n", value.len()).as_bytes());
    out.extend_from_slice(value);
    out.push(b'\n');
}

/// A snapshot and the aux module its init run compiled (`None` if it compiled nothing).
pub struct Snapshot {
    pub wasm: Vec<u8>,
    pub aux: Option<Vec<u8>>,
}

/// Snapshots the guest after an init run on `request` of at most `timeout` seconds.
pub fn snapshot(
    guest: &Guest,
    request: &[u8],
    dirs: &[crate::cli::LibraryDir],
    timeout: Option<u64>,
    target: Target,
) -> Result<Snapshot, Stop> {
    let wizer = match target {
        Target::Command => {
            let mut wizer = Snapshotter::new(INIT);
            wizer.rename("_start", START);
            wizer
        }
        Target::Http => Snapshotter::new(HTTP_INIT),
    };
    let (cx, instrumented) = wizer.instrument(GUEST_WASM)?;
    // The instrumented guest is the same for every bundle: cache its compiled code like the guest's.
    let module = crate::cache::load_module(
        guest.engine(),
        &instrumented,
        &format!("{GUEST_HASH}-wizer-{target:?}"),
    )?;
    let mut linker: Linker<WasiCtx> = Linker::new(guest.engine());
    wasi_common::sync::add_to_linker(&mut linker, |wasi: &mut WasiCtx| wasi)
        .map_err(anyhow::Error::from)?;
    snapshot::define_stubs(&mut linker, &module, &jit_stubs())?;
    // The init run never reaches the http handler, the only user of the WASI 0.2 imports.
    linker
        .define_unknown_imports_as_traps(&module)
        .map_err(anyhow::Error::from)?;
    let wasi = snapshot::deterministic_wasi(request.to_vec());
    preopen_libraries(&wasi, dirs)?;
    let mut store = Store::new(guest.engine(), wasi);
    // With `--timeout` the engine interrupts a store one epoch tick after its deadline was set.
    store.set_epoch_deadline(1);
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(anyhow::Error::from)
        .context("instantiating the guest")?;
    let watchdog = Watchdog::arm(guest.engine(), timeout)?;
    let initialized = wizer.initialize(&mut store, &instance);
    drop(watchdog);
    if let Err(e) = initialized {
        let halt = match Halt::from_wasm(e, false) {
            Halt::Trap(why) => match exit_status_after_trap(&mut store, &instance) {
                Some(status) => Halt::Exit(status),
                None => Halt::Trap(why),
            },
            halt => halt,
        };
        // An http component's init run also runs the program: its errors are the program's.
        let program_error = |status| {
            status == exit::SYNTAX
                || status == exit::OUT_OF_MEMORY
                || (target == Target::Http && status == exit::ERROR)
        };
        return Err(match halt {
            Halt::Exit(status) if program_error(status) => Stop::Program(status),
            Halt::Timeout => Stop::Timeout(Run::Init),
            halt => Stop::Internal(anyhow!("the init run failed: {halt:?}")),
        });
    }
    let wasm = wizer
        .snapshot(cx, &mut store, instance)
        .context("taking the snapshot")?;
    let aux = pending_module(&mut store, &instance)?;
    if let Some((ptr, bytes)) = &aux {
        check_image(&wasm, *ptr, bytes)?;
    }
    Ok(Snapshot {
        wasm,
        aux: aux.map(|(_, bytes)| bytes),
    })
}

/// Lets the init run read the program's libraries: the current directory as `.` and each
/// library directory elsewhere at the path the guest knows it by (as `kiln run` does). The
/// guest forgets these preopens before the snapshot (`interp/src/bundle.rs`): a bundle's host
/// gives its own.
fn preopen_libraries(wasi: &WasiCtx, dirs: &[crate::cli::LibraryDir]) -> Result<()> {
    let open = |path: &std::path::Path| -> Result<()> {
        let dir =
            wasi_common::sync::Dir::open_ambient_dir(path, wasi_common::sync::ambient_authority())
                .with_context(|| format!("opening {} for the init run", path.display()))?;
        let guest = dirs
            .iter()
            .find(|d| d.host.as_deref() == Some(path))
            .map_or(".", |d| d.guest.as_str());
        wasi.push_preopened_dir(
            Box::new(wasi_common::sync::dir::Dir::from_cap_std(dir)),
            guest,
        )
        .map_err(anyhow::Error::from)
        .with_context(|| format!("preopening {}", path.display()))
    };
    open(std::path::Path::new("."))?;
    for dir in dirs {
        if let Some(host) = &dir.host {
            open(host)?;
        }
    }
    Ok(())
}

/// The status the guest trapped to exit with (see `kiln_jit::abi::export::EXIT_STATUS`), if it did.
fn exit_status_after_trap(store: &mut Store<WasiCtx>, instance: &Instance) -> Option<i32> {
    let f = instance
        .get_typed_func::<(), i32>(&mut *store, export::EXIT_STATUS)
        .ok()?;
    let at = f.call(&mut *store, ()).ok()? as u32 as usize;
    let memory = instance.get_memory(&mut *store, "memory")?;
    let word = memory.data(&*store).get(at..at + 4)?;
    Some(i32::from_le_bytes(word.try_into().ok()?)).filter(|&s| s >= 0)
}

/// The aux module the init run parked (pull model) and its address in guest memory.
fn pending_module(
    store: &mut Store<WasiCtx>,
    instance: &Instance,
) -> Result<Option<(u32, Vec<u8>)>> {
    let mut get = |name: &str| -> Result<u32> {
        let f = instance
            .get_typed_func::<(), i32>(&mut *store, name)
            .map_err(anyhow::Error::from)?;
        Ok(f.call(&mut *store, ()).map_err(anyhow::Error::from)? as u32)
    };
    let (ptr, len) = (get(export::JIT_PENDING)?, get(export::JIT_PENDING_LEN)?);
    if len == 0 {
        return Ok(None);
    }
    let memory = instance
        .get_memory(&mut *store, "memory")
        .context("the guest exports no memory")?;
    let bytes = memory
        .data(&*store)
        .get(ptr as usize..ptr as usize + len as usize)
        .context("the pending module lies outside memory")?;
    Ok(Some((ptr, bytes.to_vec())))
}

/// The snapshot must hold, at the address the instance reports, the very bytes of the aux module:
/// the relocations' slot addresses are only right if the snapshot is the instance's memory.
fn check_image(wasm: &[u8], ptr: u32, aux: &[u8]) -> Result<()> {
    let image = kiln_linker::inspect::data_image(wasm, 0, ptr, aux.len() as u32)?;
    if image != aux {
        bail!(
            "corrupt snapshot: its memory image differs from the initialised instance at {ptr:#x}"
        );
    }
    Ok(())
}

/// Links the aux module into the snapshot statically. A command bundle's WASI 0.2 imports are
/// replaced by stubs; the result must import only WASI preview 1 (and, for an http component's
/// core module, the WASI 0.2 interfaces of its handler).
pub fn link(snapshot: &Snapshot, target: Target) -> Result<Merged> {
    let decode = |bytes: &[u8]| {
        let relocs = kiln_jit::relocs::decode(bytes)?;
        Some(
            relocs
                .into_iter()
                .map(|r| Reloc {
                    slot: r.slot,
                    func: r.func,
                })
                .collect(),
        )
    };
    let format = AuxFormat {
        import_module: kiln_linker::policy::IMPORT_MODULE,
        patch_export: kiln_jit::PATCH_EXPORT,
        relocs_section: kiln_jit::relocs::SECTION,
        decode_relocs: &decode,
    };
    let mut stubs = jit_stubs();
    if target == Target::Command {
        stubs.extend(http_stubs(&snapshot.wasm)?);
    }
    let merged = merge::merge(&snapshot.wasm, snapshot.aux.as_deref(), &format, &stubs)?;
    for (module, name) in kiln_linker::inspect::imports(&merged.wasm)? {
        let allowed = module == WASI || (target == Target::Http && module.starts_with(WASI_P2));
        if !allowed {
            bail!("the bundle still imports {module}.{name}");
        }
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_uses_the_guests_wire_format() {
        let r = request(
            "p.scm",
            b"(f)",
            &["max-depth=9".into()],
            &Chosen::Listed("0:1:1:0\n".into()),
        );
        assert_eq!(
            r,
            b"name 5\np.scm\noption 11\nmax-depth=9\nlambdas 8\n0:1:1:0\n\nsource 3\n(f)\n"
        );
        assert!(request("p", b"", &[], &Chosen::All)
            .windows(12)
            .any(|w| w == b"lambdas 3\nal"));
    }
}
