//! Calling procedures from native code (Rust, and compiled code through the runtime).
//!
//! # Calling convention
//! A call pushes `[procedure][arg0]…[argN-1]` on the value stack; the address of the procedure slot
//! is `fslot` and `fp = fslot + 4` is the address of `arg0`. The callee owns the stack from `fslot`
//! up while it runs. A callee in tail position replaces its own frame: it moves the new procedure
//! and arguments to its `fslot`, stores the count in `Vm::tail_argc` and returns `Value::TAIL`;
//! the caller performs the call, so tail calls run in constant stack.
//!
//! Interpreted closures run in the stackless run loop (`eval::run`); calls between interpreted
//! closures never come here. JIT code uses the same frames (see ARCHITECTURE.md, "Calling
//! convention").

use super::{Unwind, Vm, R};
use crate::heap::object::{parameter, tag};
use crate::obj;
use crate::value::Value;

/// Slots of room kept above a frame pushed from Rust, for the callee's first pushes.
const MARGIN: usize = 16;

/// What a call from Rust code (`apply_at`) counts in `Vm::depth`, in units of the native budget
/// (a compiled frame is one): the Rust frames of a primitive that calls a procedure and of the
/// call path (`map` → `Vm::call` → `apply_at` → `apply_native`) take about 1.5 KiB of Wasm stack
/// on wasmtime (measured: ~350 nested `map`s fill a 512 KiB stack, with or without the JIT), six
/// 256-byte units.
pub const NATIVE_CALL_WEIGHT: u32 = 6;

impl Vm {
    /// Calls `f` with `args` (a non-tail call from Rust) and returns its value. `args` may be a
    /// slice of the value stack.
    pub fn call(&mut self, f: Value, args: &[Value]) -> R<Value> {
        self.call_with(f, args, false)
    }

    /// `call` on behalf of compiled code (a primitive's fast entry, `jit_glue::entry`): past the
    /// native budget the call continues in the stackless interpreter (`apply_for_jit`) instead
    /// of raising "stack overflow", so recursion through the caller stays unbounded.
    pub fn call_for_jit(&mut self, f: Value, args: &[Value]) -> R<Value> {
        self.call_with(f, args, true)
    }

    fn call_with(&mut self, f: Value, args: &[Value], for_jit: bool) -> R<Value> {
        let sp = self.stack.sp;
        let segments = self.stack.segments();
        if !self.stack.has_room(args.len() + 1 + MARGIN)
            && self.stack.push_segment(args.len() + 1 + MARGIN).is_none()
        {
            return Err(self.out_of_memory());
        }
        let fslot = self.stack.sp;
        self.stack.push(f);
        for &a in args {
            self.stack.push(a);
        }
        let r = if for_jit {
            self.apply_for_jit(fslot, args.len())
        } else {
            self.apply_at(fslot, args.len())
        };
        self.stack.pop_to(segments);
        self.stack.sp = sp;
        r
    }

    /// Applies the procedure at `fslot` to the `argc` values above it (below `sp`), from native
    /// code. Leaves `sp` as it finds it only on success; whoever catches an `Unwind` resets `sp`.
    pub fn apply_at(&mut self, fslot: usize, argc: usize) -> R<Value> {
        if self.depth + NATIVE_CALL_WEIGHT > self.depth_limit {
            self.check_native_depth(true)?;
        }
        if shadow_stack_low() {
            return Err(self.stack_overflow());
        }
        self.depth += NATIVE_CALL_WEIGHT;
        let r = self.apply_native(fslot, argc, false);
        self.depth -= NATIVE_CALL_WEIGHT;
        r
    }

    /// `apply_at` on behalf of compiled code (the runtime's `settle`, `apply` and `grow`): past
    /// the native budget the call continues in the stackless interpreter — which, while the
    /// budget is spent, interprets even compiled closures — instead of raising "stack overflow".
    pub fn apply_for_jit(&mut self, fslot: usize, argc: usize) -> R<Value> {
        if self.depth + NATIVE_CALL_WEIGHT > self.depth_limit || !self.native_room() {
            self.check_native_depth(false)?;
            if shadow_stack_low() {
                return Err(self.stack_overflow());
            }
            return crate::eval::run(self, fslot, argc, false);
        }
        self.apply_at(fslot, argc)
    }

    /// The generic entry's apply (a procedure called through its code slot by JIT code): like
    /// `apply_at`, but a tail call to compiled code is handed back (`Value::TAIL`) to the caller's
    /// loop instead of being called from here, so JIT/interpreter tail loops stay flat. The depth
    /// is not counted here: a compiled non-tail call site has counted it, and a compiled tail call
    /// replaces a frame already counted.
    pub fn apply_entry(&mut self, fslot: usize, argc: usize) -> R<Value> {
        if shadow_stack_low() {
            return Err(self.stack_overflow());
        }
        self.apply_native(fslot, argc, true)
    }

    fn apply_native(&mut self, fslot: usize, mut argc: usize, entry: bool) -> R<Value> {
        let mut first = true;
        loop {
            let f = self.stack.get(fslot);
            let r = match obj::type_of(f) {
                tag::CLOSURE => match compiled_code(f) {
                    0 => return crate::eval::run(self, fslot, argc, entry),
                    _ if entry && !first => return Ok(Value::TAIL),
                    code => self.call_compiled(code, f, fslot, argc)?,
                },
                tag::PRIMITIVE => match crate::prims::invoke(self, f, fslot, argc)? {
                    // It staged a call (`vm::kont`): the loop runs it and the frame's rest.
                    Value::KCALL => crate::eval::run_kont(self, fslot, entry)?,
                    v => v,
                },
                tag::CONTINUATION => return Err(crate::control::escape(self, f, fslot + 4, argc)),
                tag::PARAMETER => self.apply_parameter(f, argc)?,
                tag::CASE_LAMBDA => {
                    let clause = self.case_lambda_clause(f, argc)?;
                    self.stack.set(fslot, clause);
                    continue;
                }
                _ => return Err(self.error("application of a non-procedure", &[f])),
            };
            if r == Value::TAIL {
                argc = self.tail_argc as usize;
                first = false;
                continue;
            }
            return Ok(r);
        }
    }

    /// Calls compiled code through its table index (a `call_indirect`). `Value::TAIL`: the callee
    /// set up a tail call at `fslot`.
    pub(crate) fn call_compiled(
        &mut self,
        code: u32,
        f: Value,
        fslot: usize,
        argc: usize,
    ) -> R<Value> {
        // SAFETY: `code` is a table index that a patch function stored for a function of type
        // (i32, i32, i32) -> i32; in the guest a Rust fn pointer *is* such an index.
        let entry: extern "C" fn(u32, u32, u32) -> u32 =
            unsafe { std::mem::transmute(code as usize) };
        self.stats.compiled_calls += 1;
        let r = entry(f.0, argc as u32, (fslot + 4) as u32);
        if r != 0 {
            return Ok(Value(r));
        }
        if std::mem::take(&mut self.tail_pending) {
            return Ok(Value::TAIL);
        }
        Err(self.pending.take().unwrap_or(Unwind::Raise(Value::VOID)))
    }

    pub(crate) fn apply_parameter(&mut self, p: Value, argc: usize) -> R<Value> {
        if argc != 0 {
            return Err(self.error("parameter object: expected no arguments", &[p]));
        }
        Ok(obj::load_field(p, parameter::VALUE))
    }

    pub(crate) fn case_lambda_clause(&mut self, f: Value, argc: usize) -> R<Value> {
        for i in 0..obj::case_lambda_count(f) {
            let clause = obj::case_lambda_clause(f, i);
            let lam = crate::ir::node::lambda_of(clause);
            if argc as u32 == lam.nreq || (lam.rest && argc as u32 >= lam.nreq) {
                return Ok(clause);
            }
        }
        let n = Value::fixnum(argc as i32);
        Err(self.error(
            "case-lambda: no clause accepts this number of arguments",
            &[n],
        ))
    }

    /// Sets up a tail call from Rust code running in the frame at `fslot` (used by `apply` and
    /// friends): writes `f` and `args` over the frame and returns `Value::TAIL`. If the frame
    /// does not fit in its stack segment, calls `f` right away instead (in a new segment).
    pub fn tail_call(&mut self, fslot: usize, f: Value, args: &[Value]) -> R<Value> {
        if fslot + 4 * (args.len() + 1 + MARGIN) > self.stack.limit {
            return self.call(f, args);
        }
        // `args` is either a Rust vector or a slice of the stack at or above `fslot + 4`: argument
        // `i` is never below the slot it moves to, so a forward copy never overwrites one unread.
        self.stack.set(fslot, f);
        for (i, &a) in args.iter().enumerate() {
            self.stack.set(fslot + 4 * (i + 1), a);
        }
        self.stack.sp = fslot + 4 * (args.len() + 1);
        self.tail_argc = args.len() as u32;
        Ok(Value::TAIL)
    }

    /// Makes room for `n` more return records in the control stack. Delivers a pending interrupt
    /// (the control stack's limit is 0 while one is pending); past `--max-depth` raises
    /// "stack overflow"; without memory for the records, the out-of-memory condition.
    #[inline]
    pub(crate) fn reserve_records(&mut self, n: usize) -> R<()> {
        if self.control.top + n <= self.control.limit {
            return Ok(());
        }
        self.reserve_records_slow(n)
    }

    #[cold]
    fn reserve_records_slow(&mut self, n: usize) -> R<()> {
        loop {
            if self.control.top + n <= self.control.limit {
                return Ok(());
            }
            if let Some(i) = self.take_interrupt() {
                return Err(self.interrupt_unwind(i));
            }
            self.control.reset_limit();
            if self.control.top + n <= self.control.limit {
                return Ok(());
            }
            match self.control.grow(n) {
                Ok(true) => {}
                Ok(false) => return Err(self.stack_overflow()),
                Err(super::control::NoMemory) => return Err(self.out_of_memory()),
            }
        }
    }

    /// The slow path of native calls past `depth_limit`: delivers a pending interrupt, raises
    /// "stack overflow" past `--max-depth`, and with `from_rust` (a procedure called from Rust
    /// code through `apply_at`, which must nest natively) also past the native budget. A compiled
    /// call past the budget (`from_rust` false) continues in the stackless interpreter instead.
    pub(crate) fn check_native_depth(&mut self, from_rust: bool) -> R<()> {
        if let Some(i) = self.take_interrupt() {
            return Err(self.interrupt_unwind(i));
        }
        let past_budget = from_rust && self.depth + NATIVE_CALL_WEIGHT > self.config.native_depth;
        if self.depth >= self.config.max_depth || past_budget {
            return Err(self.stack_overflow());
        }
        Ok(())
    }

    /// Whether a call may go to compiled code (which runs on the native stack) rather than be
    /// interpreted: the native budget is not spent, and Rust's shadow stack (which activations
    /// of the loop entered from compiled code use) has room to spare.
    #[inline]
    pub(crate) fn native_room(&self) -> bool {
        self.depth < self.config.native_depth && !shadow_stack_tight()
    }

    /// The out-of-memory condition, for memory the stacks could not get (raised past the
    /// handlers, like the allocator's interrupt: see `vm::interrupt`).
    pub fn out_of_memory(&mut self) -> Unwind {
        self.interrupt_unwind(super::interrupt::Interrupt::OutOfMemory)
    }
}

/// The compiled code of a closure, 0 if it has none. A closure made before its lambda was compiled
/// still holds the generic entry: it is updated here, on its next call.
#[inline]
pub(crate) fn compiled_code(f: Value) -> u32 {
    use crate::heap::object::{closure, load, store};
    let code = load(f.0, closure::CODE);
    if code != crate::jit_glue::generic_code() {
        return code;
    }
    let lam = crate::ir::node::lambda_of(f).code.get();
    if lam != 0 {
        store(f.0, closure::CODE, lam);
    }
    lam
}

/// Bytes of Rust shadow stack kept in reserve for handlers and error reporting.
const SHADOW_STACK_RESERVE: usize = 1 << 20;

/// Bytes of Rust shadow stack below which calls stop going to compiled code (`native_room`):
/// the interpreter then runs them, and native frames stop nesting well before the reserve.
const SHADOW_STACK_SOFT: usize = 4 << 20;

/// Whether the Rust shadow stack is down to its last `SHADOW_STACK_SOFT` bytes.
#[inline]
fn shadow_stack_tight() -> bool {
    let marker = 0u8;
    let here = std::hint::black_box(&marker) as *const u8 as usize;
    cfg!(target_arch = "wasm32") && here < SHADOW_STACK_SOFT
}

/// Whether the Rust shadow stack (in linear memory, growing down towards address 0 with wasm-ld's
/// stack-first layout) is nearly exhausted. Checked on every native call so that deep native
/// recursion ends in the Scheme error "stack overflow", never in a trap.
#[inline]
fn shadow_stack_low() -> bool {
    let marker = 0u8;
    let here = std::hint::black_box(&marker) as *const u8 as usize;
    cfg!(target_arch = "wasm32") && here < SHADOW_STACK_RESERVE
}
