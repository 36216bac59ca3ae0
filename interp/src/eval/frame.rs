//! Frames: entering a closure (argument count check, rest list, boxing) and creating closures.

use crate::heap::object::{closure, store, tag};
use crate::ir::node::{lambda_of, Capture, Lambda};
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Runs the closure at `fslot` on the `argc` arguments above it. Returns the body's value, or
/// `Value::TAIL` when the body ended in a tail call (set up at `fslot`).
pub fn run_closure(vm: &mut Vm, fslot: usize, argc: usize) -> R<Value> {
    let clo = vm.stack.get(fslot);
    let lam = lambda_of(clo);
    let fp = fslot + 4;
    enter(vm, lam, clo, fp, argc)?;
    crate::jit_glue::note_call(vm, lam, clo);
    super::exec(vm, &lam.body, fp, clo)
}

fn enter(vm: &mut Vm, lam: &Lambda, clo: Value, fp: usize, argc: usize) -> R<()> {
    let nreq = lam.nreq as usize;
    if argc < nreq || (!lam.rest && argc > nreq) {
        return Err(arity_error(vm, lam, clo, argc));
    }
    if !vm.stack.has_room(lam.frame as usize + 8)
        || fp + 4 * lam.frame as usize + 32 > vm.stack.limit
    {
        return Err(vm.stack_overflow());
    }
    if lam.rest {
        let rest = rest_list(vm, fp, nreq, argc);
        vm.stack.set(fp + 4 * nreq, rest);
    }
    let filled = nreq + lam.rest as usize;
    let end = fp + 4 * lam.frame as usize;
    let mut a = fp + 4 * filled;
    while a < end {
        vm.stack.set(a, Value::VOID);
        a += 4;
    }
    vm.stack.sp = end;
    for &slot in &lam.boxed_params {
        let addr = fp + 4 * slot as usize;
        let b = vm.make_box(vm.stack.get(addr));
        vm.stack.set(addr, b);
    }
    Ok(())
}

/// The arguments past the required ones as a fresh list (they stay rooted on the stack meanwhile).
fn rest_list(vm: &mut Vm, fp: usize, nreq: usize, argc: usize) -> Value {
    let args = vm.stack.slice(fp, argc);
    // Keep sp above all arguments while consing so they stay roots.
    vm.stack.sp = vm.stack.sp.max(fp + 4 * argc);
    vm.list(&args[nreq..])
}

/// The wrong-number-of-arguments error for a closure.
pub fn arity_error(vm: &mut Vm, lam: &Lambda, clo: Value, argc: usize) -> crate::vm::Unwind {
    let name = lam.name.as_deref().unwrap_or("#<procedure>");
    let expected = if lam.rest {
        format!("at least {}", lam.nreq)
    } else {
        lam.nreq.to_string()
    };
    let msg = format!("{name}: wrong number of arguments (expected {expected}, got {argc})");
    vm.error(&msg, &[clo])
}

/// Creates a closure of `lam`, taking its free values from the running frame.
pub fn make_closure(
    vm: &mut Vm,
    lam: &'static Lambda,
    captures: &[Capture],
    fp: usize,
    clo: Value,
) -> Value {
    let size = closure::size(captures.len() as u32);
    let a = vm.alloc(tag::CLOSURE, size, &[]);
    let code = match lam.code.get() {
        0 => crate::jit_glue::generic_code(),
        compiled => compiled,
    };
    store(a, closure::CODE, code);
    store(a, closure::LAMBDA, lam as *const Lambda as usize as u32);
    for (i, cap) in captures.iter().enumerate() {
        let v = match *cap {
            Capture::Local(slot) => vm.stack.get(fp + 4 * slot as usize),
            Capture::Free(k) => obj::closure_free(clo, k),
        };
        store(a, closure::free(i as u32), v.0);
    }
    Value(a)
}
