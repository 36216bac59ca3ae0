//! Checks of guest options that the parser cannot make because they need the guest module or
//! the file system: the `--max-memory` floor and the `--dump-jit` directory. They run before
//! any guest starts, for every subcommand that takes [`GuestOptions`].

use super::GuestOptions;
use anyhow::{bail, Context, Result};
use std::path::Path;
use wasmparser::{Parser, Payload, TypeRef};

/// Exit status for an option value kiln refuses (as clap's usage errors).
pub const EXIT_USAGE: i32 = 2;
/// Exit status for an output location that cannot be created (EX_CANTCREAT).
pub const EXIT_CANT_CREATE: i32 = 73;

/// What the guest allocates at start-up beyond its initial memory, before running anything:
/// the 8 MiB value stack and about 1 MiB of heap, symbol table and I/O buffers. Measured: a
/// hello-world needs between 7.9 and 8.9 MiB more than the initial memory, in every JIT mode.
pub const STARTUP_HEADROOM: u64 = 9 << 20;

const MIB: u64 = 1 << 20;

/// An accepted command line that kiln refuses to act on: the message and the exit status.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong, without the `kiln: ` prefix.
    pub message: String,
    /// The process exit status.
    pub status: i32,
}

impl Refusal {
    /// Prints the message on stderr and returns the exit status.
    pub fn report(&self) -> i32 {
        eprintln!("kiln: {}", self.message);
        self.status
    }
}

impl GuestOptions {
    /// Refuses a `--max-memory` below what the guest needs to start, and creates the
    /// `--dump-jit` directory (the JIT would otherwise quietly fail to write its first module
    /// and leave every closure interpreted).
    pub fn preflight(&self) -> Result<(), Refusal> {
        if let Some(mib) = self.max_memory {
            let minimum = guest_minimum_mib().map_err(|e| Refusal {
                message: format!("internal error: {e:#}"),
                status: crate::halt::EXIT_INTERNAL,
            })?;
            if mib < minimum {
                return Err(Refusal {
                    message: format!(
                        "--max-memory {mib} is below the guest's minimum of {minimum} MiB"
                    ),
                    status: EXIT_USAGE,
                });
            }
        }
        if let Some(dir) = &self.dump_jit {
            create_dump_dir(dir)?;
        }
        Ok(())
    }
}

fn create_dump_dir(dir: &Path) -> Result<(), Refusal> {
    std::fs::create_dir_all(dir).map_err(|e| Refusal {
        message: format!(
            "cannot create the --dump-jit directory {}: {e}",
            dir.display()
        ),
        status: EXIT_CANT_CREATE,
    })
}

/// The smallest `--max-memory` (MiB) with which the embedded guest starts: its initial memory
/// plus [`STARTUP_HEADROOM`], rounded up.
pub fn guest_minimum_mib() -> Result<u64> {
    let initial = initial_memory_bytes(crate::guest::GUEST_WASM)?;
    Ok((initial + STARTUP_HEADROOM).div_ceil(MIB))
}

/// The initial size in bytes of a module's first memory, defined or imported.
fn initial_memory_bytes(wasm: &[u8]) -> Result<u64> {
    for payload in Parser::new(0).parse_all(wasm) {
        let memory = match payload.context("parsing the guest module")? {
            Payload::MemorySection(reader) => reader.into_iter().next().transpose()?,
            Payload::ImportSection(reader) => {
                let mut found = None;
                for import in reader.into_imports() {
                    if let TypeRef::Memory(ty) = import?.ty {
                        found = Some(ty);
                        break;
                    }
                }
                found
            }
            // Memories are declared before any code: stop before parsing function bodies.
            Payload::CodeSectionStart { .. } => break,
            _ => None,
        };
        if let Some(ty) = memory {
            return ty
                .initial
                .checked_shl(ty.page_size_log2())
                .context("the guest's initial memory size overflows");
        }
    }
    bail!("the guest module declares no memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one memory section: `(memory initial)`.
    fn module_with_memory(initial: u8) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // Section 5 (memory), 3 bytes: one memory, limits flag 0 (no maximum), `initial` pages.
        wasm.extend_from_slice(&[5, 3, 1, 0, initial]);
        wasm
    }

    #[test]
    fn initial_memory_is_read_from_the_memory_section() {
        assert_eq!(
            initial_memory_bytes(&module_with_memory(3)).unwrap(),
            3 << 16
        );
        assert!(initial_memory_bytes(b"\0asm\x01\0\0\0").is_err());
    }

    #[test]
    fn the_minimum_covers_the_guests_initial_memory_and_start_up() {
        let initial = initial_memory_bytes(crate::guest::GUEST_WASM).unwrap();
        let minimum = guest_minimum_mib().unwrap() * MIB;
        assert!(minimum >= initial + STARTUP_HEADROOM);
        assert!(minimum < initial + STARTUP_HEADROOM + MIB);
    }

    fn options(max_memory: Option<u64>, dump_jit: Option<&Path>) -> GuestOptions {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            guest: GuestOptions,
        }
        let mut guest = Wrapper::parse_from(["kiln"]).guest;
        guest.max_memory = max_memory;
        guest.dump_jit = dump_jit.map(Path::to_path_buf);
        guest
    }

    #[test]
    fn max_memory_below_the_minimum_is_a_usage_error() {
        let minimum = guest_minimum_mib().unwrap();
        assert_eq!(options(Some(minimum), None).preflight(), Ok(()));
        let refusal = options(Some(minimum - 1), None).preflight().unwrap_err();
        assert_eq!(refusal.status, EXIT_USAGE);
        assert_eq!(
            refusal.message,
            format!(
                "--max-memory {} is below the guest's minimum of {minimum} MiB",
                minimum - 1
            )
        );
    }

    #[test]
    fn dump_directory_is_created_or_refused() {
        let base = std::env::temp_dir().join(format!("kiln-preflight-{}", std::process::id()));
        let nested = base.join("a").join("b");
        assert_eq!(options(None, Some(&nested)).preflight(), Ok(()));
        assert!(nested.is_dir());
        let file = base.join("file");
        std::fs::write(&file, b"").unwrap();
        let refusal = options(None, Some(&file.join("x")))
            .preflight()
            .unwrap_err();
        assert_eq!(refusal.status, EXIT_CANT_CREATE);
        assert!(refusal
            .message
            .starts_with("cannot create the --dump-jit directory "));
        std::fs::remove_dir_all(&base).unwrap();
    }
}
