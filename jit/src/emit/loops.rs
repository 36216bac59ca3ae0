//! Contified local procedures (`Expr::Loop`, `Expr::Continue`): a named `let` whose procedure
//! never escapes runs in a Wasm `loop` inside the function that contains it. Its parameters are
//! slots of this frame; a call of it in tail position of its body assigns them and branches back
//! to the head. No closure is made and no call is performed.
//!
//! Variables cached in locals (`vars`): the back edges assign the parameters and whatever the
//! body `set!`s, so those are dirty at the head (the state there must cover every edge into it).
//! Slots the body binds with `let` are dead at the head — bound again before any use — and may
//! stay clean there: their frame slots still hold valid objects, the values of earlier safepoints.

use super::prim::is_simple;
use super::{Emitter, Scratch};
use crate::ir::Expr;
use wasm_encoder::{BlockType, Instruction as I, ValType};

/// A contified loop around the emission point.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LoopLabel {
    id: u32,
    /// The depth of its `loop` block (see [`Emitter::br_to`]).
    label: u32,
    /// Its parameter slots: `first..first + count`.
    first: u32,
    count: u32,
}

impl Emitter<'_> {
    /// `Expr::Loop`: binds the parameters like a `let`, then the body in a `loop` (with
    /// `body_live` the slots live in it, see `live.rs`).
    pub(crate) fn contified_loop(
        &mut self,
        id: u32,
        first: u32,
        inits: &[Expr],
        body: &Expr,
        body_live: Vec<bool>,
    ) {
        for (i, init) in inits.iter().enumerate() {
            self.expr(init);
            self.bind(first + i as u32, false);
        }
        let count = inits.len() as u32;
        self.dirty_at_head(first, count, body);
        self.emit(I::Loop(BlockType::Result(ValType::I32)));
        self.loops.push(LoopLabel {
            id,
            label: self.depth,
            first,
            count,
        });
        if self.vars.is_some() {
            self.live = body_live;
        }
        self.expr(body);
        self.loops.pop();
        self.emit(I::End);
    }

    /// `Expr::Continue`: every argument is evaluated (left to right, as a call's) before any
    /// parameter changes, so `(loop b a)` swaps. An argument is staged in a temporary slot when a
    /// later one runs code (which could collect, or assign a variable it read); the rest wait on
    /// the Wasm stack, where nothing runs after them.
    pub(crate) fn continue_loop(&mut self, id: u32, args: &[Expr]) {
        let lp = *self
            .loops
            .iter()
            .rev()
            .find(|l| l.id == id)
            .expect("a continue is inside its loop");
        debug_assert_eq!(lp.count as usize, args.len());
        let mark = self.temp_top;
        let last_complex = args.iter().rposition(|a| !is_simple(a));
        let staged: Vec<Option<u32>> = args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                last_complex.is_some_and(|l| i < l).then(|| {
                    self.expr(a);
                    self.push_temp()
                })
            })
            .collect();
        for (a, slot) in args.iter().zip(&staged) {
            match slot {
                Some(t) => self.load_slot(*t),
                None => self.expr(a),
            }
        }
        // Leaves by the back edge: what it stores or dirties does not reach the code after it.
        self.conditional(|e| {
            let v = e.scratch(Scratch::Value);
            for i in (0..lp.count).rev() {
                e.emit(I::LocalSet(v));
                e.store_slot(lp.first + i, v);
            }
            let depth = e.br_to(lp.label);
            e.emit(I::Br(depth));
        });
        self.temp_top = mark;
    }

    /// Marks dirty, for the loop head, the parameters and every frame slot the body assigns.
    fn dirty_at_head(&mut self, first: u32, count: u32, body: &Expr) {
        let Some(vars) = &mut self.vars else { return };
        let mut assigned = Vec::new();
        assigned_slots(body, &mut assigned);
        for n in (first..first + count).chain(assigned) {
            if let Some(d) = vars.dirty.get_mut(n as usize) {
                *d = true;
            }
        }
    }
}

/// The frame slots `set!` assigns in `e` (binding forms bind slots that are dead at a loop head).
fn assigned_slots(e: &Expr, out: &mut Vec<u32>) {
    if let Expr::SetLocal(n, _) = e {
        out.push(*n);
    }
    e.for_each_child(|c| assigned_slots(c, out));
}
