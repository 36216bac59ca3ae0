//! The virtual machine state: heap, value stack, globals, symbols, handlers, configuration.
//!
//! There is exactly one `Vm` per guest instance. It is boxed and never moves, so JIT code can use
//! the addresses of its fields (e.g. the stack pointer) as constants.

pub mod alloc;
pub mod call;
pub mod config;
pub mod control;
pub mod error;
pub mod interrupt;
pub mod kont;
pub mod stack;
pub mod unwind;

use crate::expand::Expander;
use crate::heap::Heap;
use crate::prims::Prim;
use crate::value::Value;
use config::Config;
use stack::Stack;
use std::collections::HashMap;
use std::rc::Rc;

pub use unwind::{Unwind, R};

/// See the module docs.
pub struct Vm {
    pub heap: Heap,
    pub stack: Stack,
    /// The interpreter's return records.
    pub control: control::Control,
    /// Global variables: name → cell object.
    pub globals: HashMap<Rc<str>, Value>,
    /// Interned symbols: name → symbol object (symbols are never freed).
    pub symbols: HashMap<Rc<str>, Value>,
    /// Literal constants made by the analysis in progress (roots until it puts them in its code
    /// unit: see `ir::analyze::analyze_toplevel`).
    pub constants: Vec<Value>,
    /// Code units of code that may run without a closure of it being reachable: the prepared
    /// forms of a bundle, made before any of them runs.
    pub code_roots: Vec<Value>,
    /// Temporary roots held by Rust code (see `Vm::protect`).
    pub roots: Vec<Value>,
    /// The current exception handlers, innermost last; a fixnum is a `guard` barrier.
    pub handlers: Vec<Value>,
    /// The current input, output and error ports (parameter objects).
    pub ports: [Value; 3],
    /// All primitives, indexed by the number stored in primitive objects.
    pub prims: Vec<Prim>,
    pub expander: Expander,
    pub config: Config,
    /// Native calls in progress: compiled non-tail calls (JIT call sites count at this address)
    /// and native entries into the runtime (`Vm::apply_at`, activations of the run loop, which
    /// count more: their Rust frames are bigger). Interpreted calls do not count: they use no
    /// native stack.
    pub depth: u32,
    /// A compiled call that would make `depth` exceed this takes the slow path
    /// (`kiln_rt_deep_call`). It is the smaller of `--max-depth` and the native budget, except
    /// while an interrupt is pending: then 0, so that the next call — in compiled code, a native
    /// entry, or the interpreter (whose control stack's limit is 0 too) — delivers it.
    pub depth_limit: u32,
    /// Argument count of the tail call set up by the frame that returned `Value::TAIL`.
    pub tail_argc: u32,
    /// Source of fresh ids (continuations, guards).
    pub next_id: u32,
    /// Statistics reported by `--jit-stats`.
    pub stats: crate::jit_glue::stats::Stats,
    /// The JIT's queue and link state.
    pub jit: crate::jit_glue::flush::Jit,
    /// An unwind travelling through JIT frames (which return 0 meanwhile).
    pub pending: Option<Unwind>,
    /// A JIT or runtime entry returned 0 because it set up a tail call over its frame.
    pub tail_pending: bool,
    /// The call a primitive staged when it returned `Value::KCALL` (see `vm::kont`).
    pub staged: Option<kont::Staged>,
    /// The backtrace of the uncaught error in flight, and compiled code's position table.
    pub trace: crate::backtrace::Trace,
}

static mut VM: *mut Vm = std::ptr::null_mut();

/// The guest's VM, created on first use.
#[allow(static_mut_refs)]
pub fn vm() -> &'static mut Vm {
    // SAFETY: the guest is single-threaded; the VM is created once and never freed or moved.
    unsafe {
        if VM.is_null() {
            VM = Box::into_raw(Box::new(Vm::new()));
            (*VM).init();
        }
        &mut *VM
    }
}

impl Vm {
    fn new() -> Vm {
        Vm {
            heap: Heap::new(),
            stack: Stack::new(stack::FIRST_SEGMENT),
            control: control::Control::new(),
            globals: HashMap::new(),
            symbols: HashMap::new(),
            constants: Vec::new(),
            code_roots: Vec::new(),
            roots: Vec::new(),
            handlers: Vec::new(),
            ports: [Value::FALSE; 3],
            prims: Vec::new(),
            expander: Expander::new(),
            config: Config::default(),
            depth: 0,
            depth_limit: Config::default().native_depth,
            tail_argc: 0,
            next_id: 1,
            stats: Default::default(),
            jit: Default::default(),
            pending: None,
            tail_pending: false,
            staged: None,
            trace: Default::default(),
        }
    }

    /// Defines the primitives and the Scheme-level prelude.
    fn init(&mut self) {
        crate::heap::oom::arm();
        crate::prims::install(self);
        crate::io::install_ports(self);
        crate::srfi::install(self);
        // What libraries may use without defining it: everything defined so far.
        let builtins: Vec<Rc<str>> = self
            .globals
            .iter()
            .filter(|(_, &cell)| crate::obj::cell_value(cell) != Value::UNASSIGNED)
            .map(|(name, _)| name.clone())
            .collect();
        self.expander.set_builtins(builtins);
    }

    /// Brings state derived from the configuration up to date (after `kiln_set_option`).
    pub fn apply_config(&mut self) {
        self.heap.set_stress(self.config.gc_stress);
        if self.config.gc_stats && !self.heap.stats.timing {
            self.heap.stats.timing = true;
            self.heap.stats.started = Some(std::time::Instant::now());
        }
        self.refresh_limits();
        crate::heap::oom::set_limit_mib(self.config.max_memory_mib);
    }

    /// Sets the call-depth limits from the configuration (also after an interrupt was taken).
    pub fn refresh_limits(&mut self) {
        self.depth_limit = self.config.max_depth.min(self.config.native_depth);
        self.control.max = self.config.max_depth as usize;
        self.control.reset_limit();
    }

    /// A fresh id.
    pub fn fresh_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// The cell of global `name`, created unbound if new.
    pub fn global_cell(&mut self, name: &str) -> Value {
        if let Some(&c) = self.globals.get(name) {
            return c;
        }
        let sym = self.intern(name);
        let cell = self.make_cell(sym);
        self.globals.insert(Rc::from(name), cell);
        cell
    }

    /// Defines (or redefines) global `name`.
    pub fn define_global(&mut self, name: &str, v: Value) {
        let n = self.protect(v);
        let cell = self.global_cell(name);
        crate::obj::set_cell_value(cell, v);
        self.unprotect(n);
    }

    /// The value of global `name`, if bound.
    pub fn global_value(&mut self, name: &str) -> Option<Value> {
        let cell = *self.globals.get(name)?;
        let v = crate::obj::cell_value(cell);
        (v != Value::UNASSIGNED).then_some(v)
    }

    /// Registers a file name for positions; returns its id.
    pub fn add_file(&mut self, name: &str) -> u32 {
        self.expander.loader.add_file(name)
    }

    /// The name of file `id` (positions' `Pos::file`), if registered.
    pub fn file_name(&self, id: u32) -> Option<&str> {
        self.expander.loader.file_name(id)
    }
}
