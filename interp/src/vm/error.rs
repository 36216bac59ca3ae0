//! Raising: Scheme conditions for runtime errors, `raise` with the handler stack.
//!
//! R7RS semantics: `raise` calls the innermost handler *at the point of the raise*, with the outer
//! handlers installed. A `guard` installs a barrier (a fixnum id) instead of a procedure; reaching a
//! barrier, or no handler at all, turns the raise into `Unwind::Raise`, which travels up the Rust
//! stack to the guard (or to the top level, which prints it).

use super::{Unwind, Vm, R};
use crate::heap::object::tag;
use crate::value::Value;

impl Vm {
    /// An error object with `kind` (a symbol name such as `error`, `read-error`, `file-error`),
    /// `message` and `irritants`.
    pub fn make_error(&mut self, kind: &str, message: &str, irritants: &[Value]) -> Value {
        let mark = self.roots.len();
        let irritants = self.list(irritants);
        self.roots.push(irritants);
        let message = self.string(message);
        self.roots.push(message);
        let kind = self.intern(kind);
        let e = self.tuple(tag::ERROR, &[kind, message, irritants]);
        self.roots.truncate(mark);
        e
    }

    /// Raises an error condition and returns what to propagate. Usage: `return Err(vm.error(…))`.
    pub fn error(&mut self, message: &str, irritants: &[Value]) -> Unwind {
        self.error_of_kind("error", message, irritants)
    }

    /// As `error`, with a condition kind (`read-error`, `file-error`).
    pub fn error_of_kind(&mut self, kind: &str, message: &str, irritants: &[Value]) -> Unwind {
        let e = self.make_error(kind, message, irritants);
        match self.raise(e, false) {
            Err(u) => u,
            Ok(_) => unreachable!("a non-continuable raise never returns"),
        }
    }

    /// "stack overflow": raised without calling handlers (they would need the stack that is
    /// exhausted), so only a `guard` or the top level sees it.
    pub fn stack_overflow(&mut self) -> Unwind {
        Unwind::Raise(self.make_error("error", "stack overflow", &[]))
    }

    /// `raise` / `raise-continuable`: calls the current handler, or unwinds to a guard / the top.
    pub fn raise(&mut self, obj: Value, continuable: bool) -> R<Value> {
        let handler = match self.handlers.last() {
            Some(&h) if !h.is_fixnum() => h,
            _ => return Err(Unwind::Raise(obj)),
        };
        let saved = self.handlers.len();
        let mark = self.protect(obj);
        self.protect(handler);
        self.handlers.pop();
        let result = self.call(handler, &[obj]);
        let outcome = match result {
            Ok(v) if continuable => Ok(v),
            Ok(_) => {
                let e = self.make_error("error", "exception handler returned from a non-continuable raise", &[obj]);
                self.raise(e, false)
            }
            Err(u) => Err(u),
        };
        self.handlers.truncate(saved - 1);
        self.handlers.push(handler);
        self.unprotect(mark);
        outcome
    }

    /// Checks an argument's type: `Err` is the condition "`who`: expected `what`" with the value.
    #[inline]
    pub fn check(&mut self, ok: bool, who: &str, what: &str, v: Value) -> R<()> {
        if ok {
            Ok(())
        } else {
            Err(self.error(&format!("{who}: expected {what}"), &[v]))
        }
    }
}
