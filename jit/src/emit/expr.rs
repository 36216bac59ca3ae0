//! Expressions: variables, assignment, `if`, sequencing, binding forms and closures. Each leaves
//! one value on the Wasm stack.

use super::{mem, Emitter, Helper, Scratch, PROC};
use crate::ir::Expr;
use crate::layout::{boxed, cell, closure, value};
use wasm_encoder::{BlockType, Instruction as I, ValType};

impl Emitter<'_> {
    /// Compiles `e`, leaving its value on the stack (or not returning, for tail calls).
    pub(crate) fn expr(&mut self, e: &Expr) {
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
                self.expr(c);
                self.emit(I::I32Const(value::FALSE as i32));
                self.emit(I::I32Ne);
                self.emit(I::If(BlockType::Result(ValType::I32)));
                let then = self.conditional(|e| e.expr(t));
                self.emit(I::Else);
                let otherwise = self.conditional(|e| e.expr(f));
                self.emit(I::End);
                self.join(&[then, otherwise]);
            }
            Expr::Seq(es) => {
                for (i, e) in es.iter().enumerate() {
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
                for (i, init) in inits.iter().enumerate() {
                    self.expr(init);
                    self.bind(first + i as u32, boxed[i]);
                }
                self.expr(body);
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
            } => self.contified_loop(*id, *first, inits, body),
            Expr::Continue { id, args } => self.continue_loop(*id, args),
            Expr::Closure {
                node,
                lambda,
                code_slot,
                captures,
            } => self.closure(*node, *lambda, *code_slot, captures),
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
    /// alive while its box is allocated).
    pub(crate) fn bind(&mut self, slot: u32, boxed: bool) {
        let t = self.scratch(Scratch::Value);
        self.emit(I::LocalSet(t));
        self.store_slot(slot, t);
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
