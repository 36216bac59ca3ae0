//! Writing to the process's file descriptors and exiting without allocating: the paths that run
//! when memory has run out (and the stdout buffer's flush, so it never double-buffers in `std`).
//! On wasm32 these are WASI preview 1's `fd_write` and `proc_exit` themselves; native builds
//! (unit tests) use `std`.

/// Standard output's file descriptor.
pub const STDOUT: u32 = 1;
/// Standard error's file descriptor.
pub const STDERR: u32 = 2;

#[cfg(target_arch = "wasm32")]
mod wasi {
    #[repr(C)]
    pub struct Ciovec {
        pub buf: *const u8,
        pub len: usize,
    }

    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn fd_write(fd: u32, iovs: *const Ciovec, iovs_len: usize, written: *mut usize) -> u16;
        pub fn proc_exit(code: u32) -> !;
    }
}

/// Writes all of `bytes` to `fd`, retrying short writes; gives up silently on an error (there is
/// nowhere left to report it).
#[cfg(target_arch = "wasm32")]
pub fn write_all(fd: u32, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        let iov = wasi::Ciovec {
            buf: bytes.as_ptr(),
            len: bytes.len(),
        };
        let mut written = 0usize;
        // SAFETY: `iov` describes live memory; `written` is a valid out-pointer.
        let errno = unsafe { wasi::fd_write(fd, &iov, 1, &mut written) };
        if errno != 0 || written == 0 {
            return;
        }
        bytes = &bytes[written.min(bytes.len())..];
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub fn write_all(fd: u32, bytes: &[u8]) {
    use std::io::Write;
    let _ = match fd {
        STDOUT => std::io::stdout().write_all(bytes),
        _ => std::io::stderr().write_all(bytes),
    };
}

/// The status of an exit WASI cannot carry (`kiln_jit::abi::export::EXIT_STATUS`): -1, or the
/// status the guest wanted when it ended by trapping instead.
static mut EXIT_STATUS: i32 = -1;

/// The address of the exit-status word, for hosts.
#[no_mangle]
pub extern "C" fn kiln_exit_status() -> u32 {
    std::ptr::addr_of!(EXIT_STATUS) as usize as u32
}

/// Ends the process with `code`, without destructors or allocation. WASI's `proc_exit` reserves
/// statuses from 126 up (wasmtime refuses them), so for those the status is stored where the host
/// looks (`kiln_exit_status`) and the guest traps: the `kiln` host then exits with the status; a
/// stock host reports a trap.
#[cfg(target_arch = "wasm32")]
pub fn exit(code: i32) -> ! {
    if (0..kiln_jit::abi::exit::WASI_MAX).contains(&code) {
        // SAFETY: proc_exit does not return.
        unsafe { wasi::proc_exit(code as u32) }
    }
    // SAFETY: single-threaded guest; the host reads the word only after the trap.
    unsafe { EXIT_STATUS = code };
    core::arch::wasm32::unreachable()
}

#[cfg(not(target_arch = "wasm32"))]
pub fn exit(code: i32) -> ! {
    std::process::exit(code)
}

/// A decimal rendering of `n` in a stack buffer, for messages built without allocating.
pub struct Decimal {
    buf: [u8; 20],
    start: usize,
}

impl Decimal {
    pub fn new(mut n: u64) -> Decimal {
        let mut buf = [0u8; 20];
        let mut start = buf.len();
        loop {
            start -= 1;
            buf[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        Decimal { buf, start }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    #[test]
    fn decimal_renders_without_allocating() {
        for n in [0u64, 7, 10, 4095, u64::MAX] {
            assert_eq!(Decimal::new(n).as_bytes(), n.to_string().as_bytes());
        }
    }
}
