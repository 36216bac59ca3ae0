//! Inline primitives. Shape of the code for `(op a b)`:
//!
//! ```text
//! [callee := the global's value, when an operand is not simple]
//! operands
//! block $done (result i32)
//!   block $slow
//!     br_if $slow (the callee is not the primitive the fast path implements)
//!     fast path: type tests (br_if $slow on a miss), compute, br $done
//!   end
//!   slow path: call the callee like any procedure (same result, same errors; a tail call in
//!   tail position)
//! end
//! ```
//! Fixnum arithmetic overflows to the slow path, which produces the bignum.
//!
//! Soundness: the slow path calls what the global holds *now*, never the primitive seen at
//! compile time, so `(set! + *)` or a redefinition of `car` is obeyed by compiled code exactly as
//! by the interpreter. The interpreter evaluates the operator before the operands; when an operand
//! may run arbitrary code (anything but a constant or a variable), the global's value is read
//! first and kept in a frame slot (which also keeps it alive), so an operand that reassigns the
//! global does not change which procedure this call applies.

use super::{mem, mem64, Code, Emitter, Helper, Scratch, ARGV, PROC};
use crate::ir::{Expr, PrimOp};
use crate::layout::{cell, flonum, pair, tag, value, vector};
use wasm_encoder::{BlockType, Instruction as I, ValType};

/// How many operands the `Apply` helper takes (the callee's first ones).
const APPLY_VALUES: u32 = 3;

/// Where an operand's value is: re-evaluable as is (constants, frame slots) or in a temporary.
enum Operand {
    Simple(Expr),
    Temp(u32),
}

/// Where an inline primitive's call finds the procedure it applies.
#[derive(Clone, Copy)]
enum Callee {
    /// Read the global cell at this address (nothing runs between the read and the call).
    Cell(u32),
    /// The global's value, read before the operands ran, in this frame slot.
    Snapshot(u32),
}

/// An operand that runs no code: evaluating it late or twice is the same as evaluating it once.
pub(crate) fn is_simple(e: &Expr) -> bool {
    matches!(e, Expr::Const(_) | Expr::Local(_) | Expr::Free(_))
}

/// Whether `e` may change what frame slot `slot` holds: it assigns it or binds it.
fn assigns(e: &Expr, slot: u32) -> bool {
    if let Expr::SetLocal(n, _) | Expr::SetLocalBoxed(n, _) = e {
        if *n == slot {
            return true;
        }
    }
    if let Some((first, count)) = e.binds() {
        if (first..first + count).contains(&slot) {
            return true;
        }
    }
    let mut found = false;
    e.for_each_child(|c| found = found || assigns(c, slot));
    found
}

impl Emitter<'_> {
    pub(crate) fn prim(
        &mut self,
        op: PrimOp,
        cell: u32,
        prim: u32,
        args: &[Expr],
        tail: bool,
        site: u32,
    ) {
        // Only this primitive's result is the `if`'s test, not its operands'.
        let test = std::mem::take(&mut self.fused_test);
        let mark = self.temp_top;
        let callee = if args.iter().all(is_simple) {
            Callee::Cell(cell)
        } else {
            self.load_callee(Callee::Cell(cell));
            Callee::Snapshot(self.push_temp())
        };
        // A variable read can wait until the operands are evaluated only if no operand after it
        // may assign it: evaluation stays left to right. A frame variable (`Local`, unboxed) is
        // assigned only by this function's own code, so that is an operand after it that sets
        // or binds its slot; until then its slot keeps its value alive across their safepoints.
        let operands: Vec<Operand> = args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let deferrable = match a {
                    Expr::Const(_) | Expr::Free(_) => true,
                    Expr::Local(n) => !args[i + 1..].iter().any(|b| assigns(b, *n)),
                    _ => false,
                };
                if deferrable {
                    Operand::Simple(a.clone())
                } else {
                    self.expr(a);
                    Operand::Temp(self.push_temp())
                }
            })
            .collect();
        let vals: Vec<u32> = operands
            .iter()
            .enumerate()
            .map(|(i, o)| {
                self.operand(o);
                let v = self.scratch(Scratch::OPERANDS[i]);
                self.emit(I::LocalSet(v));
                v
            })
            .collect();
        self.emit(I::Block(BlockType::Result(ValType::I32)));
        self.emit(I::Block(BlockType::Empty));
        self.load_callee(callee);
        self.emit(I::I32Const(prim as i32));
        self.emit(I::I32Ne);
        self.emit(I::BrIf(0));
        // Fixnum constant operands: their type is known, an addition of one is an `i32.add`.
        let consts: Vec<Option<i32>> = args
            .iter()
            .map(|a| match a {
                Expr::Const(c) if c & 1 == 1 => Some(*c as i32),
                _ => None,
            })
            .collect();
        let fast = self.conditional(|e| {
            e.fused_test = test;
            e.fast_path(op, &vals, &consts);
            e.fused_test = false;
            e.emit(I::Br(1));
        });
        self.emit(I::End);
        let slow = self.conditional(|e| {
            e.slow_path(callee, &vals, prim, tail, site);
            if test {
                e.emit(I::I32Const(value::FALSE as i32));
                e.emit(I::I32Ne);
            }
        });
        self.emit(I::End);
        self.join(&[fast, slow]);
        self.temp_top = mark;
    }

    /// Pushes the procedure an inline primitive's call applies.
    fn load_callee(&mut self, callee: Callee) {
        match callee {
            Callee::Cell(cell) => {
                self.emit(I::I32Const(cell as i32));
                self.emit(I::I32Load(mem(cell::VALUE)));
            }
            Callee::Snapshot(slot) => self.load_slot(slot),
        }
    }

    fn operand(&mut self, o: &Operand) {
        match o {
            Operand::Simple(e) => self.expr(e),
            Operand::Temp(slot) => self.load_slot(*slot),
        }
    }

    /// Calls the callee with the operand values. Inside the outer block. Slow paths are rare
    /// (other number types, a reassigned built-in), so a non-tail one is a compact call of the
    /// module's `Apply` helper, which stages the callee and operands as a frame and calls
    /// `kiln_rt_apply` (which counts the depth and finishes tail calls itself). In tail position,
    /// the primitive `prim` itself is called the same way and its value returned — it calls no
    /// procedure, so nothing grows, and an error it raises still finds this frame, as in the
    /// interpreter — and anything else is a real tail call, so that a loop through a replaced
    /// built-in runs in constant space.
    fn slow_path(&mut self, callee: Callee, vals: &[u32], prim: u32, tail: bool, site: u32) {
        let fslot = self.temp_top;
        if tail {
            self.load_callee(callee);
            self.emit(I::I32Const(prim as i32));
            self.emit(I::I32Eq);
            self.emit(I::If(BlockType::Empty));
            self.conditional(|e| {
                e.apply_out_of_line(callee, vals, site);
                e.emit(I::Return);
            });
            self.emit(I::End);
            self.load_callee(callee);
            self.push_temp();
            for &v in vals {
                self.emit(I::LocalGet(v));
                self.push_temp();
            }
            self.call_staged(fslot, vals.len() as u32, true, None, site);
        } else {
            self.apply_out_of_line(callee, vals, site);
        }
        self.temp_top = fslot;
    }

    /// Calls the callee with the operands through the runtime, staged at the first free
    /// temporary slot (by the `Apply` helper, which takes the callee and the first three
    /// operands); leaves its value (unwinds return 0 from the function).
    fn apply_out_of_line(&mut self, callee: Callee, vals: &[u32], site: u32) {
        let n = vals.len() as u32;
        let fslot = self.temp_top;
        // The helper writes slots fslot..=fslot+3, and the operands past the third go above:
        // the frame's stack check must cover them.
        self.max_slot = self.max_slot.max(fslot + 1 + n.max(APPLY_VALUES));
        self.spill_dirty();
        for (i, &v) in vals.iter().enumerate().skip(APPLY_VALUES as usize) {
            self.emit(I::LocalGet(ARGV));
            self.emit(I::LocalGet(v));
            self.emit(I::I32Store(mem(4 * (fslot + 1 + i as u32))));
        }
        self.slot_address(fslot);
        self.emit(I::I32Const(n as i32));
        self.emit(I::LocalGet(PROC));
        self.emit(I::I32Const(site as i32));
        self.load_callee(callee);
        for i in 0..APPLY_VALUES as usize {
            match vals.get(i) {
                Some(&v) => self.emit(I::LocalGet(v)),
                None => self.emit(I::I32Const(value::VOID as i32)),
            }
        }
        self.call_helper(Helper::Apply);
        self.unwound();
    }

    /// Branches to the slow path (block depth `depth`) unless `v` is a fixnum.
    pub(crate) fn need_fixnum(&mut self, v: u32, depth: u32) {
        self.emit(I::LocalGet(v));
        self.emit(I::I32Const(1));
        self.emit(I::I32And);
        self.emit(I::I32Eqz);
        self.emit(I::BrIf(depth));
    }

    /// Branches to the slow path unless `v` is an object of type `t`.
    pub(crate) fn need_tag(&mut self, v: u32, t: u32, depth: u32) {
        self.has_tag(v, t);
        self.emit(I::I32Eqz);
        self.emit(I::BrIf(depth));
    }

    /// Branches to the slow path unless `a` and `b` are both flonums.
    fn need_flonums(&mut self, a: u32, b: u32, depth: u32) {
        self.both_have_tag(a, b, tag::FLONUM);
        self.emit(I::I32Eqz);
        self.emit(I::BrIf(depth));
    }

    /// `cond ? #t : #f` for the i32 condition on the stack.
    pub(crate) fn bool_of_condition(&mut self) {
        if self.fused_test {
            // An `if` tests the condition itself.
            return;
        }
        let c = self.scratch(Scratch::Bool);
        self.emit(I::LocalSet(c));
        self.emit(I::I32Const(value::TRUE as i32));
        self.emit(I::I32Const(value::FALSE as i32));
        self.emit(I::LocalGet(c));
        self.emit(I::Select);
    }

    /// The fast path; inside `block $slow` (depth 0) inside `block $done` (depth 1). Leaves the
    /// result on the stack (the caller emits `br $done`).
    fn fast_path(&mut self, op: PrimOp, v: &[u32], consts: &[Option<i32>]) {
        use PrimOp::*;
        match op {
            Add | Sub if self.constant_arith(op, v, consts) => {}
            Add | Sub | Mul => self.arith(op, v[0], v[1]),
            NumEq | Lt | Gt | Le | Ge => self.compare(op, v[0], v[1], consts),
            Eq => {
                self.emit(I::LocalGet(v[0]));
                self.emit(I::LocalGet(v[1]));
                self.emit(I::I32Eq);
                self.bool_of_condition();
            }
            Eqv => self.eqv(v[0], v[1]),
            Not => self.equals_const(v[0], value::FALSE),
            NullP => self.equals_const(v[0], value::NIL),
            PairP => {
                self.has_tag(v[0], tag::PAIR);
                self.bool_of_condition();
            }
            ZeroP => {
                self.need_fixnum(v[0], 0);
                self.equals_const(v[0], 1);
            }
            Car | Cdr => {
                self.need_tag(v[0], tag::PAIR, 0);
                self.emit(I::LocalGet(v[0]));
                self.emit(I::I32Load(mem(if op == Car {
                    pair::CAR
                } else {
                    pair::CDR
                })));
            }
            SetCar | SetCdr => {
                self.need_tag(v[0], tag::PAIR, 0);
                self.emit(I::LocalGet(v[0]));
                self.emit(I::LocalGet(v[1]));
                self.emit(I::I32Store(mem(if op == SetCar {
                    pair::CAR
                } else {
                    pair::CDR
                })));
                self.emit(I::I32Const(value::VOID as i32));
            }
            Cxr { path } => self.cxr(path, v[0]),
            Cons => self.cons(v[0], v[1]),
            List => self.list(v),
            Vector => self.vector_of(v),
            MakeVector { len } => self.make_vector(len, v.get(1).copied()),
            VectorLength => {
                self.need_tag(v[0], tag::VECTOR, 0);
                self.emit(I::LocalGet(v[0]));
                self.emit(I::I32Load(mem(vector::LENGTH)));
                self.emit(I::I32Const(1));
                self.emit(I::I32Shl);
                self.emit(I::I32Const(1));
                self.emit(I::I32Or);
            }
            VectorRef | VectorSet => self.vector_access(op, v),
            StringLength
            | StringRef
            | VectorFill
            | ExactToInexact
            | Memq
            | Assq
            | Memv
            | Assv
            | Length
            | ValuesRef { .. } => self.data_fast_path(op, v),
            _ => self.more_fast_path(op, v),
        }
    }

    fn equals_const(&mut self, v: u32, c: u32) {
        self.emit(I::LocalGet(v));
        self.emit(I::I32Const(c as i32));
        self.emit(I::I32Eq);
        self.bool_of_condition();
    }

    /// `eqv?`: identical words are eqv; two different ones are only if both are boxed numbers
    /// (flonums, bignums, ratnums), which the slow path compares. Anything else — symbols,
    /// pairs, strings, immediates — is `eq?`, so `case` over symbols stays inline.
    fn eqv(&mut self, a: u32, b: u32) {
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(b));
        self.emit(I::I32Eq);
        self.emit(I::If(BlockType::Empty));
        self.emit(I::I32Const(value::TRUE as i32));
        self.emit(I::Br(2));
        self.emit(I::End);
        self.both_boxed_numbers(a, b);
        self.emit(I::BrIf(0));
        self.emit(I::I32Const(value::FALSE as i32));
    }

    /// `c[ad]+r`: each step needs a pair (else the slow path: the primitive's error names the
    /// whole composition and its argument, as interpreted).
    fn cxr(&mut self, path: u8, x: u32) {
        let step = self.scratch(Scratch::Aux);
        let (mut v, mut rest) = (x, path);
        while rest > 1 {
            self.need_tag(v, tag::PAIR, 0);
            self.emit(I::LocalGet(v));
            self.emit(I::I32Load(mem(if rest & 1 == 1 {
                pair::CAR
            } else {
                pair::CDR
            })));
            rest >>= 1;
            if rest > 1 {
                self.emit(I::LocalSet(step));
                v = step;
            }
        }
    }

    /// Fixnum `+ - *` with overflow to the slow path; flonum `+ - *` inline.
    fn arith(&mut self, op: PrimOp, a: u32, b: u32) {
        // Both fixnums?
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(b));
        self.emit(I::I32And);
        self.emit(I::I32Const(1));
        self.emit(I::I32And);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        let r = self.scratch(Scratch::Wide);
        let wide = |e: &mut Self, v: u32| {
            e.emit(I::LocalGet(v));
            e.emit(I::I64ExtendI32S);
        };
        match op {
            PrimOp::Add => {
                wide(self, a);
                wide(self, b);
                self.emit(I::I64Add);
                self.emit(I::I64Const(1));
                self.emit(I::I64Sub);
            }
            PrimOp::Sub => {
                wide(self, a);
                wide(self, b);
                self.emit(I::I64Sub);
                self.emit(I::I64Const(1));
                self.emit(I::I64Add);
            }
            _ => {
                // (a-1)/2 * (b-1) + 1 = n_a * 2 n_b + 1
                wide(self, a);
                self.emit(I::I64Const(1));
                self.emit(I::I64ShrS);
                wide(self, b);
                self.emit(I::I64Const(1));
                self.emit(I::I64Sub);
                self.emit(I::I64Mul);
                self.emit(I::I64Const(1));
                self.emit(I::I64Add);
            }
        }
        self.emit(I::LocalSet(r));
        // Overflow unless the result survives a round trip through i32.
        self.emit(I::LocalGet(r));
        self.emit(I::LocalGet(r));
        self.emit(I::I32WrapI64);
        self.emit(I::I64ExtendI32S);
        self.emit(I::I64Ne);
        self.emit(I::BrIf(1));
        self.emit(I::LocalGet(r));
        self.emit(I::I32WrapI64);
        self.emit(I::Else);
        let flonum = self.conditional(|e| e.flonum_arith(op, a, b));
        self.emit(I::End);
        let fixnum = self.conditional(|_| {});
        self.join(&[fixnum, flonum]);
    }

    /// Both flonums: compute in f64 and box the result; else the slow path. Inside an `if` in
    /// `block $slow`, so `$slow` is at depth 1.
    fn flonum_arith(&mut self, op: PrimOp, a: u32, b: u32) {
        self.need_flonums(a, b, 1);
        // The operands stay alive across the allocation (operands are rooted: see `alloc`).
        self.flonum(|e| {
            e.emit(I::LocalGet(a));
            e.emit(I::F64Load(mem64(flonum::VALUE)));
            e.emit(I::LocalGet(b));
            e.emit(I::F64Load(mem64(flonum::VALUE)));
            e.emit(match op {
                PrimOp::Add => I::F64Add,
                PrimOp::Sub => I::F64Sub,
                _ => I::F64Mul,
            });
        });
    }

    /// `(+ x k)`, `(+ k x)`, `(- x k)` with `k` a fixnum constant: `x + delta` in i32 (the
    /// tagged words: `2n+1 + 2k = 2(n+k)+1`), overflow when the sum wraps (the sign of `delta`
    /// says which way); `x` not a fixnum takes the slow path (a flonum and a fixnum are no
    /// inline case). Returns false, emitting nothing, for any other shape.
    fn constant_arith(&mut self, op: PrimOp, v: &[u32], consts: &[Option<i32>]) -> bool {
        let (Some(&c0), Some(&c1)) = (consts.first(), consts.get(1)) else {
            return false;
        };
        let (var, k) = match (op, c0, c1) {
            (_, None, Some(k)) => (v[0], k),
            (PrimOp::Add, Some(k), None) => (v[1], k),
            _ => return false,
        };
        // The tagged constant's 2k, added or subtracted.
        let twice = i64::from(k) - 1;
        let delta = if op == PrimOp::Add { twice } else { -twice };
        let Ok(delta) = i32::try_from(delta) else {
            return false;
        };
        self.need_fixnum(var, 0);
        self.emit(I::LocalGet(var));
        if delta == 0 {
            return true;
        }
        let r = self.scratch(Scratch::Aux);
        self.emit(I::I32Const(delta));
        self.emit(I::I32Add);
        self.emit(I::LocalTee(r));
        self.emit(I::LocalGet(var));
        // A positive delta that wrapped leaves a smaller word, a negative one a larger.
        self.emit(if delta > 0 { I::I32LtS } else { I::I32GtS });
        self.emit(I::BrIf(0));
        self.emit(I::LocalGet(r));
        true
    }

    /// Fixnum or flonum comparison (tagged fixnums compare like their integers). With a fixnum
    /// constant operand only the other one is tested, and only for a fixnum (a flonum compared
    /// with a fixnum is no inline case).
    fn compare(&mut self, op: PrimOp, a: u32, b: u32, consts: &[Option<i32>]) {
        let cmp = match op {
            PrimOp::NumEq => I::I32Eq,
            PrimOp::Lt => I::I32LtS,
            PrimOp::Gt => I::I32GtS,
            PrimOp::Le => I::I32LeS,
            _ => I::I32GeS,
        };
        let (c0, c1) = (consts.first().copied(), consts.get(1).copied());
        if let Some(var) = match (c0.flatten(), c1.flatten()) {
            (None, Some(_)) => Some(a),
            (Some(_), None) => Some(b),
            _ => None,
        } {
            self.need_fixnum(var, 0);
            self.emit(I::LocalGet(a));
            self.emit(I::LocalGet(b));
            self.emit(cmp);
            self.bool_of_condition();
            return;
        }
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(b));
        self.emit(I::I32And);
        self.emit(I::I32Const(1));
        self.emit(I::I32And);
        self.emit(I::If(BlockType::Result(ValType::I32)));
        self.emit(I::LocalGet(a));
        self.emit(I::LocalGet(b));
        self.emit(match op {
            PrimOp::NumEq => I::I32Eq,
            PrimOp::Lt => I::I32LtS,
            PrimOp::Gt => I::I32GtS,
            PrimOp::Le => I::I32LeS,
            _ => I::I32GeS,
        });
        self.emit(I::Else);
        self.need_flonums(a, b, 1);
        self.emit(I::LocalGet(a));
        self.emit(I::F64Load(mem64(flonum::VALUE)));
        self.emit(I::LocalGet(b));
        self.emit(I::F64Load(mem64(flonum::VALUE)));
        self.emit(match op {
            PrimOp::NumEq => I::F64Eq,
            PrimOp::Lt => I::F64Lt,
            PrimOp::Gt => I::F64Gt,
            PrimOp::Le => I::F64Le,
            _ => I::F64Ge,
        });
        self.emit(I::End);
        self.bool_of_condition();
    }

    /// `vector-ref` / `vector-set!` with type and bounds checks inline.
    fn vector_access(&mut self, op: PrimOp, v: &[u32]) {
        self.need_tag(v[0], tag::VECTOR, 0);
        self.need_fixnum(v[1], 0);
        let k = self.scratch(Scratch::Index);
        self.emit(I::LocalGet(v[1]));
        self.emit(I::I32Const(1));
        self.emit(I::I32ShrS);
        self.emit(I::LocalTee(k));
        self.emit(I::LocalGet(v[0]));
        self.emit(I::I32Load(mem(vector::LENGTH)));
        self.emit(I::I32GeU);
        self.emit(I::BrIf(0));
        // address = vector + 4k
        self.emit(I::LocalGet(v[0]));
        self.emit(I::LocalGet(k));
        self.emit(I::I32Const(2));
        self.emit(I::I32Shl);
        self.emit(I::I32Add);
        if op == PrimOp::VectorRef {
            self.emit(I::I32Load(mem(vector::ELEMENTS)));
        } else {
            self.emit(I::LocalGet(v[2]));
            self.emit(I::I32Store(mem(vector::ELEMENTS)));
            self.emit(I::I32Const(value::VOID as i32));
        }
    }
}
