//! Creating closures, and the wrong-number-of-arguments error of closures.

use crate::heap::object::{closure, store, tag};
use crate::ir::node::{Capture, Lambda};
use crate::obj;
use crate::value::Value;
use crate::vm::Vm;

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
