//! The host's JIT capability, imported as `kiln:jit` `link(ptr, len) -> i32`: compile, validate and
//! instantiate the aux module at `ptr..ptr+len`, run its patch function, return its result (the
//! first new table index, ≥ 0) or a negative status. `kiln:jit` `error(ptr, cap) -> len` copies the
//! reason for the last failure.
//!
//! Background compilation (`jit-compile=background`, wasmtime host only): `submit(ptr, len) ->
//! i32` hands the module over and returns at once (0 accepted, < 0 refused); `poll() -> i32` links
//! the oldest submission if the host finished compiling it — 1 linked, < 0 failed, 0 nothing ready
//! yet. The guest polls only from the hotness path, so patches run at a point it chose.

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "kiln:jit")]
extern "C" {
    #[link_name = "link"]
    fn host_link(ptr: u32, len: u32) -> i32;
    #[link_name = "error"]
    fn host_error(ptr: u32, cap: u32) -> u32;
    #[link_name = "submit"]
    fn host_submit(ptr: u32, len: u32) -> i32;
    #[link_name = "poll"]
    fn host_poll() -> i32;
}

/// Hands a module to the host's compile thread: 0 accepted, < 0 refused.
#[cfg(target_arch = "wasm32")]
pub fn submit(bytes: &[u8]) -> i32 {
    // SAFETY: the host copies `len` bytes at `ptr` before returning.
    unsafe { host_submit(bytes.as_ptr() as usize as u32, bytes.len() as u32) }
}

/// Links the oldest submitted module if it is compiled: 1 linked, < 0 failed, 0 not ready.
#[cfg(target_arch = "wasm32")]
pub fn poll() -> i32 {
    // SAFETY: no arguments; the host may instantiate and run the module's patch function.
    unsafe { host_poll() }
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
pub fn submit(_bytes: &[u8]) -> i32 {
    -1
}

#[cfg(not(target_arch = "wasm32"))]
pub fn poll() -> i32 {
    0
}

#[cfg(not(target_arch = "wasm32"))]
pub fn last_error() -> Option<String> {
    Some("no JIT host in a native build".into())
}
