//! Expressions: variables, assignment, `if`, sequencing, binding forms and closures. Each leaves
//! one value on the Wasm stack.

use super::{live, mem, Emitter, Helper, Scratch, PROC};
use crate::ir::Expr;
use crate::layout::{boxed, cell, closure, value};
use wasm_encoder::{BlockType, Instruction as I, ValType};

impl Emitter<'_> {
    /// Compiles `e`, leaving its value on the stack (or not returning, for tail calls).
    pub(crate) fn expr(&mut self, e: &Expr) {
        if self.vars.is_none() {
            return self.node(e);
        }
        // Within `e`, what it mentions is live too (sequences, `let`s and loops say more
        // precisely what, part by part).
        let after = self.live.clone();
        if !matches!(e, Expr::Seq(_) | Expr::Let { .. } | Expr::Loop { .. }) {
            live::mentioned(e, &mut self.live);
        }
        self.node(e);
        self.live = after;
    }

    /// Sets the live slots before each of `parts`, evaluated in order: what the later parts
    /// mention, `also`, and what is live after them all.
    fn live_before_each(&self, parts: &[Expr], also: &[bool]) -> Vec<Vec<bool>> {
        if self.vars.is_none() {
            return vec![Vec::new(); parts.len()];
        }
        let mut sets = Vec::with_capacity(parts.len());
        let mut acc: Vec<bool> = self.live.iter().zip(also).map(|(a, b)| *a || *b).collect();
        for p in parts.iter().rev() {
            sets.push(acc.clone());
            live::mentioned(p, &mut acc);
        }
        sets.reverse();
        sets
    }

    fn node(&mut self, e: &Expr) {
        match e {
            Expr::Const(v) => self.emit(I::I32Const(*v as i32)),
            Expr::Local(n) => self.load_slot(*n),
            Expr::LocalBoxed(n) => {
                self.load_slot(*n);
                self.emit(I::I32Load(mem(boxed::VALUE)));
            }
            Expr::Free(i) => self.load_free(*i),
            Expr::FreeBoxed(i) => {
                self.load_free(*i);
                self.emit(I::I32Load(mem(boxed::VALUE)));
            }
            Expr::Global(cell, site) => self.global(*cell, *site),
            Expr::SetLocal(n, v) => {
                self.expr(v);
                let t = self.scratch(Scratch::Value);
                self.emit(I::LocalSet(t));
                self.store_slot(*n, t);
                self.void();
            }
            Expr::SetLocalBoxed(n, v) => {
                self.expr(v);
                let t = self.scratch(Scratch::Value);
                self.emit(I::LocalSet(t));
                self.load_slot(*n);
                self.emit(I::LocalGet(t));
                self.emit(I::I32Store(mem(boxed::VALUE)));
                self.void();
            }
            Expr::SetFreeBoxed(i, v) => {
                self.expr(v);
                let t = self.scratch(Scratch::Value);
                self.emit(I::LocalSet(t));
                self.load_free(*i);
                self.emit(I::LocalGet(t));
                self.emit(I::I32Store(mem(boxed::VALUE)));
                self.void();
            }
            Expr::SetGlobal(cell, v) => {
                self.expr(v);
                let t = self.scratch(Scratch::Value);
                self.emit(I::LocalSet(t));
                self.global(*cell, 0);
                self.emit(I::Drop);
                self.emit(I::I32Const(*cell as i32));
                self.emit(I::LocalGet(t));
                self.emit(I::I32Store(mem(cell::VALUE)));
                self.void();
            }
            Expr::DefineGlobal(cell, v) => {
                self.expr(v);
                let t = self.scratch(Scratch::Value);
                self.emit(I::LocalSet(t));
                self.emit(I::I32Const(*cell as i32));
                self.emit(I::LocalGet(t));
                self.emit(I::I32Store(mem(cell::VALUE)));
                self.void();
            }
            Expr::If(c, t, f) => {
                // An `if` that is itself a test (`and`, `or`) has tests for arms.
                let test = std::mem::take(&mut self.nested_test);
                self.test(c);
                self.emit(I::If(BlockType::Result(ValType::I32)));
                let arm = |e: &mut Self, x: &Expr| if test { e.test(x) } else { e.expr(x) };
                let then = self.conditional(|e| arm(e, t));
                self.emit(I::Else);
                let otherwise = self.conditional(|e| arm(e, f));
                self.emit(I::End);
                self.join(&[then, otherwise]);
            }
            Expr::Seq(es) => {
                let live = self.live_before_each(es, &vec![false; self.live.len()]);
                for (i, e) in es.iter().enumerate() {
                    self.live.clone_from(&live[i]);
                    self.expr(e);
                    if i + 1 < es.len() {
                        self.emit(I::Drop);
                    }
                }
            }
            Expr::Call(c) => self.call(c),
            Expr::Prim {
                op,
                cell,
                prim,
                args,
                tail,
                site,
            } => self.prim(*op, *cell, *prim, args, *tail, *site),
            Expr::Let {
                first,
                inits,
                boxed,
                body,
            } => {
                // A `let` that is a test (`or` binds its operand) has a test for its body.
                let test = std::mem::take(&mut self.nested_test);
                // While the inits run and are bound: the body's slots, the bound ones included
                // (a boxed one keeps its value alive across its box's allocation).
                let mut also = vec![false; self.live.len()];
                live::mentioned(body, &mut also);
                for n in *first..first + inits.len() as u32 {
                    if let Some(m) = also.get_mut(n as usize) {
                        *m = true;
                    }
                }
                let live = self.live_before_each(inits, &also);
                let after = self.live.clone();
                for (i, init) in inits.iter().enumerate() {
                    self.live.clone_from(&live[i]);
                    self.expr(init);
                    self.bind(first + i as u32, boxed[i]);
                }
                self.live = after;
                if test {
                    self.test(body);
                } else {
                    self.expr(body);
                }
            }
            Expr::Letrec {
                first,
                inits,
                boxed,
                body,
            } => {
                for (i, &b) in boxed.iter().enumerate() {
                    self.emit(I::I32Const(value::UNASSIGNED as i32));
                    self.bind(first + i as u32, b);
                }
                for (i, init) in inits.iter().enumerate() {
                    let slot = first + i as u32;
                    self.expr(init);
                    let t = self.scratch(Scratch::Value);
                    self.emit(I::LocalSet(t));
                    if boxed[i] {
                        self.load_slot(slot);
                        self.emit(I::LocalGet(t));
                        self.emit(I::I32Store(mem(boxed::VALUE)));
                    } else {
                        self.store_slot(slot, t);
                    }
                }
                self.expr(body);
            }
            Expr::Fix {
                first,
                closures,
                patches,
                body,
            } => {
                for (i, c) in closures.iter().enumerate() {
                    self.expr(c);
                    self.bind(first + i as u32, false);
                }
                for &(c, free, target) in patches {
                    self.load_slot(first + c);
                    self.load_slot(first + target);
                    self.emit(I::I32Store(mem(closure::free(free))));
                }
                self.expr(body);
            }
            Expr::Loop {
                id,
                first,
                inits,
                body,
            } => {
                // The inits: all the loop mentions (conservatively); the body: see `loop_body`.
                let body_live = live::loop_body(&self.live, *first, inits.len() as u32, body);
                live::mentioned(e, &mut self.live);
                self.contified_loop(*id, *first, inits, body, body_live);
            }
            Expr::Continue { id, args } => self.continue_loop(*id, args),
            Expr::Closure {
                node,
                lambda,
                code_slot,
                captures,
            } => self.closure(*node, *lambda, *code_slot, captures),
        }
    }

    /// Compiles `e` as an `if`'s test: leaves an i32, nonzero exactly when `e`'s value is not
    /// `#f`. An inline predicate leaves its condition (`Emitter::fused_test`), and so do the
    /// `if`s and `let`s that `and`, `or` and `cond` make of them, arm by arm; a constant is known.
    pub(crate) fn test(&mut self, e: &Expr) {
        if let Some((a, b)) = or_test(e) {
            // `(or A B)` as a test: the test of A, then of B if A failed — A's value is not
            // made nor bound (its variable is mentioned nowhere else, so its slot keeps the
            // valid value it had).
            self.test(a);
            self.emit(I::If(BlockType::Result(ValType::I32)));
            let then = self.conditional(|e| e.emit(I::I32Const(1)));
            self.emit(I::Else);
            let otherwise = self.conditional(|e| e.test(b));
            self.emit(I::End);
            self.join(&[then, otherwise]);
            return;
        }
        match e {
            Expr::Prim {
                op, tail: false, ..
            } if op.is_test() => {
                self.fused_test = true;
                self.expr(e);
            }
            Expr::Const(v) => self.emit(I::I32Const(i32::from(*v != value::FALSE))),
            Expr::If(..) | Expr::Let { .. } => {
                self.nested_test = true;
                self.expr(e);
            }
            _ => {
                self.expr(e);
                self.emit(I::I32Const(value::FALSE as i32));
                self.emit(I::I32Ne);
            }
        }
    }

    fn void(&mut self) {
        self.emit(I::I32Const(value::VOID as i32));
    }

    fn load_free(&mut self, i: u32) {
        self.emit(I::LocalGet(PROC));
        self.emit(I::I32Load(mem(closure::free(i))));
    }

    /// Stores the value on the stack into `slot`, boxing it if asked (the slot keeps the value
    /// alive while its box is allocated). A cached variable is bound in its local *and* its
    /// frame slot, so it is not dirty: otherwise every slow path after the binding (each an
    /// inline primitive's or an allocation's, which do not make it clean for the code after
    /// them) would store it again — one store here instead of one per slow path.
    pub(crate) fn bind(&mut self, slot: u32, boxed: bool) {
        let t = self.scratch(Scratch::Value);
        self.emit(I::LocalSet(t));
        self.store_slot(slot, t);
        self.store_clean(slot, t);
        if boxed {
            self.box_slot(slot);
        }
    }

    /// The value of a global, raising "unbound variable" if it has none.
    pub(crate) fn global(&mut self, cell: u32, site: u32) {
        let v = self.scratch(Scratch::Global);
        self.emit(I::I32Const(cell as i32));
        self.emit(I::I32Load(mem(cell::VALUE)));
        self.emit(I::LocalTee(v));
        self.emit(I::I32Const(value::UNASSIGNED as i32));
        self.emit(I::I32Eq);
        self.emit(I::If(BlockType::Empty));
        // Leaves the function: what it stores is not stored on the path that goes on.
        self.conditional(|e| {
            e.spill_dirty();
            e.slot_address(e.temp_top);
            e.emit(I::I32Const(cell as i32));
            e.emit(I::LocalGet(PROC));
            e.emit(I::I32Const(site as i32));
            e.call_helper(Helper::Unbound);
            e.emit(I::Return);
        });
        self.emit(I::End);
        self.emit(I::LocalGet(v));
    }
}

/// What `or` makes of `(or A B)`, `(let ((t A)) (if t t B))` with `t` unboxed and not mentioned
/// in `B`: `(A, B)`. As a test it is A's test or B's, and `t` needs no value.
fn or_test(e: &Expr) -> Option<(&Expr, &Expr)> {
    let Expr::Let {
        first,
        inits,
        boxed,
        body,
    } = e
    else {
        return None;
    };
    let ([a], [false], Expr::If(c, t, b)) = (inits.as_slice(), boxed.as_slice(), &**body) else {
        return None;
    };
    let is_t = |x: &Expr| matches!(x, Expr::Local(n) if n == first);
    if !is_t(c) || !is_t(t) {
        return None;
    }
    let mut used = vec![false; *first as usize + 1];
    live::mentioned(b, &mut used);
    (!used[*first as usize]).then_some((a, &**b))
}
