//! Out-of-line helpers: the cold sequences that many sites of an aux module would otherwise each
//! repeat inline (a primitive's generic call, finishing a pending tail call, raising "unbound
//! variable", the allocation refill), emitted once per module as functions after `patch` and
//! called only on slow paths. Cranelift's compile time grows with the size of a function and
//! the number of its blocks, so sharing them makes a module faster to compile; the fast paths
//! stay inline and unchanged.
//!
//! Invariant: a helper is a tail of its call site's slow path, not a frame of its own. Its
//! caller has already stored every dirty variable (`Emitter::spill_dirty`), so the frame is a
//! complete root; the helper stores what it stages into frame slots before it sets `sp` above
//! them and calls the runtime (the GC root contract holds at that call exactly as it did
//! inline), and when the runtime reports an unwind it records the *caller's* frame and call site
//! (`kiln_rt_trace` of the `proc` and `site` it was passed) and returns 0, which the caller
//! returns at once. Helpers never allocate, call compiled code or grow the value stack.

use super::mem;
use crate::ir::VmAddrs;
use crate::runtime::Rt;
use wasm_encoder::{BlockType, Function, Instruction as I, ValType};

/// One kind of helper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Helper {
    /// `(addr, proc, site, callee, v0 … v(n-1)) -> value`: stores the callee at `addr` (a frame
    /// slot's address) and the `n` operands after it, sets `sp` above them and calls
    /// `kiln_rt_apply` (a primitive's slow path).
    Apply(u32),
    /// `(addr, proc, site) -> value`: performs the tail call pending in the frame at `addr`
    /// (`kiln_rt_settle`).
    Settle,
    /// `(sp, cell, proc, site) -> 0`: sets `sp`, raises "unbound variable" for `cell`.
    Unbound,
    /// `(sp, tag, size) -> object`: sets `sp`, then the inline allocation's refill
    /// (`kiln_rt_alloc`; it never unwinds).
    Refill,
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

    /// How many helpers the module has.
    pub fn len(&self) -> usize {
        self.used.len()
    }

    /// Whether the module has none.
    pub fn is_empty(&self) -> bool {
        self.used.is_empty()
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
            Helper::Apply(n) => format!("kiln_apply{n}"),
            Helper::Settle => "kiln_settle".into(),
            Helper::Unbound => "kiln_unbound".into(),
            Helper::Refill => "kiln_refill".into(),
        }
    }

    /// Parameter types (every helper returns one i32).
    fn params(self) -> Vec<ValType> {
        let n = match self {
            Helper::Apply(n) => 4 + n,
            Helper::Settle | Helper::Refill => 3,
            Helper::Unbound => 4,
        };
        vec![ValType::I32; n as usize]
    }

    fn body(self, vm: &VmAddrs) -> Function {
        // One extra local: the runtime's result.
        let params = self.params().len() as u32;
        let r = params;
        let mut f = Function::new_with_locals_types([ValType::I32]);
        let mut emit = |i: I| {
            f.instruction(&i);
        };
        // After a runtime call that may unwind: trace the caller's frame and site on 0.
        let traced = |emit: &mut dyn FnMut(I), proc: u32, site: u32| {
            emit(I::LocalTee(r));
            emit(I::I32Eqz);
            emit(I::If(BlockType::Empty));
            emit(I::LocalGet(proc));
            emit(I::LocalGet(site));
            emit(I::Call(Rt::Trace.index()));
            emit(I::End);
            emit(I::LocalGet(r));
        };
        let set_sp = |emit: &mut dyn FnMut(I), base: u32, bytes: u32| {
            emit(I::I32Const(vm.sp as i32));
            emit(I::LocalGet(base));
            if bytes != 0 {
                emit(I::I32Const(bytes as i32));
                emit(I::I32Add);
            }
            emit(I::I32Store(mem(0)));
        };
        match self {
            Helper::Apply(n) => {
                let (addr, proc, site) = (0, 1, 2);
                for i in 0..=n {
                    emit(I::LocalGet(addr));
                    emit(I::LocalGet(3 + i));
                    emit(I::I32Store(mem(4 * i)));
                }
                set_sp(&mut emit, addr, 4 * (n + 1));
                emit(I::LocalGet(addr));
                emit(I::I32Const(n as i32));
                emit(I::Call(Rt::Apply.index()));
                traced(&mut emit, proc, site);
            }
            Helper::Settle => {
                // `kiln_rt_settle` sets `sp` itself, from the pending call's argument count.
                emit(I::LocalGet(0));
                emit(I::Call(Rt::Settle.index()));
                traced(&mut emit, 1, 2);
            }
            Helper::Unbound => {
                set_sp(&mut emit, 0, 0);
                emit(I::LocalGet(1));
                emit(I::Call(Rt::Unbound.index()));
                emit(I::Drop);
                emit(I::LocalGet(2));
                emit(I::LocalGet(3));
                emit(I::Call(Rt::Trace.index()));
                emit(I::I32Const(0));
            }
            Helper::Refill => {
                set_sp(&mut emit, 0, 0);
                emit(I::LocalGet(1));
                emit(I::LocalGet(2));
                emit(I::Call(Rt::Alloc.index()));
            }
        }
        emit(I::End);
        f
    }
}
