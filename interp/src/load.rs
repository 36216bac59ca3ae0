//! Loading code: source text → datums → expansion → analysis → execution, one top-level form at a
//! time (a macro defined by one form applies to the next). Also the reporting of uncaught errors.

use crate::eval::make_closure;
use crate::heap::object::{error, tag};
use crate::ir::analyze::analyze_toplevel;
use crate::ir::node::Lambda;
use crate::obj;
use crate::syntax::datum::{Datum, Pos};
use crate::value::Value;
use crate::vm::{Unwind, Vm, R};

/// Exit status of a program whose text could not be read or expanded (EX_DATAERR).
pub const EXIT_SYNTAX: i32 = 65;
/// Exit status of a program ended by an uncaught error (EX_SOFTWARE).
pub const EXIT_ERROR: i32 = 70;

/// How running some code ended, when it did not end normally.
pub enum Failure {
    /// A read or syntax error, already formatted with its position.
    Syntax(String),
    /// An unwind that reached the top level.
    Unwound(Unwind),
}

/// Formats `pos` as `file:line:col`.
pub fn format_pos(vm: &Vm, pos: Pos) -> String {
    let file = vm.file_name(pos.file).unwrap_or("<input>");
    format!("{file}:{}:{}", pos.line, pos.col)
}

/// Expands, analyses and runs one top-level form.
pub fn run_form(vm: &mut Vm, form: &Datum) -> Result<Value, Failure> {
    // Between top-level forms nothing runs: a safe point to link what compiled meanwhile (a REPL
    // entry may make too few calls to reach the hotness path's poll).
    crate::jit_glue::flush::poll(vm);
    let lam = prepare_form(vm, form)?;
    run_prepared(vm, lam)
}

/// Expands and analyses one top-level form without running it (`kiln bundle` prepares every form
/// before running any). Macros it defines apply to the forms expanded after it.
pub fn prepare_form(vm: &mut Vm, form: &Datum) -> Result<&'static Lambda, Failure> {
    let core = match vm.expander.expand_toplevel(form) {
        Ok(c) => c,
        Err(e) => {
            let at = e
                .pos
                .or(form.pos())
                .map(|p| format_pos(vm, p) + ": ")
                .unwrap_or_default();
            return Err(Failure::Syntax(format!("{at}syntax error: {}", e.msg)));
        }
    };
    install_library_bodies(vm);
    Ok(analyze_toplevel(vm, &core, false))
}

/// Makes each library body the expander has newly needed a closure of no arguments in its
/// library's cell, for `%load-library` to run once. Called after every expansion, before what
/// was expanded runs (bundles expand every form first: the bodies are then in the snapshot).
/// A body is analysed as a program's top-level form is (no tail calls: backtraces of errors in
/// it end at its own forms).
pub fn install_library_bodies(vm: &mut Vm) {
    for (cell, core) in vm.expander.take_library_bodies() {
        let lam = analyze_toplevel(vm, &core, false);
        let sp = vm.stack.sp;
        let unit = vm.protect(lam.unit.get());
        let closure = make_closure(vm, lam, &[], sp, Value::FALSE);
        vm.unprotect(unit);
        vm.define_global(&cell, closure);
    }
}

/// Runs a top-level form prepared by [`prepare_form`].
pub fn run_prepared(vm: &mut Vm, lam: &'static Lambda) -> Result<Value, Failure> {
    let sp = vm.stack.sp;
    // The form's code unit is unreachable until its closure exists.
    let unit = vm.protect(lam.unit.get());
    let closure = make_closure(vm, lam, &[], sp, Value::FALSE);
    vm.unprotect(unit);
    let r = vm.call(closure, &[]);
    vm.stack.sp = sp;
    vm.roots.clear();
    vm.handlers.clear();
    vm.depth = 0;
    r.map_err(Failure::Unwound)
}

/// A datum built at run time as a closure of no arguments that runs it in environment `env`
/// (`crate::expand::PROGRAM`, or a number `Expander::environment` returned) (for `eval`, which
/// tail-calls it); syntax errors become Scheme errors.
pub fn eval_closure(vm: &mut Vm, form: &Datum, env: u32) -> R<Value> {
    let core = match vm.expander.expand_in(form, env) {
        Ok(c) => c,
        Err(e) => return Err(vm.error(&format!("eval: syntax error: {}", e.msg), &[])),
    };
    install_library_bodies(vm);
    Ok(core_closure(vm, &core))
}

/// Expanded code run as `eval` runs it: a closure of no arguments, for a primitive to
/// tail-call.
pub fn core_closure(vm: &mut Vm, core: &crate::ir::core::Core) -> Value {
    let lam = analyze_toplevel(vm, core, true);
    let sp = vm.stack.sp;
    let unit = vm.protect(lam.unit.get());
    let closure = make_closure(vm, lam, &[], sp, Value::FALSE);
    vm.unprotect(unit);
    closure
}

/// Runs a whole program; returns its exit status. Errors are printed on stderr.
pub fn run_program(vm: &mut Vm, name: &str, src: &str) -> i32 {
    let forms = match read_program(vm, name, src) {
        Ok(forms) => forms,
        Err(f) => return report(vm, f),
    };
    for form in &forms {
        if let Err(f) = run_form(vm, form) {
            return report(vm, f);
        }
    }
    crate::io::flush_all();
    0
}

/// Registers file `name` and reads every datum of its text `src`. A program that starts with
/// `import` sees only what it imports (R7RS 5.1); one that does not is a script, which sees
/// every builtin.
pub fn read_program(vm: &mut Vm, name: &str, src: &str) -> Result<Vec<Datum>, Failure> {
    let file = vm.add_file(name);
    let forms = crate::syntax::reader::read_all(src, file).map_err(|e| {
        Failure::Syntax(format!("{}: read error: {}", format_pos(vm, e.pos), e.msg))
    })?;
    if forms.first().is_some_and(is_import) {
        vm.expander.use_explicit_imports();
    }
    Ok(forms)
}

/// Whether `form` is an `import` declaration.
fn is_import(form: &Datum) -> bool {
    matches!(form, Datum::List(items, _) if matches!(items.first(), Some(Datum::Sym(s, _)) if &**s == "import"))
}

/// Prints a failure; returns the exit status it implies.
pub fn report(vm: &mut Vm, f: Failure) -> i32 {
    match f {
        Failure::Syntax(msg) => report_syntax(vm, &msg),
        Failure::Unwound(Unwind::Exit(code)) => {
            crate::io::flush_all();
            code
        }
        Failure::Unwound(Unwind::Raise(obj) | Unwind::Bypass(obj)) if is_out_of_memory(obj) => {
            crate::io::flush_all();
            crate::heap::oom::print_message();
            kiln_jit::abi::exit::OUT_OF_MEMORY
        }
        Failure::Unwound(Unwind::Raise(obj) | Unwind::Bypass(obj)) => {
            let text = describe_condition(vm, obj);
            let mode = vm.config.backtrace;
            let report = crate::backtrace::print::report(vm, obj, &text, mode);
            print_error(vm, &report);
            EXIT_ERROR
        }
        Failure::Unwound(Unwind::Escape { .. }) => {
            print_error(vm, "error: continuation invoked outside of its extent\n");
            EXIT_ERROR
        }
    }
}

fn report_syntax(vm: &mut Vm, msg: &str) -> i32 {
    // `(syntax-error "…")` messages are the program's text, like `error`'s.
    print_error(vm, &format!("{}\n", escape_controls(msg)));
    EXIT_SYNTAX
}

fn print_error(vm: &mut Vm, text: &str) {
    crate::io::flush_all();
    let stderr = crate::io::port(crate::io::current(vm, 2));
    stderr.write_str(text);
}

/// Whether `obj` is the condition of the out-of-memory interrupt (`vm::interrupt`).
fn is_out_of_memory(obj: Value) -> bool {
    let kind = crate::vm::interrupt::OUT_OF_MEMORY_KIND;
    obj::is(obj, tag::ERROR) && obj::symbol_name(obj::load_field(obj, error::KIND)) == kind
}

/// `MESSAGE IRRITANT…` for an error object, `uncaught exception: OBJ` for anything else raised.
pub fn describe_condition(vm: &mut Vm, obj: Value) -> String {
    if !obj::is(obj, tag::ERROR) {
        return format!(
            "uncaught exception: {}",
            crate::print::to_text(vm, obj, true)
        );
    }
    let mut text = escape_controls(&crate::print::to_text(
        vm,
        obj::load_field(obj, error::MESSAGE),
        false,
    ));
    for irritant in obj::list_to_vec(obj::load_field(obj, error::IRRITANTS)).unwrap_or_default() {
        text.push(' ');
        text.push_str(&crate::print::to_text(vm, irritant, true));
    }
    text
}

/// `text` with each control character escaped as `write` escapes it in a string (`\n`, `\t`,
/// `\r`, else `\xHH;`), so that an error message is one line of printable text on the terminal;
/// everything else, non-ASCII letters included, is kept as is.
fn escape_controls(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:x};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_controls;

    #[test]
    fn control_characters_in_messages_are_escaped() {
        assert_eq!(escape_controls("bad\0thing"), "bad\\x0;thing");
        assert_eq!(
            escape_controls("a\nb\tc\rd\x07e\x1bf\u{7f}g\u{85}"),
            "a\\nb\\tc\\rd\\x7;e\\x1b;f\\x7f;g\\x85;"
        );
        assert_eq!(escape_controls("été λ \"q\" \\ ok"), "été λ \"q\" \\ ok");
    }
}
