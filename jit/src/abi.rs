//! The guest ABI's names and numbers, in one place: what the Kiln guest exports, the layouts of
//! the data it shares with its hosts, and the process exit statuses every host reports. The guest
//! (`kiln-interp`), the `kiln` harness and the static linker's callers use these constants; the
//! browser page gets them as `web/abi.js`, generated from this module (see `kiln_jit::abi::js`).
//!
//! Lives in `kiln-jit` because that is the crate every side already shares; none of it is about
//! code generation.

/// Exit statuses (BSD `sysexits.h` where one fits, else the shell's conventions).
pub mod exit {
    /// A usage error: bad options (as clap reports them).
    pub const USAGE: i32 = 2;
    /// The bundle init request was malformed (EX_USAGE).
    pub const BAD_REQUEST: i32 = 64;
    /// A read or syntax error in the program (EX_DATAERR).
    pub const SYNTAX: i32 = 65;
    /// An input file cannot be read (EX_NOINPUT).
    pub const NO_INPUT: i32 = 66;
    /// An uncaught Scheme error, or an internal error (EX_SOFTWARE).
    pub const ERROR: i32 = 70;
    /// An output file cannot be written (EX_CANTCREAT).
    pub const CANT_CREATE: i32 = 73;
    /// `--timeout` expired (as coreutils' `timeout`).
    pub const TIMEOUT: i32 = 124;
    /// Memory ran out: the guest's 4 GiB, or `--max-memory` (as a process the OOM killer ended).
    pub const OUT_OF_MEMORY: i32 = 137;
    /// WASI preview 1's `proc_exit` carries statuses below this one only (wasmtime refuses the
    /// rest): the guest reports higher ones through `export::EXIT_STATUS`.
    pub const WASI_MAX: i32 = 126;
}

/// Names of the guest's exports (besides `memory`, `__indirect_function_table` and the
/// `kiln_rt_*` runtime functions of `crate::runtime`).
pub mod export {
    pub const ALLOC: &str = "kiln_alloc";
    pub const SET_OPTION: &str = "kiln_set_option";
    pub const RUN: &str = "kiln_run";
    pub const REPL_EVAL: &str = "kiln_repl_eval";
    /// `()`: drops the REPL's unfinished entry (Ctrl-C at a continuation prompt).
    pub const REPL_RESET: &str = "kiln_repl_reset";
    /// `()`: the end of a REPL session: prints `--jit-stats` / `--gc-stats` as the end of a run
    /// does, and writes out buffered output.
    pub const REPL_FINISH: &str = "kiln_repl_finish";
    /// `() -> ptr`: the address of the standard-output buffer (see [`super::stdout`]).
    pub const STDOUT_BUFFER: &str = "kiln_stdout_buffer";
    /// `() -> ptr`: the address of an `i32`, -1 unless the guest ended by trapping because its
    /// exit status was one WASI cannot carry (see [`super::exit::WASI_MAX`]); then that status.
    pub const EXIT_STATUS: &str = "kiln_exit_status";
    pub const JIT_PENDING: &str = "kiln_jit_pending";
    pub const JIT_PENDING_LEN: &str = "kiln_jit_pending_len";
    pub const JIT_LINKED: &str = "kiln_jit_linked";
    pub const JIT_FLUSH: &str = "kiln_jit_flush";
    /// `(path_ptr, path_len, text_ptr, text_len)`: makes the text the contents of file `path`
    /// for the guest's loader, found by the library search and `include` as a file on disk
    /// would be (the page's editor tabs).
    pub const GIVE_FILE: &str = "kiln_give_file";
    /// Bundles: the guest's Wizer init function (reads, expands and compiles the program).
    pub const BUNDLE_INIT: &str = "kiln_bundle_init";
    /// Bundles: the entry point, exported by the bundle as `_start`.
    pub const BUNDLE_START: &str = "kiln_bundle_start";
    /// Bundle training: `(ptr, len…) -> status` loads the program to train.
    pub const BUNDLE_PREPARE: &str = "kiln_bundle_prepare";
    /// Bundle training: `() -> status` runs the loaded program.
    pub const BUNDLE_EXEC: &str = "kiln_bundle_exec";
    /// Bundle training: `() -> ptr` / `() -> len` of the profile (the lambdas that got hot).
    pub const BUNDLE_PROFILE: &str = "kiln_bundle_profile";
    pub const BUNDLE_PROFILE_LEN: &str = "kiln_bundle_profile_len";
    /// http components: the Wizer init function (runs the program's top level).
    pub const HTTP_INIT: &str = "kiln_http_init";
    /// http training: serves one request given as bytes.
    pub const HTTP_REQUEST: &str = "kiln_http_request";
}

/// The guest buffers standard output in linear memory and writes it with one WASI `fd_write` per
/// buffer. A host that stops the guest abnormally (timeout, trap) reads what is still buffered at
/// the address `kiln_stdout_buffer` returns, and writes it out itself, so no output is lost:
/// a `u32` byte count at [`LEN`], then the bytes at [`DATA`].
pub mod stdout {
    /// Offset of the count of buffered bytes (a little-endian `u32`).
    pub const LEN: u32 = 0;
    /// Offset of the first buffered byte.
    pub const DATA: u32 = 4;
    /// Size of the buffer: it is written out when full.
    pub const CAPACITY: u32 = 64 * 1024;
}

/// `web/abi.js`: these constants as an ES module for the browser page. The file is generated
/// from this function and a test checks it is up to date (`KILN_BLESS=1 cargo test -p kiln-jit`
/// rewrites it).
pub fn js() -> String {
    let mut s = String::from(
        "// Generated from jit/src/abi.rs (`KILN_BLESS=1 cargo test -p kiln-jit`): do not edit.\n\
         // The guest ABI's names and numbers; see that file for what each means.\n\n",
    );
    s += "export const EXIT = Object.freeze({\n";
    for (name, value) in [
        ("USAGE", exit::USAGE),
        ("SYNTAX", exit::SYNTAX),
        ("ERROR", exit::ERROR),
        ("TIMEOUT", exit::TIMEOUT),
        ("OUT_OF_MEMORY", exit::OUT_OF_MEMORY),
        ("WASI_MAX", exit::WASI_MAX),
    ] {
        s += &format!("  {name}: {value},\n");
    }
    s += "});\n\nexport const EXPORT = Object.freeze({\n";
    for (name, value) in [
        ("ALLOC", export::ALLOC),
        ("SET_OPTION", export::SET_OPTION),
        ("RUN", export::RUN),
        ("REPL_EVAL", export::REPL_EVAL),
        ("STDOUT_BUFFER", export::STDOUT_BUFFER),
        ("EXIT_STATUS", export::EXIT_STATUS),
        ("JIT_PENDING", export::JIT_PENDING),
        ("JIT_PENDING_LEN", export::JIT_PENDING_LEN),
        ("JIT_LINKED", export::JIT_LINKED),
        ("JIT_FLUSH", export::JIT_FLUSH),
        ("GIVE_FILE", export::GIVE_FILE),
    ] {
        s += &format!("  {name}: '{value}',\n");
    }
    s += "});\n\nexport const STDOUT = Object.freeze({\n";
    for (name, value) in [
        ("LEN", stdout::LEN),
        ("DATA", stdout::DATA),
        ("CAPACITY", stdout::CAPACITY),
    ] {
        s += &format!("  {name}: {value},\n");
    }
    s += "});\n\n// The runtime functions an aux module may import from module \"env\" (jit/src/runtime.rs).\n";
    s += "export const RUNTIME_IMPORTS = Object.freeze([\n";
    for f in crate::runtime::RUNTIME {
        s += &format!("  '{}',\n", f.name);
    }
    s += "]);\n";
    s
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn web_abi_js_is_generated_from_this_module() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/abi.js");
        let want = super::js();
        if std::env::var_os("KILN_BLESS").is_some() {
            std::fs::write(&path, &want).expect("writing web/abi.js");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "web/abi.js is out of date: run `KILN_BLESS=1 cargo test -p kiln-jit`"
        );
    }
}
