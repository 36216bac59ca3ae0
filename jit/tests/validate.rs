//! Every module the code generator produces must validate: here for a batch exercising every
//! expression form and every inline primitive.

use kiln_jit::ir::{Batch, Call, Expr, Function, PrimOp, VmAddrs};

fn fixnum(n: i32) -> u32 {
    ((n as u32) << 1) | 1
}

fn prim(op: PrimOp, args: Vec<Expr>) -> Expr {
    Expr::Prim {
        op,
        cell: 0x1000,
        prim: 0x2000,
        args,
        tail: false,
        site: 7,
    }
}

/// `(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))` as the runtime lowers it.
fn fib() -> Function {
    let call = |k| {
        Expr::Call(Box::new(Call {
            func: Expr::Global(0x3000, 3),
            args: vec![prim(
                PrimOp::Sub,
                vec![Expr::Local(0), Expr::Const(fixnum(k))],
            )],
            tail: false,
            known: Some((0x4000, 0)),
            closure: Some(0x5000),
            site: 1,
        }))
    };
    Function {
        code_slot: 0x4010,
        lambda: 0x4000,
        nreq: 1,
        rest: false,
        frame: 1,
        boxed_params: vec![],
        body: Expr::If(
            Box::new(prim(
                PrimOp::Lt,
                vec![Expr::Local(0), Expr::Const(fixnum(2))],
            )),
            Box::new(Expr::Local(0)),
            Box::new(prim(PrimOp::Add, vec![call(1), call(2)])),
        ),
        name: "fib".into(),
        tier: kiln_jit::ir::Tier::Optimizing,
    }
}

/// Every other form, in one body.
fn kitchen_sink() -> Function {
    use PrimOp::*;
    let ops = [
        Add, Sub, Mul, NumEq, Lt, Gt, Le, Ge, Eq, Eqv, Cons, SetCar, SetCdr, VectorRef,
    ];
    let mut body: Vec<Expr> = ops
        .iter()
        .map(|&op| prim(op, vec![Expr::Local(0), Expr::Local(1)]))
        .collect();
    for op in [StringRef, VectorFill, Memq, Assq] {
        body.push(prim(op, vec![Expr::Local(0), Expr::Local(1)]));
    }
    for op in [StringLength, ExactToInexact, Length] {
        body.push(prim(op, vec![Expr::Local(0)]));
    }
    for op in [Not, NullP, PairP, ZeroP, Car, Cdr, VectorLength] {
        body.push(prim(op, vec![Expr::Free(0)]));
    }
    body.push(prim(
        VectorSet,
        vec![Expr::Local(0), Expr::Const(1), Expr::Local(1)],
    ));
    body.push(Expr::Let {
        first: 3,
        inits: vec![Expr::Const(1), Expr::Global(0x3000, 3)],
        boxed: vec![true, false],
        body: Box::new(Expr::Seq(vec![
            Expr::SetLocalBoxed(3, Box::new(Expr::LocalBoxed(3))),
            Expr::SetLocal(4, Box::new(Expr::FreeBoxed(1))),
            Expr::SetFreeBoxed(1, Box::new(Expr::Const(1))),
            Expr::SetGlobal(0x3000, Box::new(Expr::Const(1))),
            Expr::DefineGlobal(0x3000, Box::new(Expr::Const(1))),
        ])),
    });
    body.push(Expr::Letrec {
        first: 3,
        inits: vec![closure(2)],
        boxed: vec![true],
        body: Box::new(Expr::Const(1)),
    });
    body.push(Expr::Fix {
        first: 3,
        closures: vec![closure(1), closure(70)],
        patches: vec![(0, 0, 0)],
        body: Box::new(Expr::Const(1)),
    });
    body.push(nested_loops());
    // Inline allocation: lists and vectors of every inline length, short and long constant
    // `make-vector`s with and without a fill.
    for n in 1..=kiln_jit::ir::MAX_ALLOC_ARGS {
        let items: Vec<Expr> = (0..n)
            .map(|i| {
                if i % 2 == 0 {
                    Expr::Local(0)
                } else {
                    Expr::Free(0)
                }
            })
            .collect();
        body.push(prim(List, items.clone()));
        body.push(prim(Vector, items));
    }
    for len in [0, 3, kiln_jit::ir::MAX_INLINE_VECTOR] {
        let op = MakeVector { len };
        body.push(prim(op, vec![Expr::Const(fixnum(len as i32))]));
        body.push(prim(
            op,
            vec![Expr::Const(fixnum(len as i32)), Expr::Local(1)],
        ));
    }
    body.push(Expr::Call(Box::new(Call {
        func: Expr::Local(0),
        args: vec![Expr::Local(1)],
        tail: true,
        known: None,
        closure: None,
        site: 0,
    })));
    Function {
        code_slot: 0x4110,
        lambda: 0x4100,
        nreq: 2,
        rest: true,
        frame: 9,
        boxed_params: vec![1],
        body: Expr::Seq(body),
        name: "sink".into(),
        tier: kiln_jit::ir::Tier::Baseline,
    }
}

/// A closure capturing `n` values (more than fit inline: made by the runtime).
fn closure(n: u32) -> Expr {
    Expr::Closure {
        node: 0x5000,
        lambda: 0x5100,
        code_slot: 0x5110,
        captures: (0..n)
            .map(|i| {
                if i % 2 == 0 {
                    Expr::Local(0)
                } else {
                    Expr::Free(i)
                }
            })
            .collect(),
    }
}

/// Two contified loops, the inner one continuing itself and the outer one, with a call between
/// (a staged argument) — in frame slots 5..8.
fn nested_loops() -> Expr {
    let call = Expr::Call(Box::new(Call {
        func: Expr::Global(0x3000, 3),
        args: vec![Expr::Local(7)],
        tail: false,
        known: None,
        closure: None,
        site: 2,
    }));
    let inner = Expr::Loop {
        id: 1,
        first: 7,
        inits: vec![Expr::Const(fixnum(0)), Expr::Local(5)],
        body: Box::new(Expr::If(
            Box::new(prim(PrimOp::Lt, vec![Expr::Local(7), Expr::Local(6)])),
            Box::new(Expr::Continue {
                id: 1,
                args: vec![call, Expr::Local(8)],
            }),
            Box::new(Expr::Continue {
                id: 0,
                args: vec![Expr::Local(8), Expr::Local(7)],
            }),
        )),
    };
    Expr::Loop {
        id: 0,
        first: 5,
        inits: vec![Expr::Const(fixnum(0)), Expr::Const(fixnum(3))],
        body: Box::new(Expr::If(
            Box::new(Expr::Local(5)),
            Box::new(Expr::Local(6)),
            Box::new(inner),
        )),
    }
}

/// The same forms through the optimizing tier (variables in locals, loops).
fn optimizing_sink() -> Function {
    Function {
        code_slot: 0x4210,
        lambda: 0x4200,
        name: "sink2".into(),
        tier: kiln_jit::ir::Tier::Optimizing,
        ..kitchen_sink()
    }
}

/// The module of `functions` with fixed runtime addresses, validated.
fn assembled(functions: Vec<Function>) -> Vec<u8> {
    let batch = Batch {
        functions,
        vm: VmAddrs {
            sp: 0x100,
            stack_limit: 0x10_0000,
            depth: 0x104,
            depth_limit: 0x108,
            region: 0x110,
            generic_entry: 7,
        },
    };
    let bytes = kiln_jit::assemble(&batch);
    let mut v = wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all());
    v.validate_all(&bytes)
        .unwrap_or_else(|e| panic!("invalid aux module: {e}"));
    bytes
}

/// How many instructions of the code section of `bytes` satisfy `is`.
fn count_ops(bytes: &[u8], is: impl Fn(&wasmparser::Operator) -> bool) -> usize {
    let mut n = 0;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload.unwrap() {
            let mut ops = body.get_operators_reader().unwrap();
            while !ops.eof() {
                n += usize::from(is(&ops.read().unwrap()));
            }
        }
    }
    n
}

#[test]
fn generated_modules_validate() {
    let bytes = assembled(vec![fib(), kitchen_sink(), optimizing_sink()]);
    // The relocation section lists every function.
    let relocs = wasmparser::Parser::new(0)
        .parse_all(&bytes)
        .filter_map(|p| match p {
            Ok(wasmparser::Payload::CustomSection(s)) if s.name() == kiln_jit::relocs::SECTION => {
                Some(s.data().to_vec())
            }
            _ => None,
        })
        .next()
        .expect("relocation section");
    let relocs = kiln_jit::relocs::decode(&relocs).expect("well-formed relocations");
    assert_eq!(
        relocs.iter().map(|r| (r.slot, r.func)).collect::<Vec<_>>(),
        vec![(0x4010, 0), (0x4110, 1), (0x4210, 2)]
    );
}

/// `(if (or (= x 1) (= x 2)) 10 20)` as the runtime lowers `or`: `(let ((t (= x 1))) (if t t
/// (= x 2)))`, slot 1 the `or`'s variable.
fn or_in_test(tier: kiln_jit::ir::Tier) -> Function {
    let eq = |k| prim(PrimOp::NumEq, vec![Expr::Local(0), Expr::Const(fixnum(k))]);
    let or = Expr::Let {
        first: 1,
        inits: vec![eq(1)],
        boxed: vec![false],
        body: Box::new(Expr::If(
            Box::new(Expr::Local(1)),
            Box::new(Expr::Local(1)),
            Box::new(eq(2)),
        )),
    };
    Function {
        code_slot: 0x4310,
        lambda: 0x4300,
        nreq: 1,
        rest: false,
        frame: 2,
        boxed_params: vec![],
        body: Expr::If(
            Box::new(or),
            Box::new(Expr::Const(fixnum(10))),
            Box::new(Expr::Const(fixnum(20))),
        ),
        name: "or-test".into(),
        tier,
    }
}

#[test]
fn an_or_in_test_position_makes_no_boolean() {
    // Each `=` is a fused test: no `select` makes `#t`/`#f` of its condition, in either tier.
    for tier in [kiln_jit::ir::Tier::Baseline, kiln_jit::ir::Tier::Optimizing] {
        let bytes = assembled(vec![or_in_test(tier)]);
        let selects = count_ops(&bytes, |op| matches!(op, wasmparser::Operator::Select));
        assert_eq!(selects, 0, "{tier:?}: {selects} booleans made");
    }
}

/// The `i32.store`s in the code of a one-function module of `body` (`x` slot 0, `y` slot 1).
fn stores(body: Expr, tier: kiln_jit::ir::Tier) -> usize {
    let function = Function {
        code_slot: 0x4410,
        lambda: 0x4400,
        nreq: 2,
        rest: false,
        frame: 2,
        boxed_params: vec![],
        body,
        name: "operands".into(),
        tier,
    };
    let bytes = assembled(vec![function]);
    count_ops(&bytes, |op| {
        matches!(op, wasmparser::Operator::I32Store { .. })
    })
}

#[test]
fn a_variable_operand_before_an_inline_primitive_is_read_last() {
    // `(= x (+ y 1))` and `(= (+ y 1) x)`: no later operand assigns `x`, so it is read after
    // `(+ y 1)` in both, not kept in a temporary slot (a store and a load) in the first.
    let add = || prim(PrimOp::Add, vec![Expr::Local(1), Expr::Const(fixnum(1))]);
    for tier in [kiln_jit::ir::Tier::Baseline, kiln_jit::ir::Tier::Optimizing] {
        let before = stores(prim(PrimOp::NumEq, vec![Expr::Local(0), add()]), tier);
        let after = stores(prim(PrimOp::NumEq, vec![add(), Expr::Local(0)]), tier);
        assert_eq!(before, after, "{tier:?}");
        // With `(set! x …)` in the later operand, `x` is read first (kept in a temporary).
        let assigned = prim(
            PrimOp::NumEq,
            vec![
                Expr::Local(0),
                Expr::Seq(vec![Expr::SetLocal(0, Box::new(add())), Expr::Local(0)]),
            ],
        );
        let seq = prim(
            PrimOp::NumEq,
            vec![
                Expr::Seq(vec![Expr::SetLocal(1, Box::new(add())), Expr::Local(0)]),
                Expr::Local(0),
            ],
        );
        assert!(stores(assigned, tier) > stores(seq, tier), "{tier:?}");
    }
}
