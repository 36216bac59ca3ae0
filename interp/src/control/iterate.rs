//! `map`, `for-each`, `vector-map`, `vector-for-each`, `string-map` and `string-for-each`,
//! stackless: each call of the procedure is staged from a continuation frame (`vm::kont`) that
//! holds the iteration's state, so a procedure that recurses through them nests no Rust frames.
//!
//! Frame states: lists `[f acc l1 … ln]` (the remaining lists; `acc` the results so far,
//! newest first), vectors `[f i acc v1 … vn]`.

use crate::obj;
use crate::value::Value;
use crate::vm::kont::{Buf, Kind};
use crate::vm::{Vm, R};

/// Whether the kind collects results.
fn collects(kind: Kind) -> bool {
    matches!(kind, Kind::Map | Kind::StringMap | Kind::VectorMap)
}

/// Starts or continues a walk over `lists`: the next call of `f`, or the result when a list
/// has ended.
pub fn lists_step(
    vm: &mut Vm,
    fslot: usize,
    kind: Kind,
    f: Value,
    acc: Value,
    lists: &[Value],
) -> R<Value> {
    if let [l] = *lists {
        // One list (the usual case): no buffers.
        if !obj::is_pair(l) {
            return finish(vm, kind, acc);
        }
        return vm.call_then(fslot, kind, &[f, acc, obj::cdr(l)], f, &[obj::car(l)]);
    }
    if lists.iter().any(|&l| !obj::is_pair(l)) {
        return finish(vm, kind, acc);
    }
    let mut heads = Buf::new();
    let mut state = Buf::new();
    state.push(f);
    state.push(acc);
    for &l in lists {
        heads.push(obj::car(l));
        state.push(obj::cdr(l));
    }
    vm.call_then(fslot, kind, state.as_slice(), f, heads.as_slice())
}

/// The end of a walk: the results in order, as a list, string or vector; `acc` is rooted by
/// the caller's frame.
fn finish(vm: &mut Vm, kind: Kind, acc: Value) -> R<Value> {
    if !collects(kind) {
        return Ok(Value::VOID);
    }
    if kind == Kind::Map {
        // `acc` reversed into a fresh list (not in place: a continuation captured in `f` may
        // come back to this frame and must find its results intact). Each `cons` roots its
        // operands, and what is left of `acc` stays reachable from it.
        let (mut out, mut l) = (Value::NIL, acc);
        while obj::is_pair(l) {
            out = vm.cons(obj::car(l), out);
            l = obj::cdr(l);
        }
        return Ok(out);
    }
    let items = {
        let mut v = Vec::new();
        let mut l = acc;
        while obj::is_pair(l) {
            v.push(obj::car(l));
            l = obj::cdr(l);
        }
        v.reverse();
        v
    };
    match kind {
        Kind::StringMap => {
            let mut text = String::with_capacity(items.len());
            for c in items {
                text.push(crate::prims::char_arg(vm, c, "string-map")?);
            }
            Ok(vm.string(&text))
        }
        Kind::VectorMap => Ok(vm.vector_of(&items)),
        _ => Ok(vm.list(&items)),
    }
}

/// The next step of a walk over vectors `vs` from index `i`.
pub fn vectors_step(
    vm: &mut Vm,
    fslot: usize,
    kind: Kind,
    f: Value,
    i: usize,
    acc: Value,
    vs: &[Value],
) -> R<Value> {
    let n = vs
        .iter()
        .map(|&v| obj::length(v) as usize)
        .min()
        .unwrap_or(0);
    if i >= n {
        return finish(vm, kind, acc);
    }
    let mut row = Buf::new();
    let mut state = Buf::new();
    state.extend(&[f, Value::fixnum(i as i32 + 1), acc]);
    for &v in vs {
        row.push(obj::elem(v, i as u32));
        state.push(v);
    }
    vm.call_then(fslot, kind, state.as_slice(), f, row.as_slice())
}

/// `(string-map f s …)` / `(string-for-each f s …)` (`kind`): a walk over the strings'
/// characters, as lists.
pub fn strings(vm: &mut Vm, a: &[Value], fslot: usize, kind: Kind, who: &str) -> R<Value> {
    crate::prims::procedure_arg(vm, a[0], who)?;
    let mut texts = Vec::with_capacity(a.len() - 1);
    for &s in &a[1..] {
        texts.push(
            crate::prims::string_arg(vm, s, who)?
                .as_str()
                .chars()
                .map(Value::char)
                .collect::<Vec<_>>(),
        );
    }
    let f = a[0];
    let mark = vm.roots.len();
    for t in &texts {
        let l = vm.list(t);
        vm.roots.push(l);
    }
    let lists = vm.roots[mark..].to_vec();
    vm.roots.truncate(mark);
    lists_step(vm, fslot, kind, f, Value::NIL, &lists)
}

/// `(vector-map f v …)` / `(vector-for-each f v …)` (`kind`), the arguments checked.
pub fn vectors(vm: &mut Vm, a: &[Value], fslot: usize, kind: Kind) -> R<Value> {
    vectors_step(vm, fslot, kind, a[0], 0, Value::NIL, &a[1..])
}

/// `(map f l …)`.
pub fn map(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    vm.check(obj::is_procedure(a[0]), "map", "a procedure", a[0])?;
    lists_step(vm, fslot, Kind::Map, a[0], Value::NIL, &a[1..])
}

/// `(for-each f l …)`.
pub fn for_each(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    vm.check(obj::is_procedure(a[0]), "for-each", "a procedure", a[0])?;
    lists_step(vm, fslot, Kind::ForEach, a[0], Value::NIL, &a[1..])
}

/// `(map f l)` / `(for-each f l)` (`kind`, one list) called from compiled code
/// (`jit_glue::entry`): `f` called from here for each element (`Vm::call_for_jit`: unbounded
/// like any compiled call) instead of from a continuation frame in an activation of the run
/// loop. Same order and results as the stackless walk: the rest of the list is taken before
/// each call, the results are collected newest first and copied in order at the end.
pub fn walk_for_jit(vm: &mut Vm, kind: Kind, f: Value, l: Value) -> R<Value> {
    let who = if kind == Kind::Map { "map" } else { "for-each" };
    vm.check(obj::is_procedure(f), who, "a procedure", f)?;
    // Roots: [acc, the rest of the list] (`f` may mutate the list it walks).
    let mark = vm.protect(Value::NIL);
    vm.protect(l);
    let r = loop {
        let l = vm.roots[mark + 1];
        if !obj::is_pair(l) {
            break Ok(());
        }
        vm.roots[mark + 1] = obj::cdr(l);
        match vm.call_for_jit(f, &[obj::car(l)]) {
            Ok(v) if kind == Kind::Map => {
                let acc = vm.cons(v, vm.roots[mark]);
                vm.roots[mark] = acc;
            }
            Ok(_) => {}
            Err(u) => break Err(u),
        }
    };
    let acc = vm.roots[mark];
    let r = r.and_then(|()| finish(vm, kind, acc));
    vm.unprotect(mark);
    r
}

/// A walk's callee returned `v` to the continuation frame at `kfp`.
pub fn resume(vm: &mut Vm, kind: Kind, kfp: usize, v: Value) -> R<Value> {
    let vectors = matches!(kind, Kind::VectorMap | Kind::VectorForEach);
    let at = if vectors { 2 } else { 1 };
    if collects(kind) {
        // `v` is on the stack (above the frame), the old `acc` in it: both rooted.
        let old = vm.kont_get(kfp, at);
        let acc = vm.cons(v, old);
        vm.kont_set(kfp, at, acc);
    }
    if matches!(kind, Kind::Map | Kind::ForEach) && vm.kont_state(kfp).len() == 3 {
        // One list, `[f acc l]`: the next call reuses the frame as it stands.
        let l = vm.kont_get(kfp, 2);
        if !obj::is_pair(l) {
            let acc = vm.kont_get(kfp, 1);
            return finish(vm, kind, acc);
        }
        vm.kont_set(kfp, 2, obj::cdr(l));
        let f = vm.kont_get(kfp, 0);
        return vm.call_again(kfp, kind, f, obj::car(l));
    }
    let mut state = Buf::new();
    state.extend(vm.kont_state(kfp));
    let state = state.as_slice();
    if vectors {
        let i = state[1].fixnum_value() as usize;
        vectors_step(vm, kfp - 4, kind, state[0], i, state[2], &state[3..])
    } else {
        lists_step(vm, kfp - 4, kind, state[0], state[1], &state[2..])
    }
}
