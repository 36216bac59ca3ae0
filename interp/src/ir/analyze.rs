//! `analyze`: `Core` → `Node`. Resolves every local variable to a frame slot or a closure free
//! value (flat closures), boxes exactly the variables that are both captured and assigned (or
//! captured by a `letrec` that cannot be turned into a `Fix`), and marks tail calls.

use super::core::{Core, Var, VarId};
use super::node::{Call, Capture, FixPatch, KnownLambda, Lambda, Node};
use crate::syntax::datum::Pos;
use crate::value::Value;
use crate::vm::Vm;
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

/// What pass 1 learned about one variable.
#[derive(Default, Clone, Copy)]
struct VarInfo {
    /// Lambda nesting depth of its binder.
    depth: u32,
    assigned: bool,
    captured: bool,
    /// Bound by a `letrec` that will not become a `Fix`.
    letrec: bool,
}

/// One lambda being compiled.
#[derive(Default)]
struct Scope {
    slots: HashMap<VarId, u32>,
    next_slot: u32,
    frame: u32,
    /// The free variables in capture order, and each one's index in that order (a lambda can
    /// refer to 100,000 outer variables: no linear search per reference).
    free: Vec<VarId>,
    free_index: HashMap<VarId, u32>,
}

/// Compiles a top-level form into a zero-argument `Lambda` whose body is the form.
///
/// The form's literal constants go into one vector, its *code unit*, which every lambda of the
/// form points at (`Lambda::unit`): the collector keeps the constants alive exactly as long as a
/// closure of one of those lambdas is reachable. The caller roots the returned lambda's unit until
/// it has made its closure.
///
/// With `tail_calls` false (a form of the program) the form's own calls are not tail calls, so
/// that the form's frame stays below them and a backtrace through `(g 1)` at top level ends in
/// its `at top level` line, as one through `(display (g 1))` does. `eval`'s forms keep their
/// tail calls: a loop through `eval` runs in constant space.
pub fn analyze_toplevel(vm: &mut Vm, form: &Core, tail_calls: bool) -> &'static Lambda {
    let constants_mark = vm.constants.len();
    let mut a = Analyzer {
        vm,
        info: HashMap::new(),
        scopes: Vec::new(),
        fixed: HashMap::new(),
        lambdas: Vec::new(),
        outer_tail: tail_calls,
    };
    a.scan(form, 0);
    let (lam, captures) = a.lambda(&[], None, form, None, Default::default());
    debug_assert!(captures.is_empty());
    let lambdas = std::mem::take(&mut a.lambdas);
    // The constants are rooted in `vm.constants` until the unit holds them.
    let constants = vm.constants[constants_mark..].to_vec();
    let unit = if constants.is_empty() {
        Value::FALSE
    } else {
        vm.vector_of(&constants)
    };
    vm.constants.truncate(constants_mark);
    for l in lambdas {
        l.unit.set(unit);
    }
    lam
}

struct Analyzer<'a> {
    vm: &'a mut Vm,
    info: HashMap<VarId, VarInfo>,
    scopes: Vec<Scope>,
    /// `Fix`-bound variables and the lambda each is bound to.
    fixed: HashMap<VarId, KnownLambda>,
    /// Every lambda made so far (they all get the form's code unit).
    lambdas: Vec<&'static Lambda>,
    /// Whether the next lambda compiled (the form's own, the first) has tail calls; every
    /// other lambda has.
    outer_tail: bool,
}

impl Analyzer<'_> {
    // ---- pass 1: binding depths, assignment, capture ----

    fn bind(&mut self, v: &Var, depth: u32, letrec: bool) {
        self.info.insert(
            v.id,
            VarInfo {
                depth,
                letrec,
                ..Default::default()
            },
        );
    }

    fn touch(&mut self, id: VarId, depth: u32, assign: bool) {
        if let Some(i) = self.info.get_mut(&id) {
            i.captured |= depth > i.depth;
            i.assigned |= assign;
        }
    }

    fn scan(&mut self, c: &Core, d: u32) {
        match c {
            Core::Const(_) | Core::GlobalRef(..) => {}
            Core::LocalRef(id) => self.touch(*id, d, false),
            Core::LocalSet(id, e) => {
                self.touch(*id, d, true);
                self.scan(e, d);
            }
            Core::GlobalSet(_, e, _) | Core::GlobalDefine(_, e) => self.scan(e, d),
            Core::If(a, b, e) => {
                self.scan(a, d);
                self.scan(b, d);
                self.scan(e, d);
            }
            Core::Lambda(l) => {
                for p in l.params.iter().chain(l.rest.iter()) {
                    self.bind(p, d + 1, false);
                }
                self.scan(&l.body, d + 1);
            }
            Core::Seq(es) => es.iter().for_each(|e| self.scan(e, d)),
            Core::Call(f, args, _) => {
                self.scan(f, d);
                args.iter().for_each(|e| self.scan(e, d));
            }
            Core::Let(vars, inits, body) => {
                inits.iter().for_each(|e| self.scan(e, d));
                vars.iter().for_each(|v| self.bind(v, d, false));
                self.scan(body, d);
            }
            Core::Letrec(vars, inits, body) => {
                vars.iter().for_each(|v| self.bind(v, d, true));
                inits.iter().for_each(|e| self.scan(e, d));
                self.scan(body, d);
                if self.is_fix(vars, inits) {
                    for v in vars {
                        self.info.get_mut(&v.id).expect("bound").letrec = false;
                    }
                }
            }
        }
    }

    /// A `letrec` of lambdas none of whose variables is assigned.
    fn is_fix(&self, vars: &[Var], inits: &[Core]) -> bool {
        inits.iter().all(|e| matches!(e, Core::Lambda(_)))
            && vars.iter().all(|v| !self.info[&v.id].assigned)
    }

    fn boxed(&self, id: VarId) -> bool {
        let i = self.info[&id];
        i.captured && (i.assigned || i.letrec)
    }

    // ---- pass 2: code generation ----

    fn scope(&mut self) -> &mut Scope {
        self.scopes.last_mut().expect("inside a lambda")
    }

    fn alloc_slots(&mut self, n: u32) -> u32 {
        let s = self.scope();
        let first = s.next_slot;
        s.next_slot += n;
        s.frame = s.frame.max(s.next_slot);
        first
    }

    /// Where variable `id` is, seen from scope `k` (adding it to free lists on the way).
    fn locate(&mut self, id: VarId, k: usize) -> Capture {
        if let Some(&slot) = self.scopes[k].slots.get(&id) {
            return Capture::Local(slot);
        }
        if let Some(&i) = self.scopes[k].free_index.get(&id) {
            return Capture::Free(i);
        }
        assert!(k > 0, "variable {id} is not bound in any enclosing lambda");
        self.locate(id, k - 1);
        let scope = &mut self.scopes[k];
        let i = scope.free.len() as u32;
        scope.free.push(id);
        scope.free_index.insert(id, i);
        Capture::Free(i)
    }

    fn reference(&mut self, id: VarId) -> Node {
        let boxed = self.boxed(id);
        match (self.locate(id, self.scopes.len() - 1), boxed) {
            (Capture::Local(s), false) => Node::Local(s),
            (Capture::Local(s), true) => Node::LocalBoxed(s),
            (Capture::Free(i), false) => Node::Free(i),
            (Capture::Free(i), true) => Node::FreeBoxed(i),
        }
    }

    fn assign(&mut self, id: VarId, value: Node) -> Node {
        let boxed = self.boxed(id);
        let value = Box::new(value);
        match (self.locate(id, self.scopes.len() - 1), boxed) {
            (Capture::Local(s), false) => Node::SetLocal(s, value),
            (Capture::Local(s), true) => Node::SetLocalBoxed(s, value),
            (Capture::Free(i), true) => Node::SetFreeBoxed(i, value),
            // Captured + assigned is always boxed (pass 1).
            (Capture::Free(_), false) => unreachable!("assigned free variable {id} not boxed"),
        }
    }

    fn compile(&mut self, c: &Core, tail: bool) -> Node {
        match c {
            Core::Const(d) => Node::Const(super::quote::constant(self.vm, d)),
            Core::LocalRef(id) => self.reference(*id),
            Core::LocalSet(id, e) => {
                let v = self.compile(e, false);
                self.assign(*id, v)
            }
            Core::GlobalRef(name, pos) => {
                Node::Global(self.vm.global_cell(name), name.clone(), *pos)
            }
            Core::GlobalSet(name, e, pos) => {
                let v = self.compile(e, false);
                Node::SetGlobal(self.vm.global_cell(name), name.clone(), *pos, Box::new(v))
            }
            Core::GlobalDefine(name, e) => {
                let v = self.compile(e, false);
                Node::DefineGlobal(self.vm.global_cell(name), Box::new(v))
            }
            Core::If(a, b, e) => Node::If(
                Box::new(self.compile(a, false)),
                Box::new(self.compile(b, tail)),
                Box::new(self.compile(e, tail)),
            ),
            Core::Lambda(l) => {
                let (lam, captures) =
                    self.lambda(&l.params, l.rest.as_ref(), &l.body, l.name.clone(), l.pos);
                Node::Closure(lam, captures)
            }
            Core::Seq(es) => {
                let n = es.len();
                Node::Seq(
                    es.iter()
                        .enumerate()
                        .map(|(i, e)| self.compile(e, tail && i + 1 == n))
                        .collect(),
                )
            }
            Core::Call(f, args, pos) => {
                let known = match &**f {
                    Core::LocalRef(id) => self.fixed.get(id).cloned(),
                    _ => None,
                };
                let func = self.compile(f, false);
                let args = args.iter().map(|a| self.compile(a, false)).collect();
                Node::Call(Box::new(Call {
                    func,
                    args,
                    tail,
                    pos: *pos,
                    known,
                }))
            }
            Core::Let(vars, inits, body) => self.compile_let(vars, inits, body, tail),
            Core::Letrec(vars, inits, body) => self.compile_letrec(vars, inits, body, tail),
        }
    }

    fn bind_slots(&mut self, vars: &[Var]) -> u32 {
        let first = self.alloc_slots(vars.len() as u32);
        for (i, v) in vars.iter().enumerate() {
            self.scope().slots.insert(v.id, first + i as u32);
        }
        first
    }

    fn compile_let(&mut self, vars: &[Var], inits: &[Core], body: &Core, tail: bool) -> Node {
        // Slots first: the inits run while earlier inits' values already sit in them.
        let mark = self.scope().next_slot;
        let first = self.alloc_slots(vars.len() as u32);
        let inits: Vec<Node> = inits.iter().map(|e| self.compile(e, false)).collect();
        for (i, v) in vars.iter().enumerate() {
            self.scope().slots.insert(v.id, first + i as u32);
        }
        let boxed = vars.iter().map(|v| self.boxed(v.id)).collect();
        let body = Box::new(self.compile(body, tail));
        self.scope().next_slot = mark;
        Node::Let {
            first,
            inits,
            boxed,
            body,
        }
    }

    fn compile_letrec(&mut self, vars: &[Var], inits: &[Core], body: &Core, tail: bool) -> Node {
        let mark = self.scope().next_slot;
        let first = self.bind_slots(vars);
        let node = if self.is_fix(vars, inits) {
            let cells: Vec<KnownLambda> = vars.iter().map(|_| Rc::default()).collect();
            for (v, c) in vars.iter().zip(&cells) {
                self.fixed.insert(v.id, c.clone());
            }
            let lambdas: Vec<Node> = inits.iter().map(|e| self.compile(e, false)).collect();
            for (l, c) in lambdas.iter().zip(&cells) {
                if let Node::Closure(lam, _) = l {
                    c.set(Some(lam));
                }
            }
            let patches = fix_patches(&lambdas, first, vars.len() as u32);
            Node::Fix {
                first,
                lambdas,
                patches,
                body: Box::new(self.compile(body, tail)),
            }
        } else {
            let boxed = vars.iter().map(|v| self.boxed(v.id)).collect();
            let inits = inits.iter().map(|e| self.compile(e, false)).collect();
            Node::Letrec {
                first,
                inits,
                boxed,
                body: Box::new(self.compile(body, tail)),
            }
        };
        self.scope().next_slot = mark;
        node
    }

    /// Compiles a lambda in a new scope; returns it with the captures its closures take.
    fn lambda(
        &mut self,
        required: &[Var],
        rest: Option<&Var>,
        body: &Core,
        name: Option<Rc<str>>,
        pos: Pos,
    ) -> (&'static Lambda, Vec<Capture>) {
        self.scopes.push(Scope::default());
        let params: Vec<Var> = required.iter().chain(rest).cloned().collect();
        self.bind_slots(&params);
        let boxed_params = params
            .iter()
            .enumerate()
            .filter(|(_, p)| self.boxed(p.id))
            .map(|(i, _)| i as u32)
            .collect();
        let tail = std::mem::replace(&mut self.outer_tail, true);
        let body = self.compile(body, tail);
        let scope = self.scopes.pop().expect("scope");
        let captures = scope
            .free
            .iter()
            .map(|&id| self.locate(id, self.scopes.len().wrapping_sub(1)))
            .collect();
        let lam = Lambda {
            nreq: required.len() as u32,
            rest: rest.is_some(),
            frame: scope.frame,
            nfree: scope.free.len() as u32,
            boxed_params,
            body,
            tail_calls: tail,
            name,
            pos,
            id: self.vm.fresh_id(),
            calls: Cell::new(0),
            code: Cell::new(0),
            jit: Cell::new(super::node::JitState::Cold),
            bytecode: Default::default(),
            unit: Cell::new(Value::FALSE),
        };
        let lam: &'static Lambda = Box::leak(Box::new(lam));
        self.lambdas.push(lam);
        (lam, captures)
    }
}

/// The patches that tie a `Fix` group's closures to each other.
fn fix_patches(lambdas: &[Node], first: u32, n: u32) -> Vec<FixPatch> {
    let mut patches = Vec::new();
    for (i, l) in lambdas.iter().enumerate() {
        let Node::Closure(_, caps) = l else {
            unreachable!("Fix holds closures")
        };
        for (j, cap) in caps.iter().enumerate() {
            if let Capture::Local(s) = *cap {
                if (first..first + n).contains(&s) {
                    patches.push(FixPatch {
                        closure: i as u32,
                        free: j as u32,
                        target: s - first,
                    });
                }
            }
        }
    }
    patches
}
