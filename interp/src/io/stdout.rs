//! Standard output, buffered in the guest: one WASI `fd_write` per 64 KiB, not one per `display`.
//!
//! The buffer has a fixed address and the layout of `kiln_jit::abi::stdout`, exported through
//! `kiln_stdout_buffer`, so that a host which stops the guest abnormally — a `--timeout`, a trap —
//! can still write out what the program printed. Exits the guest controls (`exit`, an uncaught
//! error, running out of memory) flush it first. A bundle runs on hosts that know nothing of the
//! buffer, so it switches to line buffering: a line is out once its newline is written.

use super::raw;
use kiln_jit::abi::stdout::CAPACITY;

/// The buffer as hosts see it (`kiln_jit::abi::stdout`: count, then bytes).
#[repr(C)]
struct OutBuffer {
    len: u32,
    data: [u8; CAPACITY as usize],
}

const _: () = assert!(std::mem::offset_of!(OutBuffer, len) == kiln_jit::abi::stdout::LEN as usize);
const _: () =
    assert!(std::mem::offset_of!(OutBuffer, data) == kiln_jit::abi::stdout::DATA as usize);

static mut OUT: OutBuffer = OutBuffer {
    len: 0,
    data: [0; CAPACITY as usize],
};
static mut LINE_BUFFERED: bool = false;

/// The buffer. The guest is single-threaded and nothing holds the reference across a call.
#[allow(static_mut_refs)]
fn buffer() -> &'static mut OutBuffer {
    // SAFETY: single-threaded guest; every user takes it for the duration of one function.
    unsafe { &mut OUT }
}

/// Appends `bytes`, writing the buffer out when it fills (and at a newline when line-buffered).
pub fn write(mut bytes: &[u8]) {
    let out = buffer();
    while !bytes.is_empty() {
        let len = out.len as usize;
        let n = bytes.len().min(CAPACITY as usize - len);
        out.data[len..len + n].copy_from_slice(&bytes[..n]);
        // The count is updated after the copy: a host reading after a trap sees whole bytes.
        out.len = (len + n) as u32;
        bytes = &bytes[n..];
        if out.len == CAPACITY {
            flush();
        }
    }
    // SAFETY: a plain read of a flag only `set_line_buffered` writes.
    if unsafe { LINE_BUFFERED } && out.data[..out.len as usize].contains(&b'\n') {
        flush();
    }
}

/// Writes out everything buffered.
pub fn flush() {
    let out = buffer();
    let len = out.len as usize;
    if len > 0 {
        out.len = 0;
        raw::write_all(raw::STDOUT, &out.data[..len]);
    }
}

/// Line buffering, for hosts that cannot recover the buffer (bundles).
pub fn set_line_buffered(on: bool) {
    // SAFETY: single-threaded guest.
    unsafe { LINE_BUFFERED = on };
}

/// The address of the buffer (`kiln_jit::abi::export::STDOUT_BUFFER`).
#[no_mangle]
pub extern "C" fn kiln_stdout_buffer() -> u32 {
    std::ptr::addr_of!(OUT) as usize as u32
}
