//! `exec`: evaluates one IR node in the frame at `fp` of closure `clo`.

use super::frame::make_closure;
use crate::ir::node::{Call, Node};
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Evaluates `node`. A call in tail position returns `Value::TAIL` after setting up the call over
/// the current frame (whose procedure slot is `fp - 4`).
pub fn exec(vm: &mut Vm, node: &Node, fp: usize, clo: Value) -> R<Value> {
    match node {
        Node::Const(v) => Ok(*v),
        Node::Local(i) => Ok(vm.stack.get(fp + 4 * *i as usize)),
        Node::LocalBoxed(i) => Ok(obj::unbox(vm.stack.get(fp + 4 * *i as usize))),
        Node::Free(i) => Ok(obj::closure_free(clo, *i)),
        Node::FreeBoxed(i) => Ok(obj::unbox(obj::closure_free(clo, *i))),
        Node::Global(cell, name, _) => {
            let v = obj::cell_value(*cell);
            if v == Value::UNASSIGNED {
                return Err(unbound(vm, name));
            }
            Ok(v)
        }
        Node::SetLocal(i, e) => {
            let v = exec(vm, e, fp, clo)?;
            vm.stack.set(fp + 4 * *i as usize, v);
            Ok(Value::VOID)
        }
        Node::SetLocalBoxed(i, e) => {
            let v = exec(vm, e, fp, clo)?;
            obj::set_box(vm.stack.get(fp + 4 * *i as usize), v);
            Ok(Value::VOID)
        }
        Node::SetFreeBoxed(i, e) => {
            let v = exec(vm, e, fp, clo)?;
            obj::set_box(obj::closure_free(clo, *i), v);
            Ok(Value::VOID)
        }
        Node::SetGlobal(cell, name, _, e) => {
            let v = exec(vm, e, fp, clo)?;
            if obj::cell_value(*cell) == Value::UNASSIGNED {
                return Err(unbound(vm, name));
            }
            obj::set_cell_value(*cell, v);
            Ok(Value::VOID)
        }
        Node::DefineGlobal(cell, e) => {
            let v = exec(vm, e, fp, clo)?;
            obj::set_box(*cell, v);
            Ok(Value::VOID)
        }
        Node::If(c, t, e) => {
            if exec(vm, c, fp, clo)?.is_true() {
                exec(vm, t, fp, clo)
            } else {
                exec(vm, e, fp, clo)
            }
        }
        Node::Closure(lam, caps) => Ok(make_closure(vm, lam, caps, fp, clo)),
        Node::Seq(nodes) => {
            let (last, init) = nodes.split_last().expect("non-empty sequence");
            for n in init {
                exec(vm, n, fp, clo)?;
            }
            exec(vm, last, fp, clo)
        }
        Node::Call(call) => exec_call(vm, call, fp, clo),
        Node::Let {
            first,
            inits,
            boxed,
            body,
        } => {
            for (i, init) in inits.iter().enumerate() {
                let v = exec(vm, init, fp, clo)?;
                let v = if boxed[i] { vm.make_box(v) } else { v };
                vm.stack.set(fp + 4 * (*first as usize + i), v);
            }
            exec(vm, body, fp, clo)
        }
        Node::Letrec {
            first,
            inits,
            boxed,
            body,
        } => {
            for (i, &b) in boxed.iter().enumerate() {
                let v = if b {
                    vm.make_box(Value::UNASSIGNED)
                } else {
                    Value::UNASSIGNED
                };
                vm.stack.set(fp + 4 * (*first as usize + i), v);
            }
            for (i, init) in inits.iter().enumerate() {
                let v = exec(vm, init, fp, clo)?;
                let addr = fp + 4 * (*first as usize + i);
                if boxed[i] {
                    obj::set_box(vm.stack.get(addr), v);
                } else {
                    vm.stack.set(addr, v);
                }
            }
            exec(vm, body, fp, clo)
        }
        Node::Fix {
            first,
            lambdas,
            patches,
            body,
        } => {
            for (i, l) in lambdas.iter().enumerate() {
                let v = exec(vm, l, fp, clo)?;
                vm.stack.set(fp + 4 * (*first as usize + i), v);
            }
            for p in patches {
                let c = vm.stack.get(fp + 4 * (*first + p.closure) as usize);
                let target = vm.stack.get(fp + 4 * (*first + p.target) as usize);
                obj::set_closure_free(c, p.free, target);
            }
            exec(vm, body, fp, clo)
        }
    }
}

fn unbound(vm: &mut Vm, name: &str) -> crate::vm::Unwind {
    let sym = vm.intern(name);
    vm.error(&format!("unbound variable: {name}"), &[sym])
}

/// Evaluates the operator and operands onto the stack, then calls (or sets up a tail call).
fn exec_call(vm: &mut Vm, call: &Call, fp: usize, clo: Value) -> R<Value> {
    let fslot = vm.stack.sp;
    if !vm.stack.has_room(call.args.len() + 1) {
        return Err(vm.stack_overflow());
    }
    let f = exec(vm, &call.func, fp, clo)?;
    vm.stack.push(f);
    for a in &call.args {
        let v = exec(vm, a, fp, clo)?;
        vm.stack.push(v);
    }
    let argc = call.args.len();
    if call.tail {
        let src = vm.stack.slice(fslot, argc + 1);
        let dst = fp - 4;
        for (i, &v) in src.iter().enumerate() {
            vm.stack.set(dst + 4 * i, v);
        }
        vm.stack.sp = dst + 4 * (argc + 1);
        vm.tail_argc = argc as u32;
        return Ok(Value::TAIL);
    }
    let r = vm.apply_at(fslot, argc);
    vm.stack.sp = fslot;
    r
}
