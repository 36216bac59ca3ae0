//! Raising: Scheme conditions for runtime errors, `raise` with the handler stack.
//!
//! R7RS semantics: `raise` calls the innermost handler *at the point of the raise*, with the outer
//! handlers installed. A `guard` installs an entry `(id . clauses)`: its clause tests run at the
//! raise point too; a match unwinds to the guard (`Unwind::Escape` with the guard's id) to run the
//! clause body there. No handler left turns the raise into `Unwind::Raise`, which travels up to
//! the top level, which prints it; guards it passes were asked already and let it through. A raise
//! that could not call handlers (stack overflow, out of memory) is `Unwind::Bypass` instead: the
//! guards it passes ask their clauses then.

use super::{Unwind, Vm, R};
use crate::heap::object::{error, tag};
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
        let e = self.error_object(kind, message, irritants);
        self.roots.truncate(mark);
        e
    }

    /// An error object of the `kind` symbol, `message` (any value) and `irritants` list.
    pub fn error_object(&mut self, kind: Value, message: Value, irritants: Value) -> Value {
        self.fixed(
            tag::ERROR,
            error::SIZE,
            [
                (error::KIND, kind),
                (error::MESSAGE, message),
                (error::IRRITANTS, irritants),
            ],
        )
    }

    /// Raises an error condition and returns what to propagate. Usage: `return Err(vm.error(…))`.
    pub fn error(&mut self, message: &str, irritants: &[Value]) -> Unwind {
        self.error_of_kind("error", message, irritants)
    }

    /// "unbound variable" for global `cell`: the message alone, the variable's name as the one
    /// irritant (as every other error prints `MESSAGE IRRITANT…`, so the name is printed once).
    /// The interpreter and compiled code (`kiln_rt_unbound`) both raise it here.
    pub fn unbound_variable(&mut self, cell: Value) -> Unwind {
        // The cell's name is a symbol of the expander's (`name in (lib)` for a library's
        // global); interning it again gives the program a symbol it can compare with `eq?`.
        let name = crate::obj::symbol_name(crate::obj::cell_name(cell)).to_string();
        let sym = self.intern(crate::expand::display_name(&name));
        self.error("unbound variable", &[sym])
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
    ///
    /// Calls also come here when an interrupt is pending (see `vm::interrupt`): then the
    /// interrupt is raised instead.
    pub fn stack_overflow(&mut self) -> Unwind {
        if let Some(i) = self.take_interrupt() {
            return self.interrupt_unwind(i);
        }
        let e = self.make_error("error", "stack overflow", &[]);
        self.trace.begin(e);
        Unwind::Bypass(e)
    }

    /// `raise` / `raise-continuable`: calls the current handler at the point of the raise, or
    /// unwinds to a guard / the top.
    pub fn raise(&mut self, obj: Value, continuable: bool) -> R<Value> {
        let level = self.handlers.len();
        self.raise_from(obj, continuable, level)
    }

    /// Raises to the handlers below `level` (the ones outside the handler now running).
    ///
    /// A plain handler is called with only the handlers outside it installed. A guard entry
    /// `(id . clauses)` is asked which clause applies: its answer is a thunk of that clause's body
    /// (unwind to the guard and run it there) or `#f`, in which case the guard is transparent and
    /// the raise goes on outwards from here — R7RS's "re-raise in the dynamic environment of the
    /// original raise", so an outer `raise-continuable` handler can still resume.
    fn raise_from(&mut self, obj: Value, continuable: bool, mut level: usize) -> R<Value> {
        let mark = self.protect(obj);
        let r = loop {
            if level == 0 {
                // Uncaught here: its unwind records where it went (`backtrace`).
                self.trace.begin(obj);
                break Err(Unwind::Raise(obj));
            }
            level -= 1;
            let h = self.handlers[level];
            let guard = crate::obj::is_pair(h);
            let proc = if guard { crate::obj::cdr(h) } else { h };
            let result = self.call_with_handlers(level, proc, obj);
            match result {
                Ok(Value::FALSE) if guard => continue,
                Ok(thunk) if guard => {
                    let id = crate::obj::car(h).fixnum_value() as u32;
                    break Err(Unwind::Escape { id, value: thunk });
                }
                Ok(v) if continuable => break Ok(v),
                Ok(_) => {
                    let e = self.make_error(
                        "error",
                        "exception handler returned from a non-continuable raise",
                        &[obj],
                    );
                    break self.raise_from(e, false, level);
                }
                Err(u) => break Err(u),
            }
        };
        self.unprotect(mark);
        r
    }

    /// Calls `proc` on `obj` with only `handlers[..level]` installed, then restores the stack.
    fn call_with_handlers(&mut self, level: usize, proc: Value, obj: Value) -> R<Value> {
        let inner = self.handlers.split_off(level);
        let mark = self.roots.len();
        self.roots.extend_from_slice(&inner);
        let r = self.call(proc, &[obj]);
        self.handlers.truncate(level);
        self.handlers.extend_from_slice(&inner);
        self.roots.truncate(mark);
        r
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
