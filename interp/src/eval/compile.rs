//! `compile`: a lambda's `Node` body → bytecode (`Code`), on the lambda's first interpreted call.
//!
//! Every expression is compiled in a context: its value is pushed (`Value`), dropped (`Effect`)
//! or returned (`Tail`: the expression ends the body, its calls are tail calls). Calls whose
//! operator is a global holding one of the `PrimOp` primitives *at compile time* get an inline
//! form, guarded at run time by the global still holding that primitive (as the JIT does).

use super::code::{op, Code, PrimOp};
use crate::backtrace::sites::Site;
use crate::heap::object::tag;
use crate::ir::node::{Call, Lambda, Node};
use crate::obj;
use crate::syntax::datum::Pos;
use crate::value::Value;
use crate::vm::Vm;

/// Slots of margin above the deepest temporary (a callee's frame starts inside the caller's
/// temporaries, and native code called from the loop may push a few values).
const MARGIN: u32 = 8;

/// The bytecode of `lam`, compiling it on first use.
#[inline]
pub fn code_of(vm: &Vm, lam: &'static Lambda) -> &'static Code {
    match lam.bytecode.get() {
        Some(c) => c,
        None => compile(vm, lam),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Value,
    Effect,
    Tail,
}

struct Cx<'a> {
    vm: &'a Vm,
    words: Vec<u32>,
    /// Positions of jump operands, which hold word indices until the code is placed.
    jumps: Vec<usize>,
    /// The instructions that can fail, with their expressions' positions (`Code::sites`).
    sites: Vec<Site>,
    depth: u32,
    max: u32,
}

#[cold]
#[inline(never)]
fn compile(vm: &Vm, lam: &'static Lambda) -> &'static Code {
    let mut cx = Cx {
        vm,
        words: Vec::new(),
        jumps: Vec::new(),
        sites: Vec::new(),
        depth: 0,
        max: 0,
    };
    if lam.tail_calls {
        cx.expr(&lam.body, Ctx::Tail);
    } else {
        cx.expr(&lam.body, Ctx::Value);
        cx.emit(&[op::RETURN]);
        cx.pop(1);
    }
    let mut words = std::mem::take(&mut cx.words).into_boxed_slice();
    let base = words.as_ptr() as usize;
    for &at in &cx.jumps {
        words[at] = (base + 4 * words[at] as usize) as u32;
    }
    let code: &'static Code = Box::leak(Box::new(Code {
        lambda: lam,
        nreq: lam.nreq,
        rest: lam.rest,
        frame: lam.frame,
        room: lam.frame + cx.max + MARGIN,
        boxed_params: lam.boxed_params.clone().into_boxed_slice(),
        fast_argc: if lam.rest || !lam.boxed_params.is_empty() {
            u32::MAX
        } else {
            lam.nreq
        },
        words,
        sites: std::mem::take(&mut cx.sites).into_boxed_slice(),
    }));
    // A racing compile cannot happen (one thread); `set` only fails if already set.
    let _ = lam.bytecode.set(code);
    code
}

/// An operand that runs no code: nothing it does can change a global or the stack below it.
fn is_simple(n: &Node) -> bool {
    matches!(
        n,
        Node::Const(_)
            | Node::Local(_)
            | Node::LocalBoxed(_)
            | Node::Free(_)
            | Node::FreeBoxed(_)
            | Node::Global(..)
    )
}

impl Cx<'_> {
    fn emit(&mut self, words: &[u32]) {
        self.words.extend_from_slice(words);
    }

    /// Emits an instruction that may fail or call, for the expression at `pos`.
    fn emit_at(&mut self, pos: Pos, words: &[u32]) {
        let start = self.words.len() as u32;
        self.emit(words);
        let end = self.words.len() as u32;
        self.sites.push(Site { start, end, pos });
    }

    fn push(&mut self, n: u32) {
        self.depth += n;
        self.max = self.max.max(self.depth);
    }

    fn pop(&mut self, n: u32) {
        self.depth -= n;
    }

    /// Emits a jump with a target to patch; returns the operand's position.
    fn jump(&mut self, opcode: u32) -> usize {
        self.emit(&[opcode, 0]);
        let at = self.words.len() - 1;
        self.jumps.push(at);
        at
    }

    /// Makes the jump operand at `at` target the next instruction.
    fn land(&mut self, at: usize) {
        self.words[at] = self.words.len() as u32;
    }

    /// Ends an expression whose value was pushed, as its context wants.
    fn finish(&mut self, ctx: Ctx) {
        match ctx {
            Ctx::Value => {}
            Ctx::Effect => {
                self.emit(&[op::POP]);
                self.pop(1);
            }
            Ctx::Tail => {
                self.emit(&[op::RETURN]);
                self.pop(1);
            }
        }
    }

    /// A value that needs no evaluation: pushed, returned or nothing.
    fn constant(&mut self, v: Value, ctx: Ctx) {
        match ctx {
            Ctx::Value => {
                self.emit(&[op::CONST, v.0]);
                self.push(1);
            }
            Ctx::Effect => {}
            Ctx::Tail => self.emit(&[op::RETURN_CONST, v.0]),
        }
    }

    fn expr(&mut self, n: &Node, ctx: Ctx) {
        match n {
            Node::Const(v) => self.constant(*v, ctx),
            Node::Local(i) => match ctx {
                Ctx::Effect => {}
                Ctx::Tail => self.emit(&[op::RETURN_LOCAL, *i]),
                Ctx::Value => self.load(op::LOCAL, *i),
            },
            Node::LocalBoxed(i) => self.read(op::LOCAL_BOX, *i, ctx),
            Node::Free(i) => self.read(op::FREE, *i, ctx),
            Node::FreeBoxed(i) => self.read(op::FREE_BOX, *i, ctx),
            // Even as an effect: an unbound global raises.
            Node::Global(cell, _, pos) => {
                self.emit_at(*pos, &[op::GLOBAL, cell.0]);
                self.push(1);
                self.finish(ctx);
            }
            Node::SetLocal(i, e) => self.assign(op::SET_LOCAL, *i, e, ctx),
            Node::SetLocalBoxed(i, e) => self.assign(op::SET_LOCAL_BOX, *i, e, ctx),
            Node::SetFreeBoxed(i, e) => self.assign(op::SET_FREE_BOX, *i, e, ctx),
            Node::SetGlobal(cell, _, pos, e) => {
                self.expr(e, Ctx::Value);
                self.emit_at(*pos, &[op::SET_GLOBAL, cell.0]);
                self.pop(1);
                self.constant(Value::VOID, ctx);
            }
            Node::DefineGlobal(cell, e) => self.assign(op::DEFINE, cell.0, e, ctx),
            Node::If(c, t, e) => self.if_(c, t, e, ctx),
            Node::Closure(..) => {
                self.emit(&[op::CLOSURE, n as *const Node as usize as u32]);
                self.push(1);
                self.finish(ctx);
            }
            Node::Seq(nodes) => {
                let (last, init) = nodes.split_last().expect("non-empty sequence");
                for n in init {
                    self.expr(n, Ctx::Effect);
                }
                self.expr(last, ctx);
            }
            Node::Call(c) => self.call(c, ctx),
            Node::Let {
                first,
                inits,
                boxed,
                body,
            } => {
                for (i, init) in inits.iter().enumerate() {
                    let slot = first + i as u32;
                    self.expr(init, Ctx::Value);
                    self.emit(&[op::SET_LOCAL, slot]);
                    self.pop(1);
                    if boxed[i] {
                        self.emit(&[op::BOX_LOCAL, slot]);
                    }
                }
                self.expr(body, ctx);
            }
            Node::Letrec {
                first,
                inits,
                boxed,
                body,
            } => {
                for (i, &b) in boxed.iter().enumerate() {
                    let slot = first + i as u32;
                    self.emit(&[op::CONST, Value::UNASSIGNED.0, op::SET_LOCAL, slot]);
                    if b {
                        self.emit(&[op::BOX_LOCAL, slot]);
                    }
                }
                self.push(1);
                self.pop(1);
                for (i, init) in inits.iter().enumerate() {
                    let slot = first + i as u32;
                    self.expr(init, Ctx::Value);
                    let set = if boxed[i] {
                        op::SET_LOCAL_BOX
                    } else {
                        op::SET_LOCAL
                    };
                    self.emit(&[set, slot]);
                    self.pop(1);
                }
                self.expr(body, ctx);
            }
            Node::Fix {
                first,
                lambdas,
                patches,
                body,
            } => {
                for (i, l) in lambdas.iter().enumerate() {
                    self.expr(l, Ctx::Value);
                    self.emit(&[op::SET_LOCAL, first + i as u32]);
                    self.pop(1);
                }
                for p in patches {
                    self.emit(&[op::FIX_PATCH, first + p.closure, p.free, first + p.target]);
                }
                self.expr(body, ctx);
            }
        }
    }

    fn load(&mut self, opcode: u32, operand: u32) {
        self.emit(&[opcode, operand]);
        self.push(1);
    }

    /// A read that cannot fail: nothing at all as an effect.
    fn read(&mut self, opcode: u32, operand: u32, ctx: Ctx) {
        if ctx != Ctx::Effect {
            self.load(opcode, operand);
            self.finish(ctx);
        }
    }

    /// An assignment: its value is unspecified.
    fn assign(&mut self, opcode: u32, operand: u32, e: &Node, ctx: Ctx) {
        self.expr(e, Ctx::Value);
        self.emit(&[opcode, operand]);
        self.pop(1);
        self.constant(Value::VOID, ctx);
    }

    fn if_(&mut self, c: &Node, t: &Node, e: &Node, ctx: Ctx) {
        self.expr(c, Ctx::Value);
        let to_else = self.jump(op::JUMP_FALSE);
        self.pop(1);
        let depth = self.depth;
        self.expr(t, ctx);
        if ctx == Ctx::Tail {
            self.land(to_else);
            self.depth = depth;
            self.expr(e, ctx);
        } else {
            let to_end = self.jump(op::JUMP);
            self.land(to_else);
            self.depth = depth;
            self.expr(e, ctx);
            self.land(to_end);
        }
    }

    /// The inline operation for a call of global `cell` with `argc` arguments, if it holds one
    /// of the `PrimOp` primitives now.
    fn prim_op(&self, cell: Value, argc: usize) -> Option<(PrimOp, Value)> {
        let v = obj::cell_value(cell);
        if !obj::is(v, tag::PRIMITIVE) {
            return None;
        }
        let name = crate::prims::prim_of(self.vm, v).name;
        let name = name.strip_prefix('%').unwrap_or(name);
        PrimOp::of(name, argc).map(|op| (op, v))
    }

    fn call(&mut self, c: &Call, ctx: Ctx) {
        let argc = c.args.len() as u32;
        let tail = ctx == Ctx::Tail;
        debug_assert_eq!(
            tail, c.tail,
            "tail calls are exactly the calls in tail context"
        );
        let simple = c.args.iter().all(is_simple);
        if let Node::Global(cell, ..) = &c.func {
            if let Some((p, prim)) = self.prim_op(*cell, c.args.len()) {
                if simple {
                    self.args(&c.args);
                    self.emit_at(c.pos, &[p.opcode(false), cell.0, prim.0]);
                } else {
                    self.expr(&c.func, Ctx::Value);
                    self.args(&c.args);
                    self.emit_at(c.pos, &[p.opcode(true), prim.0]);
                    self.pop(1);
                }
                self.pop(argc);
                self.push(1);
                self.finish(ctx);
                return;
            }
            if simple {
                // The operator is read at the call: no operand can change the global.
                self.push(1);
                self.args(&c.args);
                let opcode = if tail {
                    op::TAIL_CALL_GLOBAL
                } else {
                    op::CALL_GLOBAL
                };
                self.emit_at(c.pos, &[opcode, cell.0, argc]);
                self.pop(argc + 1);
                self.after_call(ctx);
                return;
            }
        }
        self.expr(&c.func, Ctx::Value);
        self.args(&c.args);
        self.emit_at(c.pos, &[if tail { op::TAIL_CALL } else { op::CALL }, argc]);
        self.pop(argc + 1);
        self.after_call(ctx);
    }

    fn args(&mut self, args: &[Node]) {
        for a in args {
            self.expr(a, Ctx::Value);
        }
    }

    /// After a call instruction: a non-tail call pushed its result.
    fn after_call(&mut self, ctx: Ctx) {
        match ctx {
            Ctx::Tail => {}
            Ctx::Value => self.push(1),
            Ctx::Effect => {
                self.push(1);
                self.finish(ctx);
            }
        }
    }
}
