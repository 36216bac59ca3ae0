//! The guest's exports: what the host (the `kiln` harness, a browser, a bundle's entry) calls.
//! See ARCHITECTURE.md, "Guest ABI".

use crate::load::{self, Failure};
use crate::syntax::lines::{Fed, LineReader};
use crate::vm::vm;

/// Reads `len` bytes at `ptr` as text (invalid UTF-8 is replaced, never trusted).
pub(crate) fn text(ptr: u32, len: u32) -> String {
    // SAFETY: the host wrote `len` bytes at `ptr`, a buffer it got from `kiln_alloc`.
    let bytes = unsafe { std::slice::from_raw_parts(ptr as usize as *const u8, len as usize) };
    String::from_utf8_lossy(bytes).into_owned()
}

/// A buffer of `len` bytes for the host to write input into. Leaked on purpose: inputs are few
/// and small (a file name, a program), and freeing would need the host to pass the length back.
#[no_mangle]
pub extern "C" fn kiln_alloc(len: u32) -> u32 {
    let buf: &'static mut [u8] = Box::leak(vec![0u8; len.max(1) as usize].into_boxed_slice());
    buf.as_mut_ptr() as usize as u32
}

/// Sets one `name=value` option; 0 on success, 1 for an unknown option or bad value.
#[no_mangle]
pub extern "C" fn kiln_set_option(ptr: u32, len: u32) -> u32 {
    let option = text(ptr, len);
    let (name, value) = option.split_once('=').unwrap_or((&option, "1"));
    let vm = vm();
    match (name, value) {
        ("jit-link", "pull") => vm.jit.pull = true,
        ("jit-link", "push") => vm.jit.pull = false,
        ("jit-compile", "background") => vm.jit.background = true,
        ("jit-compile", "sync") => vm.jit.background = false,
        ("jit-fault", "corrupt") => vm.jit.corrupt = true,
        ("jit-fault", "none") => vm.jit.corrupt = false,
        ("stdout", "line") => crate::io::stdout::set_line_buffered(true),
        ("stdout", "block") => crate::io::stdout::set_line_buffered(false),
        ("library-path", dir) => vm.expander.loader.add_library_dir(dir),
        ("jit-link" | "jit-compile" | "jit-fault" | "stdout", _) => {
            eprintln!("kiln: bad value {value:?} for {name}");
            return 1;
        }
        _ => return set_config(vm, name, value),
    }
    0
}

/// Applies an option of `vm::config::Config`.
fn set_config(vm: &mut crate::vm::Vm, name: &str, value: &str) -> u32 {
    match vm.config.set(name, value) {
        Ok(()) => {
            vm.apply_config();
            0
        }
        Err(msg) => {
            eprintln!("kiln: {msg}");
            1
        }
    }
}

/// Runs a whole program; returns its exit status (0, 65 read/syntax error, 70 uncaught error).
#[no_mangle]
pub extern "C" fn kiln_run(name_ptr: u32, name_len: u32, src_ptr: u32, src_len: u32) -> u32 {
    let name = text(name_ptr, name_len);
    let src = text(src_ptr, src_len);
    let vm = vm();
    crate::heap::oom::set_subject(&name);
    let status = load::run_program(vm, &name, &src);
    crate::jit_glue::finish(vm);
    crate::io::flush_all();
    status as u32
}

/// REPL status: the input was evaluated.
pub const REPL_DONE: u32 = 0;
/// REPL status: an error was reported; the session goes on.
pub const REPL_ERROR: u32 = 1;
/// REPL status: the text ends inside a datum; send more.
pub const REPL_INCOMPLETE: u32 = 2;

thread_local! {
    /// The REPL's unfinished entry: the lines since its last complete one, and where the reader
    /// stopped in them.
    static REPL: std::cell::RefCell<LineReader> = std::cell::RefCell::new(LineReader::new(0));
}

/// Adds `text` (one or more whole lines; a host sends each line as it is typed) to the REPL's
/// pending input. Once the pending input holds only complete datums, evaluates each in turn,
/// printing its results with `write`; an error in one is reported and the next ones still run.
/// A read error drops the rest of the input after the datums before it have run.
#[no_mangle]
pub extern "C" fn kiln_repl_eval(ptr: u32, len: u32) -> u32 {
    let src = text(ptr, len);
    let vm = vm();
    if vm.expander.loader.no_files() {
        // File 0, the name positions in REPL input refer to.
        vm.add_file("<repl>");
        crate::heap::oom::set_subject("the REPL session");
    }
    let (forms, read_error) = match REPL.with(|r| r.borrow_mut().feed(&src)) {
        Fed::Incomplete => return REPL_INCOMPLETE,
        Fed::Complete(forms) => (forms, None),
        Fed::Invalid(forms, e) => (forms, Some(e)),
    };
    let mut status = REPL_DONE;
    for form in &forms {
        match load::run_form(vm, form) {
            Ok(v) => print_result(vm, v),
            Err(Failure::Unwound(crate::vm::Unwind::Exit(code))) => {
                crate::jit_glue::finish(vm);
                crate::io::flush_all();
                crate::io::raw::exit(code);
            }
            Err(f) => {
                load::report(vm, f);
                status = REPL_ERROR;
            }
        }
    }
    if let Some(e) = read_error {
        let msg = format!("{}: read error: {}", load::format_pos(vm, e.pos), e.msg);
        load::report(vm, Failure::Syntax(msg));
        status = REPL_ERROR;
    }
    crate::io::flush_all();
    status
}

/// Drops the REPL's unfinished entry (Ctrl-C at a continuation prompt).
#[no_mangle]
pub extern "C" fn kiln_repl_reset() {
    REPL.with(|r| r.borrow_mut().reset());
}

/// The end of a REPL session (end of input): the statistics a run prints at its end
/// (`--jit-stats`, `--gc-stats`), then the buffered output.
#[no_mangle]
pub extern "C" fn kiln_repl_finish() {
    let vm = vm();
    crate::jit_glue::finish(vm);
    crate::io::flush_all();
}

fn print_result(vm: &mut crate::vm::Vm, v: crate::value::Value) {
    for v in crate::control::spread_values(v) {
        if v != crate::value::Value::VOID {
            let text = crate::print::to_text(vm, v, true) + "\n";
            crate::io::print_out(vm, &text);
        }
    }
}

/// Pull model: address of the aux module waiting to be linked (0 if none). The host then reads
/// `kiln_jit_pending_len` bytes there, links the module, runs its patch function, and reports the
/// patch result with `kiln_jit_linked`.
#[no_mangle]
pub extern "C" fn kiln_jit_pending() -> u32 {
    vm().jit
        .pending
        .as_ref()
        .map_or(0, |(bytes, _)| bytes.as_ptr() as usize as u32)
}

/// Pull model: length of the waiting aux module.
#[no_mangle]
pub extern "C" fn kiln_jit_pending_len() -> u32 {
    vm().jit
        .pending
        .as_ref()
        .map_or(0, |(bytes, _)| bytes.len() as u32)
}

/// Pull model: the host linked (`status` ≥ 0, the patch result) or failed (< 0) the waiting module.
#[no_mangle]
pub extern "C" fn kiln_jit_linked(status: i32) {
    let vm = vm();
    if let Some((_, lambdas)) = vm.jit.pending.take() {
        crate::jit_glue::flush::linked(vm, status, &lambdas);
    }
}

/// Pull model: compiles every candidate queued so far (a "JIT now" button), so that
/// `kiln_jit_pending` has a module to hand out.
#[no_mangle]
pub extern "C" fn kiln_jit_flush() {
    crate::jit_glue::flush::flush(vm());
}
