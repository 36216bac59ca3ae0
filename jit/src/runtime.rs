//! The runtime functions an aux module may import: the declared list of the main module's exports
//! (module `env`). The host rejects an aux module importing anything else; the static linker
//! resolves these to the main module's own functions.
//!
//! Conventions: a result of 0 means "not a value": an unwind is parked in the VM or a tail call is
//! pending (see ARCHITECTURE.md, "Calling convention").

use wasm_encoder::ValType::{self, I32};

/// One runtime import: export name in the main module, parameters, results.
pub struct RuntimeFn {
    pub name: &'static str,
    pub params: &'static [ValType],
    pub results: &'static [ValType],
}

macro_rules! runtime_fns {
    ($($id:ident = $name:literal ($($p:expr),*) -> ($($r:expr),*);)*) => {
        /// Indices into `RUNTIME`.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug)]
        pub enum Rt { $($id),* }
        /// Every runtime function, in import order.
        pub const RUNTIME: &[RuntimeFn] = &[
            $(RuntimeFn { name: $name, params: &[$($p),*], results: &[$($r),*] }),*
        ];
    };
}

runtime_fns! {
    // (fslot) -> value: performs the tail call pending at fslot.
    Settle = "kiln_rt_settle" (I32) -> (I32);
    // (fslot, argc) -> value: generic call of whatever is at fslot.
    Apply = "kiln_rt_apply" (I32, I32) -> (I32);
    // (cell) -> 0: raises "unbound variable".
    Unbound = "kiln_rt_unbound" (I32) -> (I32);
    // (proc, argc) -> 0: raises the wrong-number-of-arguments error.
    Arity = "kiln_rt_arity" (I32, I32) -> (I32);
    // (argv, nreq, argc) -> list of the rest arguments.
    Rest = "kiln_rt_rest" (I32, I32, I32) -> (I32);
    // (fslot, argc) -> value: a non-tail call past the depth limit (see `emit::call`).
    DeepCall = "kiln_rt_deep_call" (I32, I32) -> (I32);
    // (proc, argc, argv, slots) -> value: performs the call whose frame does not fit in the
    // current stack segment in a new segment of at least `slots` slots.
    Grow = "kiln_rt_grow" (I32, I32, I32, I32) -> (I32);
    // (node, argv, proc) -> closure: a closure too big to allocate inline.
    Closure = "kiln_rt_closure" (I32, I32, I32) -> (I32);
    // (tag, size) -> object: the refill of inline allocation (ARCHITECTURE.md, "Inline
    // allocation"): a zeroed object with its header written, after a collection if one is due.
    Alloc = "kiln_rt_alloc" (I32, I32) -> (I32);
    // (proc, site) -> (): the call at site id `site` of the running procedure unwinds (the
    // backtrace records the frame if the unwind is an uncaught error's).
    Trace = "kiln_rt_trace" (I32, I32) -> ();
}

impl Rt {
    /// The function index of this import in an aux module (imports come first).
    pub fn index(self) -> u32 {
        self as u32
    }
}

/// Whether `name` with this signature is an import an aux module may have.
pub fn is_allowed(name: &str, params: &[ValType], results: &[ValType]) -> bool {
    RUNTIME
        .iter()
        .any(|f| f.name == name && f.params == params && f.results == results)
}
