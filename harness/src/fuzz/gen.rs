//! The program generator: random, terminating Scheme programs, the same text for the same seed
//! everywhere. Expressions are generated for an intended type (so most programs run to their
//! end) and aimed at what the JIT touches: closures, named lets, assigned and captured locals,
//! globals and built-ins reassigned after the code using them got hot, the numeric tower's
//! boundaries, escapes, `dynamic-wind`, `guard`, multiple values, deep and long recursion.
//!
//! Termination by construction: every loop counts a counter up to a literal bound or to a size
//! parameter that call sites pass as a literal; recursion decreases it. Loop control uses
//! aliases bound in the prelude (`k+`, `k>=`…), so reassigning `+` or `<` later cannot turn a
//! loop into an endless one; integer accumulators are reduced `kmod` a modulus, so `(set! + *)`
//! cannot make them explode, and other accumulators only grow linearly.

use super::rng::Rng;
use super::sexp::{list, Sexp};

/// The prelude every program starts with: loop-control aliases (immune to later reassignment
/// of the built-ins they copy) and helpers.
const PRELUDE: &str = "\
(define k+ +) (define k- -) (define k* *) (define k< <) (define k<= <=) (define k>= >=)
(define k= =) (define kmod modulo) (define kmin min) (define kcar car) (define kcdr cdr)
(define (nz x) (if (k= x 0) 1 x))
(define (kidx i n) (if (k= n 0) 0 (kmod i n)))
(define (show tag x) (write tag) (display \" \") (write x) (newline))
(define trace 0)
(define kabs abs) (define klen length) (define kslen string-length)
(define (kfix x)
  (if (and (exact? x) (k< (kabs (numerator x)) 4611686018427387904) (k< (denominator x) 1073741824))
      x
      (exact->inexact x)))
(define (kcap-s s) (if (k< (kslen s) 40) s \"cut\"))
(define (kcap-l l) (if (k< (klen l) 40) l '()))
";

/// Value types of generated expressions. Lists and vectors hold exact integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    /// An exact integer (fixnum or bignum).
    Int,
    /// Any real: exact integer, rational or flonum.
    Num,
    Bool,
    Str,
    Char,
    List,
    Vec,
}

const TYPES: [Ty; 7] = [
    Ty::Int,
    Ty::Num,
    Ty::Bool,
    Ty::Str,
    Ty::Char,
    Ty::List,
    Ty::Vec,
];

/// Moduli for integer accumulators: around the 31-bit fixnum boundary and 2^62.
const MODULI: [&str; 5] = [
    "1000003",
    "1073741823",
    "1073741827",
    "2147483648",
    "4611686018427387847",
];

/// Integer literals, biased to the representation boundaries.
const INTS: [&str; 18] = [
    "0",
    "1",
    "-1",
    "2",
    "7",
    "-13",
    "100",
    "536870911",
    "1073741823",
    "1073741824",
    "-1073741824",
    "-1073741825",
    "2147483647",
    "4611686018427387903",
    "4611686018427387904",
    "-4611686018427387905",
    "9223372036854775807",
    "123456789012345678901234567890",
];

/// Non-integer number literals: flonums (also special ones) and rationals.
const REALS: [&str; 12] = [
    "1.5",
    "-0.0",
    "0.1",
    "1e300",
    "-2.5e-7",
    "1073741824.0",
    "3/4",
    "-7/3",
    "1/1073741824",
    "+inf.0",
    "6.02e23",
    "22/7",
];

const STRINGS: [&str; 6] = [
    "\"\"",
    "\"a\"",
    "\"kiln\"",
    "\"x y\"",
    "\"\\\"q\\\"\"",
    "\"λ\"",
];
const CHARS: [&str; 6] = ["#\\a", "#\\Z", "#\\space", "#\\0", "#\\x3bb", "#\\("];
const SYMBOLS: [&str; 4] = ["'oops", "'bad", "'x", "'boom"];

/// Reassignments of built-ins, made after the code using them got hot.
const BUILTIN_MUTATIONS: [&str; 16] = [
    "(set! + *)",
    "(set! + -)",
    "(set! * +)",
    "(set! - +)",
    "(set! + (lambda args (apply k* args)))",
    "(set! car cdr)",
    "(set! cdr (lambda (p) '()))",
    "(define (car p) (kcdr p))",
    "(define (vector-ref v i) (vector-length v))",
    "(set! vector-ref (lambda (v i) 42))",
    "(set! length (lambda (l) 3))",
    "(set! max min)",
    "(set! abs -)",
    "(set! remainder modulo)",
    "(set! < >)",
    "(set! = (lambda (a b) #f))",
];

/// A variable in scope.
#[derive(Clone, Debug)]
struct Var {
    name: String,
    ty: Ty,
    /// Whether the generator may `set!` it.
    assignable: bool,
}

/// How a function's body is built, which decides how big a size its callers may pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// An expression over the parameters.
    Plain,
    /// A named-let loop running `n` times.
    Loop,
    /// Non-tail recursion on `n`.
    Rec,
    /// A long fixnum tail loop (sizes up to 10^5), allocation-free.
    Long,
    /// Deep non-tail recursion (sizes of a few thousand), allocation-free.
    Deep,
}

/// A generated top-level function `(f n p…)`: `n` is the size parameter.
#[derive(Clone, Debug)]
struct Func {
    name: String,
    params: Vec<Ty>,
    ret: Ty,
    kind: Kind,
}

/// Where an expression is being generated.
#[derive(Clone, Debug)]
struct Cx {
    vars: Vec<Var>,
    /// A loop may be generated here (loops do not nest, so work stays bounded).
    loops: bool,
    /// Output may be printed here (only at top level: functions run in hot loops).
    prints: bool,
    /// Calls of generated functions allowed (bounded: earlier functions only).
    calls: usize,
}

/// Generates the program of `seed` as top-level forms (the prelude included).
pub fn generate(seed: u64) -> Vec<Sexp> {
    let mut g = Gen {
        rng: Rng::new(seed),
        funcs: Vec::new(),
        globals: Vec::new(),
        fresh: 0,
        errors: 0,
    };
    g.errors = u32::from(g.rng.chance(10));
    let mut forms = super::sexp::parse(PRELUDE).expect("the prelude parses");
    forms.extend(g.program());
    forms
}

/// The text of the program of `seed`.
pub fn program(seed: u64) -> String {
    format!(
        "; kiln fuzz --print {seed}\n{}",
        super::sexp::program_text(&generate(seed))
    )
}

struct Gen {
    rng: Rng,
    funcs: Vec<Func>,
    globals: Vec<Var>,
    fresh: u32,
    /// Deliberate errors still to generate (one in a few programs).
    errors: u32,
}

impl Gen {
    fn name(&mut self, stem: &str) -> String {
        self.fresh += 1;
        format!("{stem}{}", self.fresh)
    }

    fn top_cx(&self) -> Cx {
        Cx {
            vars: self.globals.clone(),
            loops: true,
            prints: true,
            calls: self.funcs.len(),
        }
    }

    fn program(&mut self) -> Vec<Sexp> {
        let mut out = Vec::new();
        for _ in 0..self.rng.range(1, 3) {
            let ty = *self.rng.pick(&TYPES);
            let init = self.expr(ty, &mut self.top_cx(), 3);
            let name = self.name("g");
            out.push(list!["define", name.clone(), init]);
            self.globals.push(Var {
                name,
                ty,
                assignable: true,
            });
        }
        if self.rng.chance(30) {
            out.extend(super::sexp::parse(
                "(define (make-counter start) (let ((c start)) (lambda (d) (set! c (k+ c d)) c)))",
            )
            .expect("parses"));
            out.push(list!["define", "ctr", list!["make-counter", "0"]]);
            out.push(list![
                "show",
                "'ctr",
                list!["begin", list!["ctr", "1"], list!["ctr", "2"]]
            ]);
        }
        let nfuncs = self.rng.range(2, 5);
        for _ in 0..nfuncs {
            let f = self.function();
            out.push(f.0);
            // Warm it up right away so it is hot before later functions call it.
            let rounds = self.rng.range(2, 4);
            out.push(self.warm_loop(&f.1, rounds));
            self.funcs.push(f.1);
        }
        for _ in 0..self.rng.range(1, 4) {
            out.push(self.show_expr());
        }
        if self.rng.chance(75) {
            for _ in 0..self.rng.range(1, 3) {
                out.push(self.mutation());
            }
            let funcs = self.funcs.clone();
            for f in &funcs {
                if self.rng.chance(80) {
                    let size = self.rng.range(0, 4);
                    let call = self.call(f, &mut self.top_cx(), size);
                    out.push(list!["show", format!("'{}", f.name), call]);
                }
            }
            for _ in 0..self.rng.range(0, 2) {
                out.push(self.show_expr());
            }
        }
        out.push(list!["show", "'trace", "trace"]);
        if self.rng.chance(6) {
            out.push(self.uncaught());
        }
        out
    }

    /// `(show 'eN EXPR)` at top level.
    fn show_expr(&mut self) -> Sexp {
        let ty = *self.rng.pick(&TYPES);
        let e = self.expr(ty, &mut self.top_cx(), 4);
        let tag = self.name("'e");
        list!["show", tag, e]
    }

    /// An error nobody catches: the program ends with status 70 after what it printed.
    fn uncaught(&mut self) -> Sexp {
        let e = match self.rng.below(4) {
            0 => list!["car", Sexp::quote(Sexp::List(vec![]))],
            1 => list!["error", "\"boom\"", "1", "'two"],
            2 => list!["raise", "'oops"],
            _ => list!["vector-ref", list!["vector", "1"], "5"],
        };
        list!["show", "'end", e]
    }

    /// `(let warm ((i 0)) (when (k< i R) (show 'f (f SIZE …)) (warm (k+ i 1))))`.
    fn warm_loop(&mut self, f: &Func, rounds: i64) -> Sexp {
        let size = match f.kind {
            Kind::Long => *self.rng.pick(&[10_000, 30_000, 100_000]),
            Kind::Deep => self.rng.range(1_000, 4_000),
            _ => self.rng.range(3, 30),
        };
        let rounds = match f.kind {
            Kind::Long if size == 100_000 => 1,
            Kind::Long | Kind::Deep => 2,
            _ => rounds,
        };
        let call = self.call(f, &mut self.top_cx(), size);
        let i = self.name("i");
        list![
            "let",
            "warm",
            list![list![i.clone(), "0"]],
            list![
                "when",
                list!["k<", i.clone(), rounds.to_string()],
                list!["show", format!("'{}", f.name), call],
                list!["warm", list!["k+", i, "1"]]
            ]
        ]
    }

    /// `(f SIZE args…)` with argument expressions generated in `cx`.
    fn call(&mut self, f: &Func, cx: &mut Cx, size: i64) -> Sexp {
        let mut items = vec![Sexp::from(f.name.as_str()), Sexp::from(size.to_string())];
        for &ty in &f.params {
            items.push(self.expr(ty, cx, 2));
        }
        if self.rng.chance(10) {
            // Through `apply`, with the arguments in a list.
            let mut l = vec![Sexp::from("list")];
            l.extend(items.drain(1..));
            return list!["apply", items.remove(0), Sexp::List(l)];
        }
        Sexp::List(items)
    }

    /// A new function definition and its signature.
    fn function(&mut self) -> (Sexp, Func) {
        let mut kind = *self.rng.pick(&[
            Kind::Plain,
            Kind::Plain,
            Kind::Loop,
            Kind::Loop,
            Kind::Rec,
            Kind::Rec,
            Kind::Long,
            Kind::Deep,
        ]);
        // One long loop per program is enough (10^5 interpreted rounds take ~0.1 s).
        if kind == Kind::Long && self.funcs.iter().any(|f| f.kind == Kind::Long) {
            kind = Kind::Loop;
        }
        let name = self.name("f");
        let ret = match kind {
            Kind::Long | Kind::Deep => Ty::Int,
            Kind::Rec => *self.rng.pick(&[Ty::Int, Ty::List, Ty::Str]),
            _ => *self.rng.pick(&TYPES),
        };
        let nparams = if matches!(kind, Kind::Long | Kind::Deep) {
            0
        } else {
            self.rng.range(0, 2)
        };
        let params: Vec<Ty> = (0..nparams).map(|_| *self.rng.pick(&TYPES)).collect();
        let f = Func {
            name,
            params,
            ret,
            kind,
        };
        (self.define(&f), f)
    }

    /// `(define (f n p…) BODY)` for signature `f` (also used to redefine it).
    fn define(&mut self, f: &Func) -> Sexp {
        // Only functions defined before `f` may be called from its body: no call cycles.
        let calls = self
            .funcs
            .iter()
            .position(|g| g.name == f.name)
            .unwrap_or(self.funcs.len());
        let n = self.name("n");
        let mut head = vec![Sexp::from(f.name.as_str()), Sexp::from(n.as_str())];
        let mut cx = Cx {
            vars: self.globals.clone(),
            loops: true,
            prints: false,
            calls,
        };
        cx.vars.push(Var {
            name: n.clone(),
            ty: Ty::Int,
            assignable: false,
        });
        for &ty in &f.params {
            let p = self.name("p");
            head.push(Sexp::from(p.as_str()));
            cx.vars.push(Var {
                name: p,
                ty,
                assignable: true,
            });
        }
        let body = match f.kind {
            Kind::Plain => self.expr(f.ret, &mut cx, 4),
            Kind::Loop => {
                cx.loops = false;
                self.counted_loop(f.ret, &mut cx, Sexp::from(n.as_str()))
            }
            Kind::Rec => self.recursion(f, &mut cx, &n),
            Kind::Long => self.long_loop(&n),
            Kind::Deep => {
                let step = self.fixnum_expr(&[&n], 2);
                list![
                    "if",
                    list!["k<=", n.clone(), "0"],
                    "0",
                    list![
                        "kmod",
                        list!["+", list![f.name.clone(), list!["k-", n, "1"]], step],
                        "1000003"
                    ]
                ]
            }
        };
        list!["define", Sexp::List(head), body]
    }

    /// `(if (k<= n 0) BASE (… (f (k- n 1) args…) …))`.
    fn recursion(&mut self, f: &Func, cx: &mut Cx, n: &str) -> Sexp {
        cx.loops = false;
        let base = self.expr(f.ret, cx, 2);
        let mut rec = vec![Sexp::from(f.name.as_str()), list!["k-", n.to_string(), "1"]];
        for v in &cx.vars[cx.vars.len() - f.params.len()..] {
            rec.push(Sexp::from(v.name.as_str()));
        }
        let r = self.name("r");
        let combine = match f.ret {
            Ty::Int => {
                let e = self.expr(Ty::Int, cx, 2);
                let m = *self.rng.pick(&MODULI);
                list!["kmod", list!["+", r.clone(), e], m]
            }
            Ty::List => {
                let e = self.expr(Ty::Int, cx, 2);
                list!["cons", e, r.clone()]
            }
            _ => {
                let c = self.expr(Ty::Char, cx, 1);
                list!["string-append", r.clone(), list!["string", c]]
            }
        };
        list![
            "if",
            list!["k<=", n.to_string(), "0"],
            base,
            list!["let", list![list![r, Sexp::List(rec)]], combine]
        ]
    }

    /// The allocation-free fixnum loop of a `Long` function.
    fn long_loop(&mut self, n: &str) -> Sexp {
        let (i, acc) = (self.name("i"), self.name("acc"));
        let step = self.fixnum_expr(&[&i, &acc], 3);
        list![
            "let",
            "loop",
            list![list![i.clone(), "0"], list![acc.clone(), "0"]],
            list![
                "if",
                list!["k>=", i.clone(), n.to_string()],
                acc.clone(),
                list![
                    "loop",
                    list!["k+", i, "1"],
                    list!["kmod", list!["+", acc, step], "1000003"]
                ]
            ]
        ]
    }

    /// Small fixnum arithmetic over `vars` (all below 10^6): no bignums, so no allocation.
    fn fixnum_expr(&mut self, vars: &[&str], depth: u32) -> Sexp {
        if depth == 0 || self.rng.chance(30) {
            return if self.rng.chance(60) {
                Sexp::from(*self.rng.pick(vars))
            } else {
                Sexp::from(self.rng.range(0, 999).to_string())
            };
        }
        let a = self.fixnum_expr(vars, depth - 1);
        let b = self.fixnum_expr(vars, depth - 1);
        match self.rng.below(6) {
            0 => list!["+", a, b],
            1 => list!["-", a, b],
            2 => list![
                "remainder",
                a,
                list!["k+", "1", list!["abs", list!["kmod", b, "997"]]]
            ],
            3 => list!["if", list!["<", a.clone(), b.clone()], a, b],
            4 => list!["kmod", list!["*", a, b], "65521"],
            _ => list!["quotient", a, "3"],
        }
    }

    /// A loop of `count` rounds whose accumulator has type `ty`.
    fn counted_loop(&mut self, ty: Ty, cx: &mut Cx, count: Sexp) -> Sexp {
        let (i, acc) = (self.name("i"), self.name("acc"));
        let init = self.expr(ty, cx, 2);
        cx.vars.push(Var {
            name: i.clone(),
            ty: Ty::Int,
            assignable: false,
        });
        let step = self.step(ty, cx, &acc);
        cx.vars.pop();
        let done = list!["k>=", i.clone(), count];
        if self.rng.chance(30) {
            return list![
                "do",
                list![
                    list![i.clone(), "0", list!["k+", i, "1"]],
                    list![acc.clone(), init, step]
                ],
                list![done, acc]
            ];
        }
        list![
            "let",
            "loop",
            list![list![i.clone(), "0"], list![acc.clone(), init]],
            list![
                "if",
                done,
                acc.clone(),
                list!["loop", list!["k+", i, "1"], step]
            ]
        ]
    }

    /// The next accumulator value: bounded size whatever the built-ins do.
    fn step(&mut self, ty: Ty, cx: &mut Cx, acc: &str) -> Sexp {
        let var = Var {
            name: acc.to_string(),
            ty,
            assignable: false,
        };
        match ty {
            Ty::Int => {
                cx.vars.push(var);
                let e = self.expr(Ty::Int, cx, 3);
                cx.vars.pop();
                list!["kmod", e, *self.rng.pick(&MODULI)]
            }
            Ty::List => {
                let e = self.expr(Ty::Int, cx, 3);
                list!["cons", e, acc.to_string()]
            }
            Ty::Str => {
                let c = self.expr(Ty::Char, cx, 2);
                list!["string-append", acc.to_string(), list!["string", c]]
            }
            _ => {
                // The new value does not depend on the old one (no growth); the test may.
                let e = self.expr(ty, cx, 3);
                cx.vars.push(var);
                let b = self.expr(Ty::Bool, cx, 2);
                cx.vars.pop();
                list!["if", b, e, acc.to_string()]
            }
        }
    }

    /// A reassignment made after the program's functions got hot.
    fn mutation(&mut self) -> Sexp {
        match self.rng.below(10) {
            0..=4 => {
                let text = self.rng.pick::<&str>(&BUILTIN_MUTATIONS).to_string();
                super::sexp::parse(&text)
                    .expect("mutations parse")
                    .remove(0)
            }
            5..=6 => {
                // Redefine a function with a new body (same signature, smaller kinds).
                let mut f = self.rng.pick(&self.funcs).clone();
                if matches!(f.kind, Kind::Long | Kind::Deep) {
                    f.kind = Kind::Plain;
                }
                self.define(&f)
            }
            7 => {
                let k = self.rng.below(self.funcs.len() as u64) as usize;
                let f = self.funcs[k].clone();
                // Only an earlier function: a later one may call `f`, which would then loop.
                let same: Vec<Func> = self.funcs[..k]
                    .iter()
                    .filter(|g| g.params == f.params && g.ret == f.ret)
                    .cloned()
                    .collect();
                match same.first() {
                    Some(g) => list!["set!", f.name.clone(), g.name.clone()],
                    None => {
                        let mut lam = vec![Sexp::from("n")];
                        lam.extend((0..f.params.len()).map(|i| Sexp::from(format!("q{i}"))));
                        let body = self.literal(f.ret);
                        list![
                            "set!",
                            f.name.clone(),
                            list!["lambda", Sexp::List(lam), body]
                        ]
                    }
                }
            }
            _ => {
                let v = self.rng.pick(&self.globals).clone();
                let e = self.expr(v.ty, &mut self.top_cx(), 3);
                let op = if self.rng.chance(50) {
                    "set!"
                } else {
                    "define"
                };
                list![op, v.name, e]
            }
        }
    }

    /// An expression of type `ty`.
    fn expr(&mut self, ty: Ty, cx: &mut Cx, depth: u32) -> Sexp {
        if self.errors > 0 && self.rng.chance(2) {
            self.errors -= 1;
            return self.bad(cx);
        }
        if depth == 0 || self.rng.chance(20) {
            return self.leaf(ty, cx);
        }
        let d = depth - 1;
        match self.rng.below(14) {
            0 => {
                let b = self.expr(Ty::Bool, cx, d);
                let x = self.expr(ty, cx, d);
                let y = self.expr(ty, cx, d);
                list!["if", b, x, y]
            }
            1 => self.binding(ty, cx, d),
            2 => self.control(ty, cx, d),
            3 if cx.calls > 0 => {
                let fs: Vec<Func> = self.funcs[..cx.calls]
                    .iter()
                    .filter(|f| f.ret == ty)
                    .cloned()
                    .collect();
                if fs.is_empty() {
                    return self.op(ty, cx, d);
                }
                let f = self.rng.pick(&fs).clone();
                let size = self.rng.range(0, 3);
                let mut inner = Cx {
                    calls: 0,
                    ..cx.clone()
                };
                self.call(&f, &mut inner, size)
            }
            4 if cx.loops => {
                let mut inner = Cx {
                    loops: false,
                    ..cx.clone()
                };
                let n = self.rng.range(0, 6).to_string();
                self.counted_loop(ty, &mut inner, Sexp::from(n))
            }
            _ => self.op(ty, cx, d),
        }
    }

    /// A deliberate error: a type error or a raise.
    fn bad(&mut self, cx: &mut Cx) -> Sexp {
        match self.rng.below(5) {
            0 => list!["car", self.leaf(Ty::Int, cx)],
            1 => list!["+", self.leaf(Ty::Str, cx), "1"],
            2 => list!["vector-ref", self.leaf(Ty::Vec, cx), "1000"],
            3 => list!["error", "\"deliberate\"", self.leaf(Ty::Int, cx)],
            _ => list!["raise", *self.rng.pick(&SYMBOLS)],
        }
    }

    /// A variable of type `ty` from the scope, or a literal.
    fn leaf(&mut self, ty: Ty, cx: &Cx) -> Sexp {
        let vars: Vec<&Var> = cx
            .vars
            .iter()
            .filter(|v| v.ty == ty || (ty == Ty::Num && v.ty == Ty::Int))
            .collect();
        if !vars.is_empty() && self.rng.chance(65) {
            return Sexp::from(self.rng.pick(&vars).name.as_str());
        }
        self.literal(ty)
    }

    fn literal(&mut self, ty: Ty) -> Sexp {
        let ints = |g: &mut Gen, n: i64| -> Vec<Sexp> {
            (0..n).map(|_| Sexp::from(*g.rng.pick(&INTS))).collect()
        };
        match ty {
            Ty::Int => Sexp::from(*self.rng.pick(&INTS)),
            Ty::Num if self.rng.chance(50) => Sexp::from(*self.rng.pick(&REALS)),
            Ty::Num => Sexp::from(*self.rng.pick(&INTS)),
            Ty::Bool => Sexp::from(*self.rng.pick(&["#t", "#f"])),
            Ty::Str => Sexp::from(*self.rng.pick(&STRINGS)),
            Ty::Char => Sexp::from(*self.rng.pick(&CHARS)),
            Ty::List => {
                let n = self.rng.range(0, 4);
                Sexp::quote(Sexp::List(ints(self, n)))
            }
            Ty::Vec => {
                let n = self.rng.range(1, 4);
                Sexp::Vector(ints(self, n))
            }
        }
    }

    /// A local binding form whose body has type `ty`: `let`, an assigned local, a captured
    /// and assigned (boxed) local, a local closure.
    fn binding(&mut self, ty: Ty, cx: &mut Cx, d: u32) -> Sexp {
        let bty = *self.rng.pick(&TYPES);
        let x = self.name("x");
        let init = self.expr(bty, cx, d);
        cx.vars.push(Var {
            name: x.clone(),
            ty: bty,
            assignable: true,
        });
        let form = match self.rng.below(4) {
            0 => {
                let body = self.expr(ty, cx, d);
                list![
                    if self.rng.chance(50) { "let" } else { "let*" },
                    list![list![x, init]],
                    body
                ]
            }
            1 => {
                let again = self.assigned(bty, cx, d, &x);
                let body = self.expr(ty, cx, d);
                list![
                    "let",
                    list![list![x, init]],
                    list!["set!", again.0, again.1],
                    body
                ]
            }
            2 => {
                // A closure that captures x and assigns it: x lives in a box.
                let h = self.name("h");
                let (_, newval) = self.assigned(bty, cx, d, &x);
                let body = self.expr(ty, cx, d);
                list![
                    "let",
                    list![list![x.clone(), init]],
                    list![
                        "let",
                        list![list![
                            h.clone(),
                            list!["lambda", list![], list!["set!", x.clone(), newval], x]
                        ]],
                        list![h.clone()],
                        list![h],
                        body
                    ]
                ]
            }
            _ => {
                // A local procedure applied twice, closing over the scope.
                let h = self.name("h");
                let y = self.name("y");
                cx.vars.push(Var {
                    name: y.clone(),
                    ty: Ty::Int,
                    assignable: true,
                });
                let body = self.expr(ty, cx, d);
                cx.vars.pop();
                let a1 = self.expr(Ty::Int, cx, d.min(1));
                let pick = self.rng.chance(50);
                let call = list![h.clone(), a1];
                let call2 = list![h.clone(), "1"];
                let use_ = if pick { call } else { call2 };
                list![
                    "letrec",
                    list![list![h.clone(), list!["lambda", list![y], body]]],
                    list!["begin", list![h, "0"], use_]
                ]
                .with_init(x, init)
            }
        };
        cx.vars.pop();
        form
    }

    /// `(x NEW)` for `(set! x NEW)`. A variable assigned in a loop carries state from round
    /// to round, so NEW is capped in size (`kmod`, `kfix`, `kcap-…`): no exponential growth.
    fn assigned(&mut self, ty: Ty, cx: &mut Cx, d: u32, x: &str) -> (String, Sexp) {
        let e = self.expr(ty, cx, d);
        let e = match ty {
            Ty::Int => list!["kmod", e, *self.rng.pick(&MODULI)],
            Ty::Num => list!["kfix", e],
            Ty::Str => list!["kcap-s", e],
            Ty::List => list!["kcap-l", e],
            _ => e,
        };
        (x.to_string(), e)
    }

    /// Escapes, handlers, multiple values, `dynamic-wind`, global assignment, `apply`.
    fn control(&mut self, ty: Ty, cx: &mut Cx, d: u32) -> Sexp {
        match self.rng.below(8) {
            0 => {
                let k = self.name("esc");
                let b = self.expr(Ty::Bool, cx, d);
                let x = self.expr(ty, cx, d);
                let y = self.expr(ty, cx, d);
                list![
                    "call/cc",
                    list!["lambda", list![k.clone()], list!["if", b, list![k, x], y]]
                ]
            }
            1 => {
                let e = self.name("c");
                let body = self.maybe_raising(ty, cx, d);
                let h1 = self.expr(ty, cx, d.min(1));
                let h2 = self.expr(ty, cx, d.min(1));
                let h3 = self.expr(ty, cx, d.min(1));
                list![
                    "guard",
                    list![
                        e.clone(),
                        list![list!["symbol?", e.clone()], h1],
                        list![list!["error-object?", e], h2],
                        list!["else", h3]
                    ],
                    body
                ]
            }
            2 => {
                let (a, b) = (self.name("v"), self.name("v"));
                let (ta, tb) = (*self.rng.pick(&TYPES), *self.rng.pick(&TYPES));
                let ea = self.expr(ta, cx, d);
                let eb = self.expr(tb, cx, d);
                cx.vars.push(Var {
                    name: a.clone(),
                    ty: ta,
                    assignable: true,
                });
                cx.vars.push(Var {
                    name: b.clone(),
                    ty: tb,
                    assignable: true,
                });
                let body = self.expr(ty, cx, d);
                cx.vars.truncate(cx.vars.len() - 2);
                let vals = list!["values", ea, eb];
                if self.rng.chance(50) {
                    list![
                        "call-with-values",
                        list!["lambda", list![], vals],
                        list!["lambda", list![a, b], body]
                    ]
                } else {
                    list!["let-values", list![list![list![a, b], vals]], body]
                }
            }
            3 => {
                let body = self.expr(ty, cx, d);
                let (before, after) = if cx.prints {
                    (list!["display", "\"[in]\""], list!["display", "\"[out]\""])
                } else {
                    (
                        list!["set!", "trace", list!["k+", "trace", "1"]],
                        list!["set!", "trace", list!["k+", "trace", "10"]],
                    )
                };
                let wind = list![
                    "dynamic-wind",
                    list!["lambda", list![], before],
                    list!["lambda", list![], body],
                    list!["lambda", list![], after]
                ];
                if self.rng.chance(50) {
                    // Leave it by an escape.
                    let k = self.name("esc");
                    let v = self.expr(ty, cx, d.min(1));
                    let inner = list![
                        "dynamic-wind",
                        list![
                            "lambda",
                            list![],
                            list!["set!", "trace", list!["k+", "trace", "100"]]
                        ],
                        list!["lambda", list![], list![k.clone(), v]],
                        list![
                            "lambda",
                            list![],
                            list!["set!", "trace", list!["k+", "trace", "1000"]]
                        ]
                    ];
                    list![
                        "call/cc",
                        list!["lambda", list![k], list!["begin", inner, wind]]
                    ]
                } else {
                    wind
                }
            }
            4 => {
                let vs: Vec<Var> = cx.vars.iter().filter(|v| v.assignable).cloned().collect();
                if vs.is_empty() {
                    return self.op(ty, cx, d);
                }
                let v = self.rng.pick(&vs).clone();
                let (x, e) = self.assigned(v.ty, cx, d, &v.name);
                let body = self.expr(ty, cx, d);
                list!["begin", list!["set!", x, e], body]
            }
            5 if cx.prints => {
                let t = *self.rng.pick(&TYPES);
                let shown = self.expr(t, cx, d);
                let body = self.expr(ty, cx, d);
                list!["begin", list!["write", shown], list!["newline"], body]
            }
            _ => self.op(ty, cx, d),
        }
    }

    /// An expression of type `ty` that may raise (a symbol, an error object, a type error).
    fn maybe_raising(&mut self, ty: Ty, cx: &mut Cx, d: u32) -> Sexp {
        let b = self.expr(Ty::Bool, cx, d);
        let x = self.expr(ty, cx, d);
        let raise = match self.rng.below(4) {
            0 => list!["raise", *self.rng.pick(&SYMBOLS)],
            1 => list!["error", "\"caught\"", self.leaf(Ty::Int, cx)],
            2 => list!["vector-ref", list!["vector", "1"], "3"],
            _ => list!["raise", self.leaf(Ty::Int, cx)],
        };
        list!["if", b, raise, x]
    }

    /// A primitive operation producing `ty`.
    fn op(&mut self, ty: Ty, cx: &mut Cx, d: u32) -> Sexp {
        match ty {
            Ty::Int => self.int_op(cx, d),
            Ty::Num => self.num_op(cx, d),
            Ty::Bool => self.bool_op(cx, d),
            Ty::Str => self.str_op(cx, d),
            Ty::Char => self.char_op(cx, d),
            Ty::List => self.list_op(cx, d),
            Ty::Vec => self.vec_op(cx, d),
        }
    }

    fn int_op(&mut self, cx: &mut Cx, d: u32) -> Sexp {
        match self.rng.below(16) {
            0..=2 => {
                let op = *self.rng.pick(&["+", "-", "*"]);
                list![op, self.expr(Ty::Int, cx, d), self.expr(Ty::Int, cx, d)]
            }
            3 => list!["-", self.expr(Ty::Int, cx, d)],
            4 => {
                let op = *self.rng.pick(&["quotient", "remainder", "modulo"]);
                list![
                    op,
                    self.expr(Ty::Int, cx, d),
                    list!["nz", self.expr(Ty::Int, cx, d)]
                ]
            }
            5 => list![
                "expt",
                self.expr(Ty::Int, cx, d),
                self.rng.range(0, 4).to_string()
            ],
            6 => list![
                *self.rng.pick(&["abs", "square"]),
                self.expr(Ty::Int, cx, d)
            ],
            7 => list![
                *self.rng.pick(&["max", "min", "gcd", "lcm"]),
                self.expr(Ty::Int, cx, d),
                self.expr(Ty::Int, cx, d)
            ],
            8 => list!["string-length", self.expr(Ty::Str, cx, d)],
            9 => list!["length", self.expr(Ty::List, cx, d)],
            10 => list!["vector-length", self.expr(Ty::Vec, cx, d)],
            11 => list!["char->integer", self.expr(Ty::Char, cx, d)],
            12 => {
                let t = self.name("t");
                list![
                    "let",
                    list![list![t.clone(), self.expr(Ty::List, cx, d)]],
                    list!["if", list!["pair?", t.clone()], list!["car", t], "0"]
                ]
            }
            13 => {
                let t = self.name("t");
                let i = self.expr(Ty::Int, cx, d);
                list![
                    "let",
                    list![list![t.clone(), self.expr(Ty::Vec, cx, d)]],
                    list![
                        "vector-ref",
                        t.clone(),
                        list!["kidx", i, list!["vector-length", t]]
                    ]
                ]
            }
            14 => list![
                "apply",
                *self.rng.pick(&["+", "*", "max"]),
                list!["cons", "1", self.expr(Ty::List, cx, d)]
            ],
            _ => list![
                *self.rng.pick(&["exact", "round", "floor", "truncate"]),
                list!["exact->inexact", self.expr(Ty::Int, cx, d)]
            ]
            .exact_round(),
        }
    }

    fn num_op(&mut self, cx: &mut Cx, d: u32) -> Sexp {
        match self.rng.below(10) {
            0..=2 => {
                let op = *self.rng.pick(&["+", "-", "*"]);
                list![op, self.expr(Ty::Num, cx, d), self.expr(Ty::Num, cx, d)]
            }
            3 => list![
                "/",
                self.expr(Ty::Num, cx, d),
                list!["nz", self.expr(Ty::Num, cx, d)]
            ],
            4 => list![
                *self
                    .rng
                    .pick(&["exact->inexact", "inexact", "abs", "floor", "round"]),
                self.expr(Ty::Num, cx, d)
            ],
            5 => list![
                *self.rng.pick(&["max", "min"]),
                self.expr(Ty::Num, cx, d),
                self.expr(Ty::Num, cx, d)
            ],
            6 => list!["sqrt", list!["abs", self.expr(Ty::Num, cx, d)]],
            7 => list![
                "expt",
                self.expr(Ty::Num, cx, d),
                self.rng.range(0, 3).to_string()
            ],
            8 => list![
                "/",
                self.expr(Ty::Int, cx, d),
                list!["nz", self.expr(Ty::Int, cx, d)]
            ],
            _ => self.int_op(cx, d),
        }
    }

    fn bool_op(&mut self, cx: &mut Cx, d: u32) -> Sexp {
        match self.rng.below(12) {
            0..=1 => {
                let op = *self.rng.pick(&["<", "=", ">=", "<="]);
                list![op, self.expr(Ty::Num, cx, d), self.expr(Ty::Num, cx, d)]
            }
            2 => {
                let t = *self.rng.pick(&TYPES);
                let op = *self.rng.pick(&["equal?", "eqv?", "eq?"]);
                list![op, self.expr(t, cx, d), self.expr(t, cx, d)]
            }
            3 => list![
                *self.rng.pick(&["null?", "pair?", "list?"]),
                self.expr(Ty::List, cx, d)
            ],
            4 => list![
                *self.rng.pick(&["even?", "odd?", "zero?", "negative?"]),
                self.expr(Ty::Int, cx, d)
            ],
            5 => list![
                *self.rng.pick(&["exact?", "integer?", "nan?"]),
                self.expr(Ty::Num, cx, d)
            ],
            6 => list!["not", self.expr(Ty::Bool, cx, d)],
            7 => list![
                *self.rng.pick(&["and", "or"]),
                self.expr(Ty::Bool, cx, d),
                self.expr(Ty::Bool, cx, d)
            ],
            8 => list![
                *self.rng.pick(&["string=?", "string<?"]),
                self.expr(Ty::Str, cx, d),
                self.expr(Ty::Str, cx, d)
            ],
            9 => list![
                *self.rng.pick(&["char=?", "char<?"]),
                self.expr(Ty::Char, cx, d),
                self.expr(Ty::Char, cx, d)
            ],
            10 => {
                let t = *self.rng.pick(&TYPES);
                list![
                    *self
                        .rng
                        .pick(&["vector?", "string?", "number?", "procedure?"]),
                    self.expr(t, cx, d)
                ]
            }
            _ => list![
                "if",
                list![
                    "member",
                    self.expr(Ty::Int, cx, d),
                    self.expr(Ty::List, cx, d)
                ],
                "#t",
                "#f"
            ],
        }
    }

    fn str_op(&mut self, cx: &mut Cx, d: u32) -> Sexp {
        match self.rng.below(8) {
            0..=1 => list![
                "string-append",
                self.expr(Ty::Str, cx, d),
                self.expr(Ty::Str, cx, d)
            ],
            2 => list!["number->string", self.expr(Ty::Num, cx, d)],
            3 => {
                let t = self.name("t");
                let k = self.rng.range(0, 3).to_string();
                list![
                    "let",
                    list![list![t.clone(), self.expr(Ty::Str, cx, d)]],
                    list![
                        "substring",
                        t.clone(),
                        "0",
                        list!["kmin", k, list!["string-length", t]]
                    ]
                ]
            }
            4 => list![
                "string",
                self.expr(Ty::Char, cx, d),
                self.expr(Ty::Char, cx, d)
            ],
            5 => list!["list->string", list!["list", self.expr(Ty::Char, cx, d)]],
            6 => list![
                *self.rng.pick(&["string-upcase", "string-copy"]),
                self.expr(Ty::Str, cx, d)
            ],
            _ => list![
                "symbol->string",
                list!["string->symbol", self.expr(Ty::Str, cx, d)]
            ],
        }
    }

    fn char_op(&mut self, cx: &mut Cx, d: u32) -> Sexp {
        match self.rng.below(4) {
            0 => {
                let t = self.name("t");
                list![
                    "let",
                    list![list![t.clone(), self.expr(Ty::Str, cx, d)]],
                    list![
                        "if",
                        list!["k=", list!["string-length", t.clone()], "0"],
                        "#\\z",
                        list!["string-ref", t, "0"]
                    ]
                ]
            }
            1 => list![
                "integer->char",
                list!["k+", "65", list!["kmod", self.expr(Ty::Int, cx, d), "26"]]
            ],
            2 => list![
                *self.rng.pick(&["char-upcase", "char-downcase"]),
                self.expr(Ty::Char, cx, d)
            ],
            _ => list![
                "if",
                self.expr(Ty::Bool, cx, d),
                self.expr(Ty::Char, cx, d),
                self.expr(Ty::Char, cx, d)
            ],
        }
    }

    fn list_op(&mut self, cx: &mut Cx, d: u32) -> Sexp {
        match self.rng.below(9) {
            0 => list!["list", self.expr(Ty::Int, cx, d), self.expr(Ty::Int, cx, d)],
            1 => list![
                "cons",
                self.expr(Ty::Int, cx, d),
                self.expr(Ty::List, cx, d)
            ],
            2 => list![
                "append",
                self.expr(Ty::List, cx, d),
                self.expr(Ty::List, cx, d)
            ],
            3 => list!["reverse", self.expr(Ty::List, cx, d)],
            4 => {
                let x = self.name("x");
                let mut inner = cx.clone();
                inner.vars.push(Var {
                    name: x.clone(),
                    ty: Ty::Int,
                    assignable: false,
                });
                let body = self.expr(Ty::Int, &mut inner, d.min(2));
                list![
                    "map",
                    list!["lambda", list![x], body],
                    self.expr(Ty::List, cx, d)
                ]
            }
            5 => list!["vector->list", self.expr(Ty::Vec, cx, d)],
            6 => {
                let t = self.name("t");
                list![
                    "let",
                    list![list![t.clone(), self.expr(Ty::List, cx, d)]],
                    list!["if", list!["pair?", t.clone()], list!["cdr", t], "'()"]
                ]
            }
            7 => list!["list-copy", self.expr(Ty::List, cx, d)],
            _ => list![
                "apply",
                "list",
                self.expr(Ty::Int, cx, d),
                self.expr(Ty::List, cx, d)
            ],
        }
    }

    fn vec_op(&mut self, cx: &mut Cx, d: u32) -> Sexp {
        match self.rng.below(6) {
            0 => list![
                "vector",
                self.expr(Ty::Int, cx, d),
                self.expr(Ty::Int, cx, d)
            ],
            1 => list![
                "make-vector",
                self.rng.range(1, 4).to_string(),
                self.expr(Ty::Int, cx, d)
            ],
            2 => list![
                "list->vector",
                list!["cons", "0", self.expr(Ty::List, cx, d)]
            ],
            3 => {
                let x = self.name("x");
                let mut inner = cx.clone();
                inner.vars.push(Var {
                    name: x.clone(),
                    ty: Ty::Int,
                    assignable: false,
                });
                let body = self.expr(Ty::Int, &mut inner, d.min(2));
                list![
                    "vector-map",
                    list!["lambda", list![x], body],
                    self.expr(Ty::Vec, cx, d)
                ]
            }
            4 => {
                let t = self.name("t");
                let i = self.expr(Ty::Int, cx, d);
                let v = self.expr(Ty::Int, cx, d);
                let k = self.rng.range(1, 4).to_string();
                list![
                    "let",
                    list![list![t.clone(), list!["make-vector", k.clone(), "0"]]],
                    list!["vector-set!", t.clone(), list!["kidx", i, k], v],
                    t
                ]
            }
            _ => list!["vector-copy", self.expr(Ty::Vec, cx, d)],
        }
    }
}

impl Sexp {
    /// Wraps `self` in `(let ((x init)) self)`.
    fn with_init(self, x: String, init: Sexp) -> Sexp {
        list!["let", list![list![x, init]], self]
    }

    /// `(exact (round (exact->inexact i)))` would fail on infinities: keep the exact integer
    /// when the flonum is not finite.
    fn exact_round(self) -> Sexp {
        let items = self.children().to_vec();
        let (op, arg) = (items[0].clone(), items[1].clone());
        let t = Sexp::from("fl");
        let inner = if op == Sexp::from("exact") {
            list!["exact", list!["round", t.clone()]]
        } else {
            list!["exact", list![op, t.clone()]]
        };
        list![
            "let",
            list![list![t.clone(), arg]],
            list!["if", list!["finite?", t.clone()], inner, "0"]
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_program_and_seeds_differ() {
        assert_eq!(program(42), program(42));
        assert_ne!(program(42), program(43));
    }

    #[test]
    fn programs_parse_back() {
        for seed in 0..50 {
            let text = program(seed);
            let forms = super::super::sexp::parse(&text).unwrap();
            assert!(forms.len() > 10, "seed {seed}: {text}");
        }
    }
}
