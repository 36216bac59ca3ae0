//! The host's JIT capability, imported as `kiln:jit` `link(ptr, len) -> i32`: compile, validate and
//! instantiate the aux module at `ptr..ptr+len`, run its patch function, return its result (the
//! first new table index, ≥ 0) or a negative status. `kiln:jit` `error(ptr, cap) -> len` copies the
//! reason for the last failure.

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "kiln:jit")]
extern "C" {
    #[link_name = "link"]
    fn host_link(ptr: u32, len: u32) -> i32;
    #[link_name = "error"]
    fn host_error(ptr: u32, cap: u32) -> u32;
}

/// Asks the host to link a module.
#[cfg(target_arch = "wasm32")]
pub fn link(bytes: &[u8]) -> i32 {
    // SAFETY: the host only reads `len` bytes at `ptr`.
    unsafe { host_link(bytes.as_ptr() as usize as u32, bytes.len() as u32) }
}

/// The host's reason for the last failure, if it gave one.
#[cfg(target_arch = "wasm32")]
pub fn last_error() -> Option<String> {
    let mut buf = vec![0u8; 512];
    // SAFETY: the host writes at most `cap` bytes at `ptr`.
    let n = unsafe { host_error(buf.as_mut_ptr() as usize as u32, buf.len() as u32) } as usize;
    (n > 0).then(|| String::from_utf8_lossy(&buf[..n.min(buf.len())]).into_owned())
}

/// Native builds (unit tests) have no host to link with.
#[cfg(not(target_arch = "wasm32"))]
pub fn link(_bytes: &[u8]) -> i32 {
    -1
}

#[cfg(not(target_arch = "wasm32"))]
pub fn last_error() -> Option<String> {
    Some("no JIT host in a native build".into())
}
