//! The run loop: executes bytecode with the interpreter's frames in linear memory.
//!
//! A non-tail call of an interpreted closure pushes a return record (`vm::control`) and continues
//! in the callee's code; a return pops it. Neither recurses in Rust, so interpreted recursion is
//! bounded by memory only. Native recursion happens only where native code calls a procedure:
//! compiled code through a code slot (`generic_entry`), or Rust code through `Vm::call` — each
//! such call is one *activation* of the loop, which ends when the procedure it was asked to call
//! returns. Calls from interpreted code into compiled code or primitives are native calls that
//! return a value (or set up a tail call, which the loop then performs).
//!
//! State lives in Rust locals while the loop runs (`pc`, `fp`, `sp`, the running closure); `sp`
//! is written back to `vm.stack.sp` before anything that may allocate or run other code, so the
//! collector and callees see every temporary.

use super::code::{op, PrimOp};
use super::compile::code_of;
use crate::heap::object::{cell, closure, load, tag, tag_at};
use crate::ir::node::{lambda_of, Node};
use crate::obj;
use crate::value::Value;
use crate::vm::config::JitMode;
use crate::vm::control::Rec;
use crate::vm::kont::{Kind, Staged, KINDS};
use crate::vm::{Unwind, Vm, R};

/// What an activation of the loop counts in `Vm::depth`: its Rust frames take several times the
/// native stack of a compiled frame.
const ACTIVATION_WEIGHT: u32 = 4;

/// What an activation for a primitive's staged call (`run_kont`) counts: the primitive's call
/// path from a code slot (`generic_entry` → `apply_native` → `run_kont`) adds to the loop's.
const KONT_ACTIVATION_WEIGHT: u32 = 6;

/// The code of the record pushed when a callee's frame moves to a new stack segment.
pub static UNDERFLOW_CODE: [u32; 1] = [op::UNDERFLOW];

/// The bottom record of an activation started by a primitive's staged call (`run_kont`).
static EXIT_CODE: [u32; 1] = [op::EXIT];

/// The code of continuation frames' records: `KONT kind` for every kind (`vm::kont`).
static KONT_CODE: [u32; 2 * KINDS as usize] = {
    let mut c = [0; 2 * KINDS as usize];
    let mut k = 0;
    while k < KINDS {
        c[2 * k as usize] = op::KONT;
        c[2 * k as usize + 1] = k;
        k += 1;
    }
    c
};

/// The kind of a continuation frame's record, if `pc` is one.
#[inline]
fn kont_kind(pc: *const u32) -> Option<Kind> {
    let base = KONT_CODE.as_ptr() as usize;
    let a = pc as usize;
    (a >= base && a < base + 4 * KONT_CODE.len()).then(|| {
        // SAFETY: `pc` points into `KONT_CODE`, at an opcode (records point at opcodes).
        Kind::from_u32(unsafe { *pc.add(1) })
    })
}

/// The loop's registers, handed to and returned by its slow paths.
#[derive(Clone, Copy)]
pub(crate) struct St {
    pub pc: *const u32,
    pub fp: usize,
    pub sp: usize,
}

/// One activation: the procedure slot it was asked to call, its first record, and whether it
/// was entered from compiled code through a code slot (then a tail call from its bottom frame
/// to compiled code is handed back to the caller, so that tail loops between compiled and
/// interpreted code run in constant native stack).
#[derive(Clone, Copy)]
pub(crate) struct Act {
    fslot: usize,
    base: usize,
    entry: bool,
}

/// Why a slow path stops the loop.
pub(crate) enum Stop {
    Unwind(Unwind),
    /// The activation ends with this value (`Value::TAIL`: a tail call handed back).
    Done(Value),
}

impl From<Unwind> for Stop {
    fn from(u: Unwind) -> Stop {
        Stop::Unwind(u)
    }
}

#[inline(always)]
unsafe fn rd(a: usize) -> Value {
    *(a as *const Value)
}

#[inline(always)]
unsafe fn wr(a: usize, v: Value) {
    *(a as *mut Value) = v
}

/// One activation of the loop: calls the procedure at `fslot` on the `argc` values above it and
/// runs until it returns. Leaves `sp` at `fslot` on success; on an unwind, resets the control
/// stack and the value stack's segments to what they were.
pub fn run(vm: &mut Vm, fslot: usize, argc: usize, entry: bool) -> R<Value> {
    let boot = [op::CALL, argc as u32, op::EXIT];
    let act = Act {
        fslot,
        base: vm.control.top,
        entry,
    };
    let segments = vm.stack.segments();
    vm.depth += ACTIVATION_WEIGHT;
    let first = St {
        pc: boot.as_ptr(),
        fp: fslot + 4,
        sp: fslot + 4 * (argc + 1),
    };
    // SAFETY: the frame at `fslot` holds a procedure and `argc` arguments, below `vm.stack.sp`;
    // `boot` outlives the activation.
    let r = unsafe { exec(vm, act, Ok(first)) };
    vm.depth -= ACTIVATION_WEIGHT;
    if r.is_err() {
        vm.control.top = act.base;
        vm.stack.pop_to(segments);
        vm.stack.sp = fslot;
    }
    r
}

/// An activation for a primitive at `fslot` that returned `Value::KCALL` to native code (a call
/// from Rust or from compiled code): runs the staged call and the continuation frame in the loop
/// until the primitive's frame returns. Leaves `sp` at `fslot` on success.
pub fn run_kont(vm: &mut Vm, fslot: usize, entry: bool) -> R<Value> {
    let act = Act {
        fslot,
        base: vm.control.top,
        entry,
    };
    let segments = vm.stack.segments();
    vm.depth += KONT_ACTIVATION_WEIGHT;
    let staged = vm.staged.take().expect("a staged call");
    let st = St {
        pc: EXIT_CODE.as_ptr(),
        fp: fslot + 4,
        sp: vm.stack.sp,
    };
    // SAFETY: `call_then` staged a call (procedure and arguments below `sp`) above the
    // continuation frame it made of the primitive's frame.
    let r = unsafe {
        push_kont_records(vm, st, false, staged);
        let first = slow_call(vm, act, st, staged.fs, staged.argc, true);
        exec(vm, act, first)
    };
    vm.depth -= KONT_ACTIVATION_WEIGHT;
    if r.is_err() {
        vm.control.top = act.base;
        vm.stack.pop_to(segments);
        vm.stack.sp = fslot;
    }
    r
}

/// The dispatch loop, from the state `first` (or the stop it already is). Fast paths are
/// inline; everything unusual is in cold functions.
unsafe fn exec(vm: &mut Vm, act: Act, first: Result<St, Stop>) -> R<Value> {
    let mut pc: *const u32;
    let mut fp: usize;
    let mut sp: usize;
    let mut clo: Value;
    let generic = crate::jit_glue::generic_code();
    let jit_on = vm.config.jit != JitMode::Off;

    macro_rules! arg {
        ($i:expr) => {
            *pc.add($i)
        };
    }
    macro_rules! next {
        ($n:expr) => {
            pc = pc.add($n)
        };
    }
    macro_rules! push {
        ($v:expr) => {{
            let v = $v;
            wr(sp, v);
            sp += 4;
        }};
    }
    macro_rules! sync {
        () => {
            vm.stack.sp = sp
        };
    }
    // Leaves the activation with unwind `$u`; `$at` points into the failing instruction (for
    // the backtrace, which records nothing unless the unwind is an uncaught error's).
    macro_rules! fail {
        ($u:expr, $at:expr) => {{
            resume!(Err(Stop::Unwind($u)), $at);
            continue;
        }};
    }
    // The value of the global whose cell is `$cell` (an operand word); leaves with "unbound
    // variable" while it is unassigned.
    macro_rules! bound_global {
        ($cell:expr) => {{
            let c: u32 = $cell;
            let v = Value(load(c, cell::VALUE));
            if v == Value::UNASSIGNED {
                sync!();
                fail!(unbound(vm, Value(c)), pc);
            }
            v
        }};
    }
    // Continues from a slow path's result. An unwind first looks for a continuation frame of
    // this activation that stops it (`unwinding`); the frames it leaves join the backtrace of
    // an uncaught error (`$at` points into the failing instruction).
    macro_rules! resume {
        ($r:expr) => {
            resume!(@with $r, None)
        };
        ($r:expr, $at:expr) => {
            resume!(@with $r, Some(crate::backtrace::Running { clo, fp, at: $at }))
        };
        (@with $r:expr, $running:expr) => {{
            let mut r: Result<St, Stop> = $r;
            if let Err(Stop::Unwind(u)) = r {
                r = unwinding(vm, act, u, $running);
            }
            match r {
                Ok(st) => {
                    pc = st.pc;
                    fp = st.fp;
                    sp = st.sp;
                    clo = rd(fp - 4);
                }
                Err(Stop::Done(v)) => return Ok(v),
                Err(Stop::Unwind(u)) => return Err(u),
            }
        }};
    }
    // Returns `v` from the running frame (whose procedure slot is `fp - 4`) to the top record.
    macro_rules! ret {
        ($v:expr) => {{
            let v = $v;
            let fs = fp - 4;
            let r = vm.control.pop();
            wr(fs, v);
            sp = fs + 4;
            fp = r.fp;
            pc = r.pc;
            clo = rd(fp - 4);
        }};
    }
    // Calls the procedure at `fs` on the `n` values above it; `tail`: the frame at `fs` replaced
    // the running one. The fast path enters an interpreted closure with no surprises.
    macro_rules! call {
        ($fs:expr, $n:expr, $tail:expr) => {{
            let fs: usize = $fs;
            let n: u32 = $n;
            let f = rd(fs);
            let mut entered = false;
            if f.is_ptr() && tag_at(f.0) == tag::CLOSURE && load(f.0, closure::CODE) == generic {
                let lam = lambda_of(f);
                if let Some(code) = lam.bytecode.get() {
                    let nfp = fs + 4;
                    let room = if $tail {
                        vm.control.limit != 0
                    } else {
                        vm.control.fits()
                    };
                    if n == code.fast_argc
                        && room
                        && nfp + 4 * code.room as usize <= vm.stack.limit
                        && lam.code.get() == 0
                    {
                        if !$tail {
                            vm.control.push_unchecked(Rec { pc, fp });
                        }
                        let end = nfp + 4 * code.frame as usize;
                        let mut a = nfp + 4 * n as usize;
                        while a < end {
                            wr(a, Value::VOID);
                            a += 4;
                        }
                        fp = nfp;
                        sp = end;
                        clo = f;
                        pc = code.start();
                        let calls = lam.calls.get().wrapping_add(1);
                        lam.calls.set(calls);
                        if jit_on {
                            sync!();
                            crate::jit_glue::note_hot(vm, lam, calls);
                        }
                        entered = true;
                    }
                }
            }
            if !entered {
                sync!();
                // A non-tail call's `pc` is already past the instruction.
                let at = if $tail { pc } else { pc.sub(1) };
                resume!(
                    slow_call(vm, act, St { pc, fp, sp }, fs, n as usize, $tail),
                    at
                );
            }
        }};
    }
    // An inline primitive: operands `$x…` (the top `$arity` values); `$fast` is `Some(result)`
    // or `None` for the general call.
    macro_rules! prim {
        ($arity:expr, $pushed:expr, |$($x:ident),*| $fast:expr) => {{
            let base = sp - 4 * $arity;
            let ok = if $pushed {
                rd(base - 4).0 == arg!(1)
            } else {
                load(arg!(1), cell::VALUE) == arg!(2)
            };
            let mut _i = 0usize;
            $(
                let $x = rd(base + 4 * _i);
                _i += 1;
            )*
            let r: Option<Value> = if ok { $fast } else { None };
            match r {
                Some(v) => {
                    let at = if $pushed { base - 4 } else { base };
                    wr(at, v);
                    sp = at + 4;
                    next!(if $pushed { 2 } else { 3 });
                }
                None => {
                    sync!();
                    resume!(prim_slow(vm, act, St { pc, fp, sp }), pc);
                }
            }
        }};
    }
    // The whole dispatch: the arms given, then both forms of every inline primitive (with
    // their opcodes spelled out, so that the match is one jump table).
    macro_rules! dispatch {
        ({ $($arms:tt)* } prims { $($c0:literal $c1:literal $arity:literal |$($x:ident),*| $fast:expr;)* }) => {
            match *pc {
                $($arms)*
                $(
                    $c0 => prim!($arity, false, |$($x),*| $fast),
                    $c1 => prim!($arity, true, |$($x),*| $fast),
                )*
                other => unreachable!("bad opcode {other}"),
            }
        };
    }

    resume!(first);
    loop {
        dispatch! {{
            op::CONST => {
                push!(Value(arg!(1)));
                next!(2);
            }
            op::LOCAL => {
                push!(rd(fp + 4 * arg!(1) as usize));
                next!(2);
            }
            op::LOCAL_BOX => {
                push!(obj::unbox(rd(fp + 4 * arg!(1) as usize)));
                next!(2);
            }
            op::FREE => {
                push!(obj::closure_free(clo, arg!(1)));
                next!(2);
            }
            op::FREE_BOX => {
                push!(obj::unbox(obj::closure_free(clo, arg!(1))));
                next!(2);
            }
            op::GLOBAL => {
                push!(bound_global!(arg!(1)));
                next!(2);
            }
            op::SET_LOCAL => {
                sp -= 4;
                wr(fp + 4 * arg!(1) as usize, rd(sp));
                next!(2);
            }
            op::SET_LOCAL_BOX => {
                sp -= 4;
                obj::set_box(rd(fp + 4 * arg!(1) as usize), rd(sp));
                next!(2);
            }
            op::SET_FREE_BOX => {
                sp -= 4;
                obj::set_box(obj::closure_free(clo, arg!(1)), rd(sp));
                next!(2);
            }
            op::SET_GLOBAL => {
                bound_global!(arg!(1));
                sp -= 4;
                obj::set_cell_value(Value(arg!(1)), rd(sp));
                next!(2);
            }
            op::DEFINE => {
                sp -= 4;
                obj::set_cell_value(Value(arg!(1)), rd(sp));
                next!(2);
            }
            op::BOX_LOCAL => {
                sync!();
                let a = fp + 4 * arg!(1) as usize;
                let b = vm.make_box(rd(a));
                wr(a, b);
                next!(2);
            }
            op::POP => {
                sp -= 4;
                next!(1);
            }
            op::JUMP => pc = arg!(1) as usize as *const u32,
            op::JUMP_FALSE => {
                sp -= 4;
                if rd(sp) == Value::FALSE {
                    pc = arg!(1) as usize as *const u32;
                } else {
                    next!(2);
                }
            }
            op::CLOSURE => {
                sync!();
                let v = closure_at(vm, arg!(1), fp, clo);
                push!(v);
                next!(2);
            }
            op::FIX_PATCH => {
                let c = rd(fp + 4 * arg!(1) as usize);
                obj::set_closure_free(c, arg!(2), rd(fp + 4 * arg!(3) as usize));
                next!(4);
            }
            op::CALL => {
                let n = arg!(1);
                next!(2);
                call!(sp - 4 * (n as usize + 1), n, false);
            }
            op::TAIL_CALL => {
                let n = arg!(1);
                let src = sp - 4 * (n as usize + 1);
                let dst = fp - 4;
                // The staged call is above the frame: a forward copy reads each value first.
                for i in 0..=n as usize {
                    wr(dst + 4 * i, rd(src + 4 * i));
                }
                sp = dst + 4 * (n as usize + 1);
                call!(dst, n, true);
            }
            op::CALL_GLOBAL => {
                let n = arg!(2) as usize;
                let f = bound_global!(arg!(1));
                // The arguments were pushed without the procedure: move them up one slot.
                let fs = sp - 4 * n;
                let mut a = sp;
                while a > fs {
                    wr(a, rd(a - 4));
                    a -= 4;
                }
                wr(fs, f);
                sp += 4;
                next!(3);
                call!(fs, n as u32, false);
            }
            op::TAIL_CALL_GLOBAL => {
                let n = arg!(2) as usize;
                let f = bound_global!(arg!(1));
                let src = sp - 4 * n;
                let dst = fp - 4;
                wr(dst, f);
                for i in 0..n {
                    wr(dst + 4 + 4 * i, rd(src + 4 * i));
                }
                sp = dst + 4 * (n + 1);
                call!(dst, n as u32, true);
            }
            op::RETURN => ret!(rd(sp - 4)),
            op::RETURN_CONST => ret!(Value(arg!(1))),
            op::RETURN_LOCAL => ret!(rd(fp + 4 * arg!(1) as usize)),
            op::EXIT => {
                let v = rd(sp - 4);
                vm.stack.sp = sp - 4;
                return Ok(v);
            }
            op::UNDERFLOW => {
                let v = rd(sp - 4);
                vm.stack.pop_segment();
                ret!(v);
            }
            op::KONT => {
                sync!();
                resume!(kont(vm, act, St { pc, fp, sp }));
            }
        } prims {
            // Opcodes: `PrimOp::opcode` (checked by a test).
            32 33 2 |a, b| add(a, b);
            34 35 2 |a, b| sub(a, b);
            36 37 2 |a, b| mul(a, b);
            38 39 2 |a, b| fix2(a, b).map(|_| Value::bool(a == b));
            40 41 2 |a, b| fix2(a, b).map(|(x, y)| Value::bool(x < y));
            42 43 2 |a, b| fix2(a, b).map(|(x, y)| Value::bool(x > y));
            44 45 2 |a, b| fix2(a, b).map(|(x, y)| Value::bool(x <= y));
            46 47 2 |a, b| fix2(a, b).map(|(x, y)| Value::bool(x >= y));
            48 49 2 |a, b| Some(Value::bool(a == b));
            50 51 2 |a, b| eqv(a, b);
            52 53 1 |a| Some(Value::bool(a == Value::FALSE));
            54 55 1 |a| Some(Value::bool(a == Value::NIL));
            56 57 1 |a| Some(Value::bool(obj::is_pair(a)));
            58 59 1 |a| a.is_fixnum().then(|| Value::bool(a == Value::fixnum(0)));
            60 61 1 |a| obj::is_pair(a).then(|| obj::car(a));
            62 63 1 |a| obj::is_pair(a).then(|| obj::cdr(a));
            64 65 2 |a, b| {
                sync!();
                Some(vm.cons(a, b))
            };
            66 67 2 |a, b| obj::is_pair(a).then(|| {
                obj::set_car(a, b);
                Value::VOID
            });
            68 69 2 |a, b| obj::is_pair(a).then(|| {
                obj::set_cdr(a, b);
                Value::VOID
            });
            70 71 2 |v, k| vector_index(v, k).map(|i| obj::elem(v, i));
            72 73 3 |v, k, x| vector_index(v, k).map(|i| {
                obj::set_elem(v, i, x);
                Value::VOID
            });
            74 75 1 |v| obj::is(v, tag::VECTOR).then(|| Value::fixnum(obj::length(v) as i32));
        }}
    }
}

/// Both operands' integers, if both are fixnums.
#[inline(always)]
fn fix2(a: Value, b: Value) -> Option<(i32, i32)> {
    (a.0 & b.0 & 1 == 1).then_some((a.0 as i32, b.0 as i32))
}

/// Fixnum `a + b` without overflow (tagged: `a + b - 1`).
#[inline(always)]
fn add(a: Value, b: Value) -> Option<Value> {
    let (x, y) = fix2(a, b)?;
    (x - 1).checked_add(y).map(|r| Value(r as u32))
}

/// Fixnum `a - b` without overflow (tagged: `a - b + 1`).
#[inline(always)]
fn sub(a: Value, b: Value) -> Option<Value> {
    let (x, y) = fix2(a, b)?;
    x.checked_sub(y - 1).map(|r| Value(r as u32))
}

/// Fixnum `a * b` without overflow.
#[inline(always)]
fn mul(a: Value, b: Value) -> Option<Value> {
    fix2(a, b)?;
    let r = a.fixnum_value() as i64 * b.fixnum_value() as i64;
    Value::try_fixnum(r)
}

/// `eqv?` when it needs no comparison of values: identical words, or different ones of which
/// at least one is no boxed number (then `eqv?` is `eq?`: symbols in `case` stay inline).
#[inline(always)]
fn eqv(a: Value, b: Value) -> Option<Value> {
    use crate::prims::equivalence::is_boxed_number;
    if a == b {
        Some(Value::TRUE)
    } else if !(is_boxed_number(a) && is_boxed_number(b)) {
        Some(Value::FALSE)
    } else {
        None
    }
}

/// The element index `k` of vector `v`, if both are what they should be.
#[inline(always)]
fn vector_index(v: Value, k: Value) -> Option<u32> {
    if obj::is(v, tag::VECTOR) && k.is_fixnum() {
        let i = k.fixnum_value();
        (i >= 0 && (i as u32) < obj::length(v)).then_some(i as u32)
    } else {
        None
    }
}

/// "unbound variable" for global `cell`.
#[cold]
#[inline(never)]
fn unbound(vm: &mut Vm, cell: Value) -> Unwind {
    vm.unbound_variable(cell)
}

/// A closure of the `Node::Closure` at `node`.
#[inline(never)]
fn closure_at(vm: &mut Vm, node: u32, fp: usize, clo: Value) -> Value {
    // SAFETY: CLOSURE operands are addresses of `Node::Closure`s of leaked lambdas.
    let node = unsafe { &*(node as usize as *const Node) };
    let Node::Closure(lam, caps) = node else {
        unreachable!("CLOSURE on a non-closure node")
    };
    super::make_closure(vm, lam, caps, fp, clo)
}

/// An inline primitive's general case: the call of whatever the global (or the procedure slot)
/// holds, with the operands as arguments — in tail position a tail call.
#[cold]
#[inline(never)]
unsafe fn prim_slow(vm: &mut Vm, act: Act, st: St) -> Result<St, Stop> {
    let (p, pushed) = PrimOp::decode(*st.pc);
    let n = p.arity();
    let mut sp = st.sp;
    let next = st.pc.add(if pushed { 2 } else { 3 });
    if !pushed {
        let f = Value(load(*st.pc.add(1), cell::VALUE));
        if f == Value::UNASSIGNED {
            return Err(unbound(vm, Value(*st.pc.add(1))).into());
        }
        let fs = sp - 4 * n;
        let mut a = sp;
        while a > fs {
            wr(a, rd(a - 4));
            a -= 4;
        }
        wr(fs, f);
        sp += 4;
    }
    let fs = sp - 4 * (n + 1);
    if *next == op::RETURN {
        let dst = st.fp - 4;
        for i in 0..=n {
            wr(dst + 4 * i, rd(fs + 4 * i));
        }
        let st = St {
            pc: next,
            fp: st.fp,
            sp: dst + 4 * (n + 1),
        };
        vm.stack.sp = st.sp;
        return slow_call(vm, act, st, dst, n, true);
    }
    vm.stack.sp = sp;
    slow_call(
        vm,
        act,
        St {
            pc: next,
            fp: st.fp,
            sp,
        },
        fs,
        n,
        false,
    )
}

/// Whether the call at `fslot` replaces the activation's bottom frame, in an activation entered
/// from compiled code: then a call of compiled code is handed back to that code's caller.
#[inline]
fn hands_back(vm: &Vm, act: Act, fslot: usize, tail: bool) -> bool {
    act.entry && fslot == act.fslot && vm.control.top == act.base + tail as usize
}

/// Every call the fast path does not take: compiled code, primitives, continuations,
/// parameters, `case-lambda`, non-procedures, and closures entered the long way.
#[cold]
#[inline(never)]
pub(crate) unsafe fn slow_call(
    vm: &mut Vm,
    act: Act,
    st: St,
    mut fslot: usize,
    mut argc: usize,
    mut tail: bool,
) -> Result<St, Stop> {
    loop {
        let f = rd(fslot);
        vm.stack.sp = fslot + 4 * (argc + 1);
        let r = match obj::type_of(f) {
            tag::CLOSURE => {
                let code = crate::vm::call::compiled_code(f);
                if code == 0 || !vm.native_room() {
                    return enter(vm, st, f, fslot, argc, tail);
                }
                if hands_back(vm, act, fslot, tail) {
                    vm.tail_argc = argc as u32;
                    vm.control.top = act.base;
                    return Err(Stop::Done(Value::TAIL));
                }
                vm.call_compiled(code, f, fslot, argc)?
            }
            tag::PRIMITIVE => crate::prims::invoke(vm, f, fslot, argc)?,
            tag::CONTINUATION => return Err(crate::control::escape(vm, f, fslot + 4, argc).into()),
            tag::PARAMETER => vm.apply_parameter(f, argc)?,
            tag::CASE_LAMBDA => {
                let clause = vm.case_lambda_clause(f, argc)?;
                wr(fslot, clause);
                continue;
            }
            _ => return Err(vm.error("application of a non-procedure", &[f]).into()),
        };
        if r == Value::TAIL {
            // The callee set up a call over its own frame, which is ours to perform.
            argc = vm.tail_argc as usize;
            continue;
        }
        if r == Value::KCALL {
            // A primitive made its frame a continuation frame and staged a call above it: the
            // staged call's value goes to that frame's record.
            let s = vm.staged.take().expect("a staged call");
            push_kont_records(vm, st, tail, s);
            (fslot, argc, tail) = (s.fs, s.argc, true);
            continue;
        }
        return Ok(deliver(vm, st, fslot, r, tail));
    }
}

/// Hands the value of the call at `fslot` to its continuation: the instruction after the call,
/// or for a tail call the caller of the running frame.
#[inline]
unsafe fn deliver(vm: &mut Vm, st: St, fslot: usize, v: Value, tail: bool) -> St {
    wr(fslot, v);
    if tail {
        let r = vm.control.pop();
        St {
            pc: r.pc,
            fp: r.fp,
            sp: fslot + 4,
        }
    } else {
        St {
            pc: st.pc,
            fp: st.fp,
            sp: fslot + 4,
        }
    }
}

/// Enters interpreted closure `f` the long way: arity, rest list, a new stack segment if the
/// frame does not fit, boxed parameters, the record's slow path.
unsafe fn enter(
    vm: &mut Vm,
    st: St,
    f: Value,
    mut fslot: usize,
    argc: usize,
    tail: bool,
) -> Result<St, Stop> {
    let lam = lambda_of(f);
    let code = code_of(vm, lam);
    let nreq = code.nreq as usize;
    if argc < nreq || (!code.rest && argc > nreq) {
        return Err(super::arity_error(vm, lam, f, argc).into());
    }
    let relocate = fslot + 4 + 4 * code.room as usize > vm.stack.limit;
    vm.reserve_records(!tail as usize + relocate as usize)?;
    if relocate {
        let old = fslot;
        if vm
            .stack
            .push_segment(code.room as usize + argc + 1)
            .is_none()
        {
            vm.stack.sp = old + 4 * (argc + 1);
            return Err(vm.out_of_memory().into());
        }
        fslot = vm.stack.base;
        for i in 0..=argc {
            wr(fslot + 4 * i, rd(old + 4 * i));
        }
        if !tail {
            vm.control.push_unchecked(Rec {
                pc: st.pc,
                fp: st.fp,
            });
        }
        // Returning through it goes back to the old segment, where the value is due at `old`.
        vm.control.push_unchecked(Rec {
            pc: UNDERFLOW_CODE.as_ptr(),
            fp: if tail { st.fp } else { old + 4 },
        });
    } else if !tail {
        vm.control.push_unchecked(Rec {
            pc: st.pc,
            fp: st.fp,
        });
    }
    let fp = fslot + 4;
    vm.stack.sp = fp + 4 * argc;
    let mut filled = argc;
    if code.rest {
        let args = vm.stack.slice(fp + 4 * nreq, argc - nreq);
        let rest = vm.list(args);
        wr(fp + 4 * nreq, rest);
        filled = nreq + 1;
    }
    let end = fp + 4 * code.frame as usize;
    let mut a = fp + 4 * filled;
    while a < end {
        wr(a, Value::VOID);
        a += 4;
    }
    vm.stack.sp = end;
    for &slot in code.boxed_params.iter() {
        let addr = fp + 4 * slot as usize;
        let b = vm.make_box(rd(addr));
        wr(addr, b);
    }
    crate::jit_glue::note_call(vm, lam);
    Ok(St {
        pc: code.start(),
        fp,
        sp: end,
    })
}

/// Pushes the records of a staged call (`Vm::call_then` reserved room for them): the primitive
/// call's continuation `st` unless it was a tail call, the `UNDERFLOW` record if its frame moved
/// to a new segment, and the continuation frame's record.
unsafe fn push_kont_records(vm: &mut Vm, st: St, tail: bool, s: Staged) {
    if !tail {
        vm.control.push_unchecked(Rec {
            pc: st.pc,
            fp: st.fp,
        });
    }
    if s.under != 0 {
        vm.control.push_unchecked(Rec {
            pc: UNDERFLOW_CODE.as_ptr(),
            fp: s.under,
        });
    }
    vm.control.push_unchecked(Rec {
        pc: KONT_CODE.as_ptr().add(2 * s.kind as usize),
        fp: s.kfp,
    });
}

/// A continuation frame's callee returned (its value is on top, at `st.sp - 4`): runs the
/// kind's resume function. Its result is the frame's, in tail position.
#[cold]
#[inline(never)]
unsafe fn kont(vm: &mut Vm, act: Act, st: St) -> Result<St, Stop> {
    let kind = Kind::from_u32(*st.pc.add(1));
    let v = rd(st.sp - 4);
    vm.stack.sp = st.sp;
    let r = crate::control::kont_resume(vm, kind, st.fp, v);
    frame_result(vm, act, st, st.fp - 4, r)
}

/// Hands on the result `r` of the native frame at `fslot` (a continuation frame) whose
/// continuation is the top record.
unsafe fn frame_result(
    vm: &mut Vm,
    act: Act,
    st: St,
    fslot: usize,
    r: R<Value>,
) -> Result<St, Stop> {
    match r {
        Err(u) => Err(u.into()),
        Ok(Value::TAIL) => slow_call(vm, act, st, fslot, vm.tail_argc as usize, true),
        Ok(Value::KCALL) => {
            let s = vm.staged.take().expect("a staged call");
            push_kont_records(vm, st, true, s);
            slow_call(vm, act, st, s.fs, s.argc, true)
        }
        Ok(v) => Ok(deliver(vm, st, fslot, v, true)),
    }
}

/// An unwind in this activation: walks the records down to the innermost continuation frame
/// whose kind stops unwinds, drops everything above it (records and the stack segments their
/// `UNDERFLOW` records stand for) and lets its unwind function catch the unwind or pass it on.
/// `Err(Stop::Unwind)`: no frame of this activation caught it.
#[cold]
#[inline(never)]
unsafe fn unwinding(
    vm: &mut Vm,
    act: Act,
    mut u: Unwind,
    mut running: Option<crate::backtrace::Running>,
) -> Result<St, Stop> {
    loop {
        let mut i = vm.control.top;
        let mut segments = 0;
        let found = loop {
            if i == act.base {
                break None;
            }
            i -= 1;
            let rec = vm.control.get(i);
            if rec.pc == UNDERFLOW_CODE.as_ptr() {
                segments += 1;
            } else if let Some(kind) = kont_kind(rec.pc).filter(|k| k.catches()) {
                break Some((kind, rec.fp));
            }
        };
        // The frames this unwind leaves join an uncaught error's backtrace before they go.
        crate::backtrace::leave_frames(vm, &u, running.take(), i);
        let Some((kind, kfp)) = found else {
            return Err(Stop::Unwind(u));
        };
        vm.control.top = i;
        for _ in 0..segments {
            vm.stack.pop_segment();
        }
        // Slots above the frame are dead (root contract 5).
        vm.stack.sp = vm.kont_end(kfp);
        let r = match crate::control::kont_unwind(vm, kind, kfp, u) {
            Err(passed) => {
                u = passed;
                continue;
            }
            Ok(r) => r,
        };
        let st = St {
            pc: std::ptr::null(),
            fp: kfp,
            sp: vm.stack.sp,
        };
        match frame_result(vm, act, st, kfp - 4, r) {
            Err(Stop::Unwind(again)) => u = again,
            other => return other,
        }
    }
}
