//! The runtime functions JIT code imports (the list is `kiln_jit::runtime::RUNTIME`), and the
//! generic entry every non-compiled procedure has in its code slot.
//!
//! All follow the JIT convention: a result of 0 means "not a value" — the unwind is parked in the
//! VM (`Vm::pending`) or a tail call is pending (`Vm::tail_pending`) in the frame the caller knows.

use crate::eval::make_closure;
use crate::ir::node::{lambda_of, Node};
use crate::value::Value;
use crate::vm::{vm, Vm, R};

/// Converts a runtime result to the JIT convention.
pub(super) fn ret(vm: &mut Vm, r: R<Value>) -> u32 {
    match r {
        Ok(Value::TAIL) => {
            vm.tail_pending = true;
            0
        }
        Ok(v) => v.0,
        Err(u) => {
            vm.pending = Some(u);
            0
        }
    }
}

/// The code slot of every procedure that has no compiled code: interprets or dispatches it.
/// A tail call to compiled code comes back as "tail call pending" so the caller's loop performs it
/// (mutual tail calls between JIT and interpreted code run in constant stack).
pub extern "C" fn generic_entry(_proc: u32, argc: u32, argv: u32) -> u32 {
    let vm = vm();
    let r = vm.apply_entry(argv as usize - 4, argc as usize);
    ret(vm, r)
}

#[no_mangle]
pub extern "C" fn kiln_rt_settle(fslot: u32) -> u32 {
    let vm = vm();
    // A 0 result is either a pending tail call or an unwind; only the former is ours to finish.
    if !std::mem::take(&mut vm.tail_pending) {
        return 0;
    }
    let argc = vm.tail_argc as usize;
    // The pending call's procedure and arguments sit at fslot: make them roots.
    vm.stack.sp = fslot as usize + 4 * (argc + 1);
    let r = vm.apply_for_jit(fslot as usize, argc);
    ret(vm, r)
}

/// A compiled frame of `proc` unwinds from its call at site id `site` (`backtrace`).
#[no_mangle]
pub extern "C" fn kiln_rt_trace(proc: u32, site: u32) {
    crate::backtrace::compiled_frame(vm(), Value(proc), site);
}

#[no_mangle]
pub extern "C" fn kiln_rt_apply(fslot: u32, argc: u32) -> u32 {
    let vm = vm();
    let r = vm.apply_for_jit(fslot as usize, argc as usize);
    ret(vm, r)
}

#[no_mangle]
pub extern "C" fn kiln_rt_unbound(cell: u32) -> u32 {
    let vm = vm();
    let e = vm.unbound_variable(Value(cell));
    ret(vm, Err(e))
}

#[no_mangle]
pub extern "C" fn kiln_rt_arity(proc: u32, argc: u32) -> u32 {
    let vm = vm();
    let e = crate::eval::arity_error(vm, lambda_of(Value(proc)), Value(proc), argc as usize);
    ret(vm, Err(e))
}

#[no_mangle]
pub extern "C" fn kiln_rt_rest(argv: u32, nreq: u32, argc: u32) -> u32 {
    let vm = vm();
    let args = vm.stack.slice(argv as usize, argc as usize);
    vm.list(&args[nreq as usize..]).0
}

/// A compiled non-tail call past `Vm::depth_limit` (the call site has counted it): raises a
/// pending interrupt or, past `--max-depth`, "stack overflow"; otherwise the native stack's
/// budget is spent, and the call runs in the stackless interpreter — which runs even compiled
/// closures from their bytecode until native frames have unwound — and returns its value.
#[no_mangle]
pub extern "C" fn kiln_rt_deep_call(fslot: u32, argc: u32) -> u32 {
    let vm = vm();
    let (fslot, argc) = (fslot as usize, argc as usize);
    vm.stack.sp = fslot + 4 * (argc + 1);
    if let Err(e) = vm.check_native_depth(false) {
        return ret(vm, Err(e));
    }
    let r = crate::eval::run(vm, fslot, argc, false);
    ret(vm, r)
}

/// A compiled function's frame does not fit in the current stack segment: performs its call in a
/// new segment (copying the procedure and arguments there) and returns the result. Tail calls the
/// callee sets up are performed here too, before the segment is left.
#[no_mangle]
pub extern "C" fn kiln_rt_grow(_proc: u32, argc: u32, argv: u32, slots: u32) -> u32 {
    let vm = vm();
    let (argc, old) = (argc as usize, argv as usize - 4);
    vm.stack.sp = argv as usize + 4 * argc;
    let segments = vm.stack.segments();
    if vm.stack.push_segment(slots as usize + argc + 1).is_none() {
        let e = vm.out_of_memory();
        return ret(vm, Err(e));
    }
    let fslot = vm.stack.sp;
    for i in 0..=argc {
        let v = vm.stack.get(old + 4 * i);
        vm.stack.push(v);
    }
    let r = vm.apply_for_jit(fslot, argc);
    vm.stack.pop_to(segments);
    vm.stack.sp = old + 4 * (argc + 1);
    ret(vm, r)
}

#[no_mangle]
pub extern "C" fn kiln_rt_closure(node: u32, argv: u32, proc: u32) -> u32 {
    // SAFETY: JIT code passes the address of a `Node::Closure` of a leaked lambda.
    let node = unsafe { &*(node as usize as *const Node) };
    let Node::Closure(lam, caps) = node else {
        unreachable!("kiln_rt_closure on a non-closure node")
    };
    make_closure(vm(), lam, caps, argv as usize, Value(proc)).0
}

/// The refill of compiled code's inline allocation (ARCHITECTURE.md, "Inline allocation"): an
/// object of `size` bytes (rounded up to `alloc::ALIGN`) with header `tag`, zeroed, after a
/// collection if one is due. The caller has set `sp` above its live frame slots (a collection
/// may run) and stores the fields itself. Never returns 0: running out of memory takes the
/// out-of-memory path (the error is raised at the next call).
#[no_mangle]
pub extern "C" fn kiln_rt_alloc(tag: u32, size: u32) -> u32 {
    let size = kiln_jit::layout::alloc::rounded(size);
    vm().alloc_slow(tag, size, &[])
}
