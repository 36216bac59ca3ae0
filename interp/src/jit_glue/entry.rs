//! Fast entries of common primitives: what a primitive object holds in its code slot instead of
//! the generic entry. Compiled code calls every procedure that is not an inline primitive or a
//! known closure through its code slot (`(less? a b)` with `less?` bound to `<`, `(f x)` with
//! `f` bound to `car`, and every call of `map` or `dynamic-wind`), so such a call reaches the
//! entry with one `call_indirect`. Interpreted code never looks at a primitive's code slot.
//!
//! - Simple primitives (`< + car eq? values`…) do the common case themselves (fixnum operands,
//!   a pair) and hand every other one — other arities, flonums, bignums, errors — to the
//!   generic entry, which performs the primitive. The generic path costs the runtime's
//!   dispatch (`apply_entry`, `apply_native`, the primitive table, the arity check, the
//!   variadic primitive's slice loop): several times the work.
//! - Procedure-calling primitives (`dynamic-wind`, `%parameterize`, one-list `map` and
//!   `for-each`) call their procedures from Rust (`Vm::call_for_jit`) instead of staging them
//!   from continuation frames (`vm::kont`), which from compiled code meant an activation of the
//!   run loop (`run_kont`) per call, costing several times the calls themselves. They nest
//!   natively like any compiled call, and only while the native budget has room (`may_nest`):
//!   past it they take the generic entry, whose continuation frames use no native stack, so
//!   recursion through them stays unbounded (ARCHITECTURE.md, "Depth"); an unwind passing
//!   through runs the `after` thunk or restores the parameters exactly as the continuation
//!   frames do.
//!
//! Sound by construction: a primitive object never changes what it is, so its entry always
//! answers for it; a variable later assigned something else holds another object, with its own
//! code slot. Each fast path computes exactly the primitive's result for the inputs it takes
//! (`tests/jit/primitive-in-variable.scm`, `wind-from-compiled.scm`, `walk-from-compiled.scm`).

use super::rt::{generic_entry, ret};
use crate::heap::object::load;
use crate::obj::{car as pair_car, cdr as pair_cdr, is_pair};
use crate::value::Value;
use crate::vm::{vm, Vm, R};

/// A code-slot function: `(proc, argc, argv) -> value` (0: see the VM).
type Entry = extern "C" fn(u32, u32, u32) -> u32;

/// The code slot of a primitive named `name`: its fast entry if it has one, else the generic
/// entry.
pub fn code_for(name: &str) -> u32 {
    let e: Entry = match name {
        "<" => lt,
        ">" => gt,
        "<=" => le,
        ">=" => ge,
        "=" => num_eq,
        "+" => add,
        "-" => sub,
        "car" => car,
        "cdr" => cdr,
        "eq?" => eq,
        "null?" => null_p,
        "pair?" => pair_p,
        "not" => not,
        "dynamic-wind" => dynamic_wind,
        "%parameterize" => parameterize,
        "map" => map,
        "values" => values,
        "for-each" => for_each,
        "apply" => apply,
        _ => generic_entry,
    };
    e as *const () as usize as u32
}

/// The entries that call no procedure and make no tail call: `apply` may call them from its
/// own entry (`apply`), nesting nothing.
const SIMPLE: [Entry; 14] = [
    lt, gt, le, ge, num_eq, add, sub, car, cdr, eq, null_p, pair_p, not, values,
];

/// Whether code slot `code` holds one of the `SIMPLE` entries.
fn is_simple(code: u32) -> bool {
    SIMPLE
        .iter()
        .any(|&e| e as *const () as usize as u32 == code)
}

/// Argument `i` of a call whose arguments start at `argv`.
#[inline(always)]
fn arg(argv: u32, i: u32) -> Value {
    Value(load(argv, 4 * i))
}

/// The two arguments of a two-argument call whose arguments are both fixnums, as tagged words
/// (`n << 1 | 1`: their signed order is the numbers' order).
#[inline(always)]
fn two_fixnums(argc: u32, argv: u32) -> Option<(i32, i32)> {
    if argc != 2 {
        return None;
    }
    let (a, b) = (arg(argv, 0), arg(argv, 1));
    (a.0 & b.0 & 1 == 1).then_some((a.0 as i32, b.0 as i32))
}

/// The one argument of a one-argument call.
#[inline(always)]
fn one(argc: u32, argv: u32) -> Option<Value> {
    (argc == 1).then(|| arg(argv, 0))
}

/// Defines a fast entry: `$fast` maps the entry's arguments to `Some(result)` or `None` (then
/// the generic entry performs the call).
macro_rules! entry {
    ($name:ident, |$argc:ident, $argv:ident| $fast:expr) => {
        extern "C" fn $name(proc: u32, $argc: u32, $argv: u32) -> u32 {
            let fast: Option<Value> = $fast;
            match fast {
                Some(v) => v.0,
                None => generic_entry(proc, $argc, $argv),
            }
        }
    };
}

entry!(lt, |argc, argv| two_fixnums(argc, argv)
    .map(|(a, b)| Value::bool(a < b)));
entry!(gt, |argc, argv| two_fixnums(argc, argv)
    .map(|(a, b)| Value::bool(a > b)));
entry!(le, |argc, argv| two_fixnums(argc, argv)
    .map(|(a, b)| Value::bool(a <= b)));
entry!(ge, |argc, argv| two_fixnums(argc, argv)
    .map(|(a, b)| Value::bool(a >= b)));
entry!(num_eq, |argc, argv| two_fixnums(argc, argv)
    .map(|(a, b)| Value::bool(a == b)));
// Tagged: (2x+1) + (2y+1) - 1 = 2(x+y)+1; an i32 overflow is a result outside the fixnums,
// which the generic entry makes a bignum.
entry!(add, |argc, argv| two_fixnums(argc, argv)
    .and_then(|(a, b)| a.checked_add(b - 1))
    .map(|s| Value(s as u32)));
// Tagged: (2x+1) - (2y+1) + 1 = 2(x-y)+1.
entry!(sub, |argc, argv| two_fixnums(argc, argv)
    .and_then(|(a, b)| a.checked_sub(b)?.checked_add(1))
    .map(|s| Value(s as u32)));
entry!(car, |argc, argv| one(argc, argv)
    .filter(|&p| is_pair(p))
    .map(pair_car));
entry!(cdr, |argc, argv| one(argc, argv)
    .filter(|&p| is_pair(p))
    .map(pair_cdr));
entry!(eq, |argc, argv| (argc == 2)
    .then(|| Value::bool(arg(argv, 0) == arg(argv, 1))));
entry!(null_p, |argc, argv| one(argc, argv)
    .map(|v| Value::bool(v.is_null())));
entry!(pair_p, |argc, argv| one(argc, argv)
    .map(|v| Value::bool(is_pair(v))));
entry!(not, |argc, argv| one(argc, argv)
    .map(|v| Value::bool(v == Value::FALSE)));

/// `(values v …)`: the one value itself, or a values object of the arguments (`let-values`'
/// producers in tail position call it through the code slot).
extern "C" fn values(_proc: u32, argc: u32, argv: u32) -> u32 {
    if argc == 1 {
        return arg(argv, 0).0;
    }
    let vm = vm();
    // The arguments are roots while the object is allocated.
    vm.stack.sp = argv as usize + 4 * argc as usize;
    let args = vm.stack.slice(argv as usize, argc as usize);
    vm.values(args).0
}

/// `(dynamic-wind before thunk after)` called from compiled code: the three calls made from
/// here (`Vm::call_for_jit`) instead of from continuation frames in an activation of the run
/// loop (`control::continuations`, `run_kont`), which cost several times the calls themselves.
/// An unwind leaving the thunk runs `after` and goes on, as the `WindBody` frame does; one
/// leaving `before` does not (the extent was not entered).
extern "C" fn dynamic_wind(proc: u32, argc: u32, argv: u32) -> u32 {
    nesting(proc, argc, argv, 3, |vm, a| wind(vm, a[0], a[1], a[2]))
}

/// `(%parameterize params values thunk)` called from compiled code: the thunk called from here
/// (`control::parameters::parameterize_for_jit`), for the same reason as `dynamic_wind`.
extern "C" fn parameterize(proc: u32, argc: u32, argv: u32) -> u32 {
    nesting(proc, argc, argv, 3, |vm, a| {
        crate::control::parameters::parameterize_for_jit(vm, [a[0], a[1], a[2]])
    })
}

/// `(map f l)` called from compiled code: `f` called from here for each element
/// (`control::iterate::walk_for_jit`), for the same reason as `dynamic_wind`. Several lists
/// take the generic entry.
extern "C" fn map(proc: u32, argc: u32, argv: u32) -> u32 {
    nesting(proc, argc, argv, 2, |vm, a| {
        crate::control::iterate::walk_for_jit(vm, crate::vm::kont::Kind::Map, a[0], a[1])
    })
}

/// `(for-each f l)` called from compiled code, as `map`.
extern "C" fn for_each(proc: u32, argc: u32, argv: u32) -> u32 {
    nesting(proc, argc, argv, 2, |vm, a| {
        crate::control::iterate::walk_for_jit(vm, crate::vm::kont::Kind::ForEach, a[0], a[1])
    })
}

/// The entry of a procedure-calling primitive taking `arity` arguments: `body` on them, which
/// calls procedures from Rust, when the call has that many and `may_nest` allows it; else the
/// generic entry (other arities, and deep recursion: see `may_nest`). The frame (the primitive
/// and its arguments) stays below `sp`, so the arguments are roots while `body` runs.
fn nesting(
    proc: u32,
    argc: u32,
    argv: u32,
    arity: u32,
    body: impl FnOnce(&mut Vm, &[Value]) -> R<Value>,
) -> u32 {
    let vm = vm();
    if argc != arity || !may_nest(vm) {
        return generic_entry(proc, argc, argv);
    }
    vm.stack.sp = argv as usize + 4 * arity as usize;
    let mut a = [Value::FALSE; 3];
    for (i, slot) in a.iter_mut().take(arity as usize).enumerate() {
        *slot = arg(argv, i as u32);
    }
    let r = body(vm, &a[..arity as usize]);
    ret(vm, r)
}

/// Whether a procedure-calling entry may call from Rust: while the native budget has room to
/// spare. Past it the generic entry stages the calls from continuation frames, which use no
/// native stack, so deep recursion through these primitives continues stacklessly instead of
/// nesting Rust frames until a small host stack (Node, stock wasmtime) runs out.
fn may_nest(vm: &Vm) -> bool {
    vm.native_room() && vm.depth + NEST_RESERVE < vm.depth_limit
}

/// Native-depth units kept in hand by `may_nest`: one call through an entry and the Rust frames
/// under it (`call_for_jit`, `apply_at`) with room to spare.
const NEST_RESERVE: u32 = 64;

fn wind(vm: &mut Vm, before: Value, thunk: Value, after: Value) -> R<Value> {
    vm.call_for_jit(before, &[])?;
    let r = vm.call_for_jit(thunk, &[]);
    // What the thunk returned, or the payload of the unwind leaving it, must survive `after`.
    let mark = vm.protect(match &r {
        Ok(v) => *v,
        Err(u) => u.payload(),
    });
    let a = vm.call_for_jit(after, &[]);
    vm.unprotect(mark);
    a?;
    r
}

/// How many list elements `apply`'s entry spreads itself.
const APPLY_MAX: usize = 4;

/// `(apply f l)` called from compiled code, `f` a primitive with a `SIMPLE` entry and `l` a
/// proper list of at most `APPLY_MAX` elements (an interpreter's `(apply + args)`): stages the
/// call above the frame and calls `f`'s entry from here, instead of the generic path's tail
/// call that the caller's `settle` then dispatches. Anything else takes the generic entry.
extern "C" fn apply(proc: u32, argc: u32, argv: u32) -> u32 {
    if argc == 2 {
        let (f, l) = (arg(argv, 0), arg(argv, 1));
        if crate::obj::is(f, crate::heap::object::tag::PRIMITIVE) {
            let code = load(f.0, crate::heap::object::primitive::CODE);
            if is_simple(code) {
                if let Some(r) = apply_simple(f, code, l, argv) {
                    return r;
                }
            }
        }
    }
    generic_entry(proc, argc, argv)
}

fn apply_simple(f: Value, code: u32, mut l: Value, argv: u32) -> Option<u32> {
    let mut items = [Value::VOID; APPLY_MAX];
    let mut n = 0;
    while is_pair(l) {
        if n == APPLY_MAX {
            return None;
        }
        items[n] = pair_car(l);
        l = pair_cdr(l);
        n += 1;
    }
    if !l.is_null() {
        return None;
    }
    let vm = vm();
    // Staged above our frame, which stays a root: [f][items…].
    vm.stack.sp = argv as usize + 8;
    if !vm.stack.has_room(n + 1) {
        return None;
    }
    let fslot = vm.stack.sp;
    vm.stack.push(f);
    for &v in &items[..n] {
        vm.stack.push(v);
    }
    // SAFETY: `code` is one of the `SIMPLE` entries, a function of the code-slot type.
    let entry: Entry = unsafe { std::mem::transmute(code as usize) };
    let r = entry(f.0, n as u32, fslot as u32 + 4);
    vm.stack.sp = argv as usize + 8;
    Some(r)
}
