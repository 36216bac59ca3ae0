//! Out-of-line helpers: the sequences that many sites of an aux module would otherwise each
//! repeat inline — a primitive's generic call, finishing a pending tail call, raising "unbound
//! variable", the allocation refill, and calls of procedures that are not known to be of this
//! module — emitted once per module as functions after `patch` (not in the table). Cranelift's
//! compile time grows with the size of a function and the number of its blocks, so sharing them
//! makes a module faster to compile; the fast paths of inline primitives and of known calls stay
//! inline and unchanged.
//!
//! Invariant: a helper is a tail of its call site's slow path, not a frame of its own. Its
//! caller has already stored every dirty variable (`Emitter::spill_dirty`), so the frame is a
//! complete root; the helper stores what it stages into frame slots before it sets `sp` above
//! them and calls the runtime (the GC root contract holds at that call exactly as it did
//! inline), and when the runtime reports an unwind it records the *caller's* frame and call site
//! (`kiln_rt_trace` of the `proc` and `site` it was passed) and returns 0, which the caller
//! returns at once. Only `Call` and `TailCall` call procedures: `Call` counts the call in the
//! depth exactly as a call site does (its small frame is within the 256-byte unit a compiled
//! call counts), `TailCall` is tail-called and tail-calls, so the native stack does not grow.
//! Helpers never allocate and never grow the value stack.

use super::{mem, Code, CODE_TYPE};
use crate::ir::VmAddrs;
use crate::layout::procedure;
use crate::runtime::Rt;
use wasm_encoder::{BlockType, Function, Instruction as I, ValType};

/// One kind of helper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Helper {
    /// `(addr, argc, proc, site, callee, v0, v1, v2) -> value`: stores the callee at `addr` (a
    /// frame slot's address) and `v0 v1 v2` after it, sets `sp` above the callee and its `argc`
    /// arguments and calls `kiln_rt_apply` (a primitive's slow path). With fewer than three
    /// arguments the values past them are stores above `sp` (the caller passes the unspecified
    /// value); with more, the caller has stored the rest.
    Apply,
    /// `(addr, proc, site) -> value`: performs the tail call pending in the frame at `addr`
    /// (`kiln_rt_settle`).
    Settle,
    /// `(sp, cell, proc, site) -> 0`: sets `sp`, raises "unbound variable" for `cell`.
    Unbound,
    /// `(sp, tag, size) -> object`: sets `sp`, then the inline allocation's refill
    /// (`kiln_rt_alloc`; it never unwinds).
    Refill,
    /// `(addr, argc, proc, site) -> value`: the non-tail call of the procedure staged at `addr`
    /// with `argc` arguments after it (`sp` already above them): counted in the depth, through
    /// the procedure's code slot (or `kiln_rt_deep_call` past the depth limit, `kiln_rt_apply`
    /// for a non-procedure), then a pending tail call settled.
    Call,
    /// `(f, argv, argc) -> value`, tail-called: the tail call of procedure `f` whose frame
    /// (`argc` arguments) is at `argv`, through its code slot (`kiln_rt_apply` for a
    /// non-procedure).
    TailCall,
}

/// The helpers one aux module uses, in the order of their first use.
#[derive(Debug, Default)]
pub struct Helpers {
    /// Function index of the first helper.
    base: u32,
    used: Vec<Helper>,
}

impl Helpers {
    /// No helpers yet; the first one will be function `base`.
    pub fn new(base: u32) -> Helpers {
        Helpers {
            base,
            used: Vec::new(),
        }
    }

    /// The function index of helper `h` (added to the module on first use).
    pub(crate) fn index(&mut self, h: Helper) -> u32 {
        let k = match self.used.iter().position(|&u| u == h) {
            Some(k) => k,
            None => {
                self.used.push(h);
                self.used.len() - 1
            }
        };
        self.base + k as u32
    }

    /// Each helper's (name, parameter types, body), in function-index order.
    pub fn functions(&self, vm: &VmAddrs) -> Vec<(String, Vec<ValType>, Function)> {
        self.used
            .iter()
            .map(|&h| (h.name(), h.params(), h.body(vm)))
            .collect()
    }
}

impl Helper {
    fn name(self) -> String {
        match self {
            Helper::Apply => "kiln_apply",
            Helper::Settle => "kiln_settle",
            Helper::Unbound => "kiln_unbound",
            Helper::Refill => "kiln_refill",
            Helper::Call => "kiln_call",
            Helper::TailCall => "kiln_tail_call",
        }
        .into()
    }

    /// Parameter types (every helper returns one i32).
    fn params(self) -> Vec<ValType> {
        let n = match self {
            Helper::Apply => 8,
            Helper::Settle | Helper::Refill | Helper::TailCall => 3,
            Helper::Unbound | Helper::Call => 4,
        };
        vec![ValType::I32; n]
    }

    fn body(self, vm: &VmAddrs) -> Function {
        let mut code: Vec<I<'static>> = Vec::new();
        // Scratch locals after the parameters: a runtime result, a depth, a procedure.
        let r = self.params().len() as u32;
        let (d, f) = (r + 1, r + 2);
        match self {
            Helper::Apply => {
                let (addr, argc, proc, site) = (0, 1, 2, 3);
                for i in 0..4 {
                    code.put(I::LocalGet(addr));
                    code.put(I::LocalGet(4 + i));
                    code.put(I::I32Store(mem(4 * i)));
                }
                // sp = addr + 4 * (argc + 1)
                code.put(I::I32Const(vm.sp as i32));
                code.put(I::LocalGet(addr));
                code.put(I::LocalGet(argc));
                code.put(I::I32Const(2));
                code.put(I::I32Shl);
                code.put(I::I32Add);
                code.put(I::I32Const(4));
                code.put(I::I32Add);
                code.put(I::I32Store(mem(0)));
                code.put(I::LocalGet(addr));
                code.put(I::LocalGet(argc));
                code.put(I::Call(Rt::Apply.index()));
                traced(&mut code, r, proc, site);
            }
            Helper::Settle => {
                // `kiln_rt_settle` sets `sp` itself, from the pending call's argument count.
                code.put(I::LocalGet(0));
                code.put(I::Call(Rt::Settle.index()));
                traced(&mut code, r, 1, 2);
            }
            Helper::Unbound => {
                set_sp(&mut code, vm, 0, 0);
                code.put(I::LocalGet(1));
                code.put(I::Call(Rt::Unbound.index()));
                code.put(I::Drop);
                code.put(I::LocalGet(2));
                code.put(I::LocalGet(3));
                code.put(I::Call(Rt::Trace.index()));
                code.put(I::I32Const(0));
            }
            Helper::Refill => {
                set_sp(&mut code, vm, 0, 0);
                code.put(I::LocalGet(1));
                code.put(I::LocalGet(2));
                code.put(I::Call(Rt::Alloc.index()));
            }
            Helper::Call => {
                let (addr, argc, proc, site) = (0, 1, 2, 3);
                code.enter_call(vm, d);
                code.put(I::If(BlockType::Result(ValType::I32)));
                code.put(I::LocalGet(addr));
                code.put(I::LocalGet(argc));
                code.put(I::Call(Rt::DeepCall.index()));
                code.put(I::Else);
                code.put(I::LocalGet(addr));
                code.put(I::I32Load(mem(0)));
                code.put(I::LocalSet(f));
                through_code_slot(&mut code, f, addr, argc, false);
                code.put(I::End);
                code.leave_call(vm, d);
                // 0: an unwind, or a tail call pending in the callee's frame.
                code.put(I::LocalTee(r));
                code.put(I::I32Eqz);
                code.put(I::If(BlockType::Empty));
                code.put(I::LocalGet(addr));
                code.put(I::Call(Rt::Settle.index()));
                code.put(I::LocalSet(r));
                code.put(I::End);
                code.put(I::LocalGet(r));
                traced(&mut code, r, proc, site);
            }
            Helper::TailCall => {
                let (f, argv, argc) = (0, 1, 2);
                // The frame starts with the procedure, below the arguments.
                let frame = r;
                code.put(I::LocalGet(argv));
                code.put(I::I32Const(4));
                code.put(I::I32Sub);
                code.put(I::LocalSet(frame));
                through_code_slot(&mut code, f, frame, argc, true);
            }
        }
        code.put(I::End);
        let mut func = Function::new_with_locals_types([ValType::I32; 3]);
        for i in &code {
            func.instruction(i);
        }
        func
    }
}

/// Calls (`tail`: tail-calls) procedure `f`, whose frame is at `frame` (the procedure, then
/// `argc` arguments), through its code slot; a non-procedure goes to `kiln_rt_apply`, which raises
/// the error. Leaves the result.
fn through_code_slot(code: &mut Vec<I<'static>>, f: u32, frame: u32, argc: u32, tail: bool) {
    code.is_procedure(f);
    code.put(I::If(BlockType::Result(ValType::I32)));
    code.put(I::LocalGet(f));
    code.put(I::LocalGet(argc));
    code.put(I::LocalGet(frame));
    code.put(I::I32Const(4));
    code.put(I::I32Add);
    code.put(I::LocalGet(f));
    code.put(I::I32Load(mem(procedure::CODE)));
    code.put(if tail {
        I::ReturnCallIndirect {
            type_index: CODE_TYPE,
            table_index: 0,
        }
    } else {
        I::CallIndirect {
            type_index: CODE_TYPE,
            table_index: 0,
        }
    });
    code.put(I::Else);
    code.put(I::LocalGet(frame));
    code.put(I::LocalGet(argc));
    code.put(I::Call(Rt::Apply.index()));
    code.put(I::End);
}

/// After a runtime call that may unwind (its result on the stack, and kept there): on 0, traces
/// the caller's frame `proc` and call site `site`.
fn traced(code: &mut Vec<I<'static>>, r: u32, proc: u32, site: u32) {
    code.put(I::LocalTee(r));
    code.put(I::I32Eqz);
    code.put(I::If(BlockType::Empty));
    code.put(I::LocalGet(proc));
    code.put(I::LocalGet(site));
    code.put(I::Call(Rt::Trace.index()));
    code.put(I::End);
    code.put(I::LocalGet(r));
}

/// `sp = local base + bytes`.
fn set_sp(code: &mut Vec<I<'static>>, vm: &VmAddrs, base: u32, bytes: u32) {
    code.put(I::I32Const(vm.sp as i32));
    code.put(I::LocalGet(base));
    if bytes != 0 {
        code.put(I::I32Const(bytes as i32));
        code.put(I::I32Add);
    }
    code.put(I::I32Store(mem(0)));
}
