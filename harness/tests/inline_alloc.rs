//! Compiled code's inline allocation (ARCHITECTURE.md, "Inline allocation"), executed: single
//! functions from `kiln_jit` run on wasmtime against a fake guest — a memory holding a frame, the
//! allocation region and a few objects, and a stub runtime whose `kiln_rt_alloc` records every
//! refill. With room in the region an allocation is a bump with no runtime call; with the region
//! closed (as under `--gc-stress`) every allocation is a refill, and at each refill the frame below
//! `sp` must hold every object allocated so far that the result still needs (the root contract:
//! the collector sees only the frame, not Wasm locals).

use kiln_jit::ir::{Batch, Expr, Function, PrimOp, Tier, VmAddrs};
use kiln_jit::layout::{boxed, closure, flonum, header, pair, tag, value, vector};
use wasmtime::{
    Config, Engine, Func, FuncType, Linker, Memory, MemoryType, Module, Ref, RefType, Store, Table,
    TableType, Val, ValType,
};

const SP: u32 = 0x100;
const DEPTH: u32 = 0x104;
const DEPTH_LIMIT: u32 = 0x108;
const STACK_LIMIT: u32 = 0x10C;
const REGION: u32 = 0x110;
const GENERIC: u32 = 7;
/// The global every inline primitive's guard reads, holding `PRIM`.
const CELL: u32 = 0x200;
const PRIM: u32 = 0x300;
/// The compiled lambda and its code field; the closure being called (`proc`).
const LAMBDA: u32 = 0x400;
const PROC: u32 = 0x500;
/// Two flonum operands.
const FLO_A: u32 = 0x600;
const FLO_B: u32 = 0x610;
/// Another lambda, whose closures the code makes.
const OTHER: u32 = 0x700;
const FSLOT: u32 = 0x1000;
const ARGV: u32 = FSLOT + 4;
/// The allocation region when open, and where the stub refill allocates.
const HEAP: u32 = 0x4000;
const REFILL_HEAP: u32 = 0x8000;

fn fixnum(n: i32) -> u32 {
    ((n as u32) << 1) | 1
}

/// One call of `kiln_rt_alloc`.
#[derive(Debug, Clone)]
struct Refill {
    tag: u32,
    size: u32,
    /// The frame slots below `sp` at the call (from `argv`).
    live: Vec<u32>,
    /// What it returned.
    object: u32,
}

struct Host {
    memory: Option<Memory>,
    refills: Vec<Refill>,
    next: u32,
}

/// What one call produced.
struct Outcome {
    result: u32,
    refills: Vec<Refill>,
    mem: Vec<u8>,
}

impl Outcome {
    fn word(&self, addr: u32) -> u32 {
        let a = addr as usize;
        u32::from_le_bytes(self.mem[a..a + 4].try_into().unwrap())
    }

    fn f64(&self, addr: u32) -> f64 {
        let a = addr as usize;
        f64::from_le_bytes(self.mem[a..a + 8].try_into().unwrap())
    }

    fn tag_of(&self, obj: u32) -> u32 {
        self.word(obj + header::OFFSET) & header::TAG_MASK
    }

    /// At the `k`th refill, `obj` was in a frame slot below `sp`.
    fn rooted_at(&self, k: usize, obj: u32) -> bool {
        self.refills[k].live.contains(&obj)
    }
}

fn prim(op: PrimOp, args: Vec<Expr>) -> Expr {
    Expr::Prim {
        op,
        cell: CELL,
        prim: PRIM,
        args,
        tail: false,
        site: 0,
    }
}

fn function(nreq: u32, frame: u32, body: Expr, tier: Tier) -> Function {
    Function {
        code_slot: LAMBDA + 0x10,
        lambda: LAMBDA,
        nreq,
        rest: false,
        frame,
        boxed_params: vec![],
        body,
        name: "f".into(),
        tier,
    }
}

/// A runtime function's parameter or result type (named by `kiln_jit` in `wasm-encoder`'s terms,
/// which this crate does not depend on: by name).
fn wasm_type(t: &impl std::fmt::Debug) -> ValType {
    match format!("{t:?}").as_str() {
        "I32" => ValType::I32,
        "I64" => ValType::I64,
        "F64" => ValType::F64,
        other => panic!("no runtime function takes {other}"),
    }
}

/// Compiles `f`, calls it with `args` (the region open or closed) and returns what happened.
fn run(f: Function, args: &[u32], open: bool) -> Outcome {
    run_with(f, args, open, |_| {})
}

fn run_with(f: Function, args: &[u32], open: bool, setup: impl FnOnce(&mut [u8])) -> Outcome {
    let batch = Batch {
        functions: vec![f],
        vm: VmAddrs {
            sp: SP,
            stack_limit: STACK_LIMIT,
            depth: DEPTH,
            depth_limit: DEPTH_LIMIT,
            region: REGION,
            generic_entry: GENERIC,
        },
    };
    let bytes = kiln_jit::assemble(&batch);
    let mut config = Config::new();
    config.wasm_tail_call(true);
    let engine = Engine::new(&config).unwrap();
    let module = Module::new(&engine, &bytes).expect("the aux module compiles");
    let mut store = Store::new(
        &engine,
        Host {
            memory: None,
            refills: Vec::new(),
            next: REFILL_HEAP,
        },
    );
    let memory = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    store.data_mut().memory = Some(memory);
    let table = Table::new(
        &mut store,
        TableType::new(RefType::FUNCREF, 0, None),
        Ref::Func(None),
    )
    .unwrap();
    {
        let m = memory.data_mut(&mut store);
        let put = |m: &mut [u8], a: u32, v: u32| {
            m[a as usize..a as usize + 4].copy_from_slice(&v.to_le_bytes())
        };
        put(m, SP, ARGV + 4 * args.len() as u32);
        put(m, DEPTH_LIMIT, 1000);
        put(m, STACK_LIMIT, 0x3000);
        put(m, REGION, HEAP);
        put(m, REGION + 4, if open { REFILL_HEAP } else { HEAP });
        put(m, CELL + 4, PRIM);
        put(m, PROC, tag::CLOSURE);
        put(m, PROC + closure::LAMBDA, LAMBDA);
        put(m, PROC + closure::free(0), fixnum(42));
        for (a, x) in [(FLO_A, 1.5f64), (FLO_B, 0.25)] {
            put(m, a, tag::FLONUM);
            m[(a + flonum::VALUE) as usize..][..8].copy_from_slice(&x.to_le_bytes());
        }
        put(m, FSLOT, PROC);
        for (i, &a) in args.iter().enumerate() {
            put(m, ARGV + 4 * i as u32, a);
        }
        setup(m);
    }
    let mut linker = Linker::new(&engine);
    linker.define(&store, "env", "memory", memory).unwrap();
    linker
        .define(&store, "env", "__indirect_function_table", table)
        .unwrap();
    for rt in kiln_jit::runtime::RUNTIME {
        let ty = FuncType::new(
            &engine,
            rt.params.iter().map(wasm_type),
            rt.results.iter().map(wasm_type),
        );
        let func = if rt.name == "kiln_rt_alloc" {
            Func::new(&mut store, ty, |mut caller, params, results| {
                let (t, size) = (params[0].unwrap_i32() as u32, params[1].unwrap_i32() as u32);
                let memory = caller.data().memory.unwrap();
                let m = memory.data_mut(&mut caller);
                let word = |m: &[u8], a: u32| {
                    u32::from_le_bytes(m[a as usize..a as usize + 4].try_into().unwrap())
                };
                let sp = word(m, SP);
                let live = (ARGV..sp).step_by(4).map(|a| word(m, a)).collect();
                let object = caller.data().next;
                let m = memory.data_mut(&mut caller);
                m[object as usize..object as usize + 4].copy_from_slice(&t.to_le_bytes());
                caller.data_mut().next += size;
                caller.data_mut().refills.push(Refill {
                    tag: t,
                    size,
                    live,
                    object,
                });
                results[0] = Val::I32(object as i32);
                Ok(())
            })
        } else {
            let name = rt.name;
            Func::new(&mut store, ty, move |_, _, _| {
                Err(wasmtime::Error::msg(format!("unexpected call of {name}")))
            })
        };
        linker.define(&store, "env", rt.name, func).unwrap();
    }
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let patch = instance
        .get_typed_func::<(), i32>(&mut store, kiln_jit::PATCH_EXPORT)
        .unwrap();
    let index = patch.call(&mut store, ()).unwrap();
    let code = table.get(&mut store, index as u64).unwrap();
    let code = code.as_func().unwrap().unwrap();
    let code = code.typed::<(i32, i32, i32), i32>(&store).unwrap();
    let result = code
        .call(&mut store, (PROC as i32, args.len() as i32, ARGV as i32))
        .unwrap() as u32;
    Outcome {
        result,
        refills: store.data().refills.clone(),
        mem: memory.data(&store).to_vec(),
    }
}

const TIERS: [Tier; 2] = [Tier::Baseline, Tier::Optimizing];

#[test]
fn cons_bumps_the_region_and_calls_no_runtime() {
    for tier in TIERS {
        let body = prim(PrimOp::Cons, vec![Expr::Local(0), Expr::Local(1)]);
        let o = run(function(2, 2, body, tier), &[fixnum(1), fixnum(2)], true);
        assert!(o.refills.is_empty(), "{tier:?}: {:?}", o.refills);
        assert_eq!(o.result, HEAP, "{tier:?}");
        assert_eq!(o.word(REGION), HEAP + 16, "{tier:?}: the cursor moved on");
        assert_eq!(o.tag_of(o.result), tag::PAIR);
        assert_eq!(o.word(o.result + pair::CAR), fixnum(1));
        assert_eq!(o.word(o.result + pair::CDR), fixnum(2));
    }
}

#[test]
fn a_closed_region_makes_every_allocation_a_refill() {
    for tier in TIERS {
        let body = prim(PrimOp::Cons, vec![Expr::Local(0), Expr::Const(value::NIL)]);
        let o = run(function(1, 1, body, tier), &[fixnum(5)], false);
        assert_eq!(o.refills.len(), 1, "{tier:?}");
        let r = &o.refills[0];
        assert_eq!((r.tag, r.size), (tag::PAIR, 16));
        assert_eq!(o.result, r.object);
        assert_eq!(o.word(o.result + pair::CAR), fixnum(5));
        assert_eq!(o.word(o.result + pair::CDR), value::NIL);
        assert_eq!(o.word(REGION), HEAP, "{tier:?}: the region stays closed");
    }
}

#[test]
fn a_fresh_object_bound_to_a_variable_is_in_the_frame_at_the_next_refill() {
    // (let ((a (cons x y))) (cons a a)) and (let ((a (cons x y))) (set! a a) (lambda () a)):
    // in the optimizing tier `a` lives in a Wasm local; the refill must find it in its slot.
    for tier in TIERS {
        for boxed_a in [false, true] {
            let a = if boxed_a {
                Expr::LocalBoxed(2)
            } else {
                Expr::Local(2)
            };
            let body = Expr::Let {
                first: 2,
                inits: vec![prim(PrimOp::Cons, vec![Expr::Local(0), Expr::Local(1)])],
                boxed: vec![boxed_a],
                body: Box::new(prim(PrimOp::Cons, vec![a.clone(), a])),
            };
            let o = run(function(2, 3, body, tier), &[fixnum(1), fixnum(2)], false);
            let what = format!("{tier:?}, boxed: {boxed_a}");
            let kinds: Vec<u32> = o.refills.iter().map(|r| r.tag).collect();
            let expected = if boxed_a {
                vec![tag::PAIR, tag::BOX, tag::PAIR]
            } else {
                vec![tag::PAIR, tag::PAIR]
            };
            assert_eq!(kinds, expected, "{what}");
            let first = o.refills[0].object;
            for k in 1..o.refills.len() {
                assert!(o.rooted_at(k, first), "{what}: refill {k}: {:?}", o.refills);
            }
            if boxed_a {
                let b = o.refills[1].object;
                assert_eq!(o.word(b + boxed::VALUE), first, "{what}");
                assert!(o.rooted_at(2, b), "{what}: the box is in its slot");
            }
            assert_eq!(o.word(o.result + pair::CAR), first, "{what}");
            assert_eq!(o.word(o.result + pair::CDR), first, "{what}");
        }
    }
}

#[test]
fn list_keeps_its_partial_list_rooted() {
    for tier in TIERS {
        for open in [true, false] {
            let items = vec![Expr::Local(0), Expr::Const(fixnum(9)), Expr::Free(0)];
            let o = run(
                function(1, 1, prim(PrimOp::List, items), tier),
                &[fixnum(3)],
                open,
            );
            let what = format!("{tier:?}, open: {open}");
            assert_eq!(o.refills.len(), if open { 0 } else { 3 }, "{what}");
            for k in 1..o.refills.len() {
                assert!(o.rooted_at(k, o.refills[k - 1].object), "{what}: {k}");
            }
            let mut p = o.result;
            for x in [fixnum(3), fixnum(9), fixnum(42)] {
                assert_eq!(o.tag_of(p), tag::PAIR, "{what}");
                assert_eq!(o.word(p + pair::CAR), x, "{what}");
                p = o.word(p + pair::CDR);
            }
            assert_eq!(p, value::NIL, "{what}");
        }
    }
}

#[test]
fn vectors_of_constant_length() {
    for tier in TIERS {
        for open in [true, false] {
            let what = format!("{tier:?}, open: {open}");
            let items = vec![Expr::Local(0), Expr::Free(0), Expr::Const(value::TRUE)];
            let o = run(
                function(1, 1, prim(PrimOp::Vector, items), tier),
                &[fixnum(3)],
                open,
            );
            assert_eq!(o.tag_of(o.result), tag::VECTOR, "{what}");
            assert_eq!(o.word(o.result + vector::LENGTH), 3, "{what}");
            let elements: Vec<u32> = (0..3)
                .map(|i| o.word(o.result + vector::element(i)))
                .collect();
            assert_eq!(elements, [fixnum(3), fixnum(42), value::TRUE], "{what}");
            // Unrolled and looped fills, and the default fill.
            for (len, fill) in [(2, None), (5, Some(fixnum(3))), (40, Some(fixnum(3)))] {
                let mut args = vec![Expr::Const(fixnum(len as i32))];
                args.extend(fill.map(|_| Expr::Local(0)));
                let body = prim(PrimOp::MakeVector { len }, args);
                let o = run(function(1, 1, body, tier), &[fixnum(3)], open);
                assert_eq!(o.refills.len(), usize::from(!open), "{what}");
                assert_eq!(o.word(o.result + vector::LENGTH), len, "{what}");
                for i in 0..len {
                    let e = o.word(o.result + vector::element(i));
                    assert_eq!(e, fill.unwrap_or(value::VOID), "{what}: {len} [{i}]");
                }
                // Nothing past the last element was written.
                assert_eq!(o.word(o.result + vector::element(len)), 0, "{what}");
            }
        }
    }
}

#[test]
fn closures_take_their_lambdas_code_or_the_generic_entry() {
    for tier in TIERS {
        for compiled in [0u32, 5] {
            for open in [true, false] {
                let body = Expr::Closure {
                    node: 0,
                    lambda: OTHER,
                    code_slot: OTHER + 0x10,
                    captures: vec![Expr::Local(0), Expr::Free(0)],
                };
                let o = run_with(function(1, 1, body, tier), &[fixnum(3)], open, |m| {
                    let a = (OTHER + 0x10) as usize;
                    m[a..a + 4].copy_from_slice(&compiled.to_le_bytes());
                });
                let what = format!("{tier:?}, code {compiled}, open: {open}");
                let c = o.result;
                assert_eq!(o.tag_of(c), tag::CLOSURE, "{what}");
                let code = if compiled == 0 { GENERIC } else { compiled };
                assert_eq!(o.word(c + closure::CODE), code, "{what}");
                assert_eq!(o.word(c + closure::LAMBDA), OTHER, "{what}");
                assert_eq!(o.word(c + closure::free(0)), fixnum(3), "{what}");
                assert_eq!(o.word(c + closure::free(1)), fixnum(42), "{what}");
                assert_eq!(o.refills.len(), usize::from(!open), "{what}");
            }
        }
    }
}

#[test]
fn flonum_results_are_allocated_inline() {
    for tier in TIERS {
        for open in [true, false] {
            let body = prim(PrimOp::Add, vec![Expr::Local(0), Expr::Local(1)]);
            let o = run(function(2, 2, body, tier), &[FLO_A, FLO_B], open);
            let what = format!("{tier:?}, open: {open}");
            assert_eq!(o.tag_of(o.result), tag::FLONUM, "{what}");
            assert_eq!(o.f64(o.result + flonum::VALUE), 1.75, "{what}");
            assert_eq!(o.refills.len(), usize::from(!open), "{what}");
            if !open {
                assert_eq!((o.refills[0].tag, o.refills[0].size), (tag::FLONUM, 16));
            }
        }
    }
}

#[test]
fn boxed_parameters_are_boxed_with_their_value_in_the_frame() {
    for tier in TIERS {
        let mut f = function(2, 2, Expr::LocalBoxed(1), tier);
        f.boxed_params = vec![1];
        let arg = FLO_A;
        let o = run(f, &[fixnum(0), arg], false);
        assert_eq!(o.result, arg, "{tier:?}");
        assert_eq!(o.refills.len(), 1, "{tier:?}");
        assert_eq!(o.refills[0].tag, tag::BOX);
        assert_eq!(o.refills[0].live, vec![fixnum(0), arg], "{tier:?}");
    }
}
