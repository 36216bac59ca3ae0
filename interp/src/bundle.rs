//! Bundles (`kiln bundle`), the guest's side. A bundle is a Wizer snapshot of this module taken
//! after `kiln_bundle_init` has prepared a program — read, expanded and analysed, not run — and
//! compiled its chosen lambdas into one aux module, parked for the host to link statically (the
//! pull model of `api.rs`). Its entry `kiln_bundle_start` (exported as `_start`) runs the prepared
//! forms the way `kiln_run` runs a program.
//!
//! Lambdas are chosen by identity `file:line:col:n`: the source position of the `lambda` and its
//! rank among the lambdas at that position (a macro can give several the same one), in a fixed
//! walk of the prepared forms. A training instance and the init run prepare the same text the
//! same way, so they agree on identities.
//!
//! Host protocol:
//! - training (a throwaway instance): `kiln_bundle_prepare`, `kiln_bundle_exec`, then
//!   `kiln_bundle_profile` / `kiln_bundle_profile_len`: the identities of the lambdas that got hot;
//! - the init run (`kiln_bundle_init`) reads its request on stdin: fields `KEY LEN\n`, LEN bytes,
//!   `\n`; keys `name` (the program's path), `option` (a `name=value` setting, repeatable),
//!   `lambdas` (`all`, or identities one per line) and `source`. A program error is printed and
//!   the run ends with `proc_exit` of its status (65), a bad request with 64.

use crate::ir::node::{JitState, Lambda, Node};
use crate::load;
use crate::syntax::datum::Pos;
use crate::vm::config::JitMode;
use crate::vm::{vm, Vm};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// Exit status of an init run given a malformed request (EX_USAGE): a host/guest mismatch.
pub const EXIT_BAD_REQUEST: i32 = 64;

thread_local! {
    /// The prepared top-level forms, in program order.
    static FORMS: RefCell<Vec<&'static Lambda>> = const { RefCell::new(Vec::new()) };
    /// The last profile handed to the host.
    static PROFILE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Reads, expands and analyses every form of program `name`, keeping them for [`run`]. Returns
/// 0, or the exit status of the error it printed (65).
pub fn prepare(vm: &mut Vm, name: &str, src: &str) -> i32 {
    let forms = match load::read_program(vm, name, src) {
        Ok(forms) => forms,
        Err(f) => return load::report(vm, f),
    };
    let mut prepared = Vec::with_capacity(forms.len());
    for form in &forms {
        match load::prepare_form(vm, form) {
            Ok(lam) => {
                // No closure of a prepared form exists before it runs: root its constants.
                vm.code_roots.push(lam.unit.get());
                prepared.push(lam);
            }
            Err(f) => return load::report(vm, f),
        }
    }
    FORMS.with(|f| *f.borrow_mut() = prepared);
    0
}

/// Runs the prepared forms as `kiln_run` runs a program (errors printed, `--jit-stats` honoured)
/// and returns the exit status.
pub fn run(vm: &mut Vm) -> i32 {
    let forms = FORMS.with(|f| f.borrow().clone());
    let mut status = 0;
    for lam in forms {
        if let Err(f) = load::run_prepared(vm, lam) {
            status = load::report(vm, f);
            break;
        }
    }
    crate::jit_glue::finish(vm);
    crate::io::flush_all();
    status
}

/// Every lambda inside the prepared forms, with its identity, in walk order. The forms' own
/// top-level lambdas are left out: each runs once.
pub fn lambdas() -> Vec<(String, &'static Lambda)> {
    FORMS.with(|f| identify(&f.borrow()))
}

fn identify(forms: &[&'static Lambda]) -> Vec<(String, &'static Lambda)> {
    let mut found = Vec::new();
    for form in forms {
        walk(&form.body, &mut found);
    }
    let mut ranks: HashMap<Pos, u32> = HashMap::new();
    let identity = |lam: &'static Lambda| {
        let rank = ranks.entry(lam.pos).or_default();
        let id = format!("{}:{}:{}:{}", lam.pos.file, lam.pos.line, lam.pos.col, rank);
        *rank += 1;
        (id, lam)
    };
    found.into_iter().map(identity).collect()
}

/// Collects the lambdas of `node`'s closures, each before those nested in it.
fn walk(node: &Node, out: &mut Vec<&'static Lambda>) {
    match node {
        Node::Closure(lam, _) => {
            out.push(lam);
            walk(&lam.body, out);
        }
        Node::SetLocal(_, e)
        | Node::SetLocalBoxed(_, e)
        | Node::SetFreeBoxed(_, e)
        | Node::SetGlobal(_, _, _, e)
        | Node::DefineGlobal(_, e) => walk(e, out),
        Node::If(a, b, c) => [a, b, c].into_iter().for_each(|e| walk(e, out)),
        Node::Seq(es) => es.iter().for_each(|e| walk(e, out)),
        Node::Call(c) => std::iter::once(&c.func)
            .chain(&c.args)
            .for_each(|e| walk(e, out)),
        Node::Let { inits, body, .. }
        | Node::Letrec { inits, body, .. }
        | Node::Fix {
            lambdas: inits,
            body,
            ..
        } => inits
            .iter()
            .chain(std::iter::once(&**body))
            .for_each(|e| walk(e, out)),
        Node::Const(_)
        | Node::Local(_)
        | Node::LocalBoxed(_)
        | Node::Free(_)
        | Node::FreeBoxed(_)
        | Node::Global(..) => {}
    }
}

/// Records the lambda of each top-level `(define name (lambda …))` in `node`, so that calls
/// through `name` can become direct calls although nothing is defined yet when a bundle compiles.
fn expect_definitions(node: &Node, expected: &mut HashMap<u32, &'static Lambda>) {
    match node {
        Node::DefineGlobal(cell, value) => {
            if let Node::Closure(lam, _) = &**value {
                expected.insert(cell.0, lam);
            }
        }
        Node::Seq(es) => es.iter().for_each(|e| expect_definitions(e, expected)),
        _ => {}
    }
}

/// The identities of the lambdas that got hot while the prepared forms ran, one per line.
pub fn profile(vm: &Vm) -> String {
    let hot = |lam: &Lambda| {
        lam.jit.get() != JitState::Cold || lam.calls.get() >= vm.config.jit_threshold
    };
    lambdas()
        .into_iter()
        .filter(|(_, lam)| hot(lam))
        .map(|(id, _)| id + "\n")
        .collect()
}

/// Queues the chosen lambdas and compiles them into one aux module, parked for the host.
pub(crate) fn compile(vm: &mut Vm, chosen: &Select) {
    FORMS.with(|f| {
        f.borrow()
            .iter()
            .for_each(|form| expect_definitions(&form.body, &mut vm.jit.expected))
    });
    for (id, lam) in lambdas() {
        if chosen.includes(&id) {
            crate::jit_glue::enqueue(vm, lam);
        }
    }
    vm.jit.pull = true;
    crate::jit_glue::flush::flush(vm);
}

/// Which lambdas to compile.
#[derive(Debug, PartialEq, Eq)]
pub enum Select {
    All,
    Only(HashSet<String>),
}

impl Select {
    fn includes(&self, id: &str) -> bool {
        match self {
            Select::All => true,
            Select::Only(ids) => ids.contains(id),
        }
    }
}

/// What an init run is asked to do.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub name: String,
    pub options: Vec<String>,
    pub lambdas: Select,
    pub source: String,
}

impl Request {
    /// Parses the wire format described in the module docs.
    pub fn parse(mut bytes: &[u8]) -> Result<Request, String> {
        let (mut name, mut options, mut lambdas, mut source) = (None, Vec::new(), None, None);
        while !bytes.is_empty() {
            let (key, value) = field(&mut bytes)?;
            match key.as_str() {
                "name" => name = Some(value),
                "option" => options.push(value),
                "lambdas" if value == "all" => lambdas = Some(Select::All),
                "lambdas" => {
                    lambdas = Some(Select::Only(value.lines().map(String::from).collect()))
                }
                "source" => source = Some(value),
                other => return Err(format!("unknown field {other:?}")),
            }
        }
        let missing = |what: &str| format!("the request has no {what}");
        Ok(Request {
            name: name.ok_or_else(|| missing("name"))?,
            options,
            lambdas: lambdas.ok_or_else(|| missing("lambdas"))?,
            source: source.ok_or_else(|| missing("source"))?,
        })
    }
}

/// One `KEY LEN\n` + LEN bytes + `\n` field; advances `rest` past it.
pub(crate) fn field(rest: &mut &[u8]) -> Result<(String, String), String> {
    let nl = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or("truncated field header")?;
    let header = std::str::from_utf8(&rest[..nl]).map_err(|_| "field header is not UTF-8")?;
    let (key, len) = header
        .split_once(' ')
        .ok_or_else(|| format!("bad field header {header:?}"))?;
    let len: usize = len
        .parse()
        .map_err(|_| format!("bad field length in {header:?}"))?;
    let end = nl + 1 + len;
    if rest.get(end) != Some(&b'\n') {
        return Err(format!("field {key:?} is truncated or unterminated"));
    }
    let value = String::from_utf8_lossy(&rest[nl + 1..end]).into_owned();
    *rest = &rest[end + 1..];
    Ok((key.to_string(), value))
}

pub(crate) fn read_request() -> Result<Request, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    // `read_to_end` leaves the stdin buffer empty, so the bundle's program reads its own stdin.
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading stdin: {e}"))?;
    Request::parse(&bytes)
}

pub(crate) fn configure(vm: &mut Vm, options: &[String]) -> Result<(), String> {
    for option in options {
        let (name, value) = option.split_once('=').unwrap_or((option, "1"));
        match name {
            // Where the init run finds the program's libraries (they are loaded into the
            // snapshot: the bundle reads none).
            "library-path" => vm.expander.loader.add_library_dir(value),
            _ => vm.config.set(name, value)?,
        }
    }
    vm.apply_config();
    Ok(())
}

/// Training: prepares program `name` (see [`prepare`]); returns 0 or the error's exit status.
#[no_mangle]
pub extern "C" fn kiln_bundle_prepare(
    name_ptr: u32,
    name_len: u32,
    src_ptr: u32,
    src_len: u32,
) -> u32 {
    let (name, src) = (
        crate::api::text(name_ptr, name_len),
        crate::api::text(src_ptr, src_len),
    );
    prepare(vm(), &name, &src) as u32
}

/// Training: runs the prepared program; returns its exit status.
#[no_mangle]
pub extern "C" fn kiln_bundle_exec() -> u32 {
    run(vm()) as u32
}

/// Training: the profile text (see [`profile`]); its address, valid until the next call.
#[no_mangle]
pub extern "C" fn kiln_bundle_profile() -> u32 {
    let text = profile(vm()).into_bytes();
    PROFILE.with(|p| {
        *p.borrow_mut() = text;
        p.borrow().as_ptr() as usize as u32
    })
}

/// Training: the length of the last profile text.
#[no_mangle]
pub extern "C" fn kiln_bundle_profile_len() -> u32 {
    PROFILE.with(|p| p.borrow().len() as u32)
}

/// The Wizer init function: prepares the requested program and compiles the chosen lambdas.
#[no_mangle]
pub extern "C" fn kiln_bundle_init() {
    let vm = vm();
    let request = match read_request().and_then(|r| configure(vm, &r.options).map(|()| r)) {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("kiln: bad bundle request: {msg}");
            std::process::exit(EXIT_BAD_REQUEST)
        }
    };
    crate::heap::oom::set_subject(&request.name);
    let status = prepare(vm, &request.name, &request.source);
    if status != 0 {
        crate::io::flush_all();
        std::process::exit(status)
    }
    compile(vm, &request.lambdas);
    // A bundle's host cannot link code at run time: interpret whatever was not compiled.
    vm.config.jit = JitMode::Off;
    clear_dead_stack(vm);
    forget_preopens();
}

/// Drops wasi-libc's table of preopened directories. Reading the program's libraries filled it
/// with the init run's directories; frozen into the snapshot, it would make the bundle use
/// descriptors its own host never gave. Emptied, it is filled again at the bundle's first file
/// access, from the host that runs it.
fn forget_preopens() {
    #[cfg(target_os = "wasi")]
    {
        extern "C" {
            fn __wasilibc_reset_preopens();
        }
        // SAFETY: a wasi-libc function without arguments, made for snapshots (Wizer); no file
        // opened through a preopen is open now.
        unsafe { __wasilibc_reset_preopens() }
    }
}

/// Zeroes the value stack above `sp`. It starts out filled with `Value::VOID`: 8 MiB of non-zero
/// bytes that Wizer would copy into the bundle's data. Slots above `sp` are dead (every frame
/// initialises its slots), and the collector never takes 0 for a pointer.
pub(crate) fn clear_dead_stack(vm: &mut Vm) {
    let (sp, limit) = (vm.stack.sp, vm.stack.limit);
    // SAFETY: `sp..limit` is the unused part of the stack's own buffer; nothing refers to it.
    unsafe { std::ptr::write_bytes(sp as *mut u8, 0, limit - sp) }
}

/// The bundle's entry (`_start`): runs the prepared program and exits with its status.
/// `KILN_JIT_STATS=1` in the environment prints the JIT statistics on stderr at the end.
#[no_mangle]
pub extern "C" fn kiln_bundle_start() {
    let vm = vm();
    if let Some((_, lambdas)) = vm.jit.pending.take() {
        // Linked statically by `kiln bundle`: count it like a link, and free the module's bytes.
        crate::jit_glue::flush::linked(vm, 0, &lambdas);
    }
    vm.config.jit_stats = std::env::var("KILN_JIT_STATS").is_ok_and(|v| v == "1");
    // No host of a bundle knows the guest's output buffer: a line is out at its newline.
    crate::io::stdout::set_line_buffered(true);
    let status = run(vm);
    crate::io::flush_all();
    crate::io::raw::exit(status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::node::Call;
    use std::cell::Cell;

    fn lambda(line: u32, col: u32, body: Node) -> &'static Lambda {
        Box::leak(Box::new(Lambda {
            nreq: 0,
            rest: false,
            frame: 0,
            nfree: 0,
            boxed_params: Vec::new(),
            body,
            tail_calls: true,
            name: None,
            pos: Pos { file: 0, line, col },
            id: 0,
            calls: Cell::new(0),
            code: Cell::new(0),
            jit: Cell::new(JitState::Cold),
            bytecode: Default::default(),
            unit: Cell::new(crate::value::Value::FALSE),
        }))
    }

    fn closure(lam: &'static Lambda) -> Node {
        Node::Closure(lam, Vec::new())
    }

    #[test]
    fn identities_rank_lambdas_sharing_a_position_in_walk_order() {
        let inner = lambda(2, 3, Node::Local(0));
        let a = lambda(1, 1, closure(inner));
        let b = lambda(1, 1, Node::Local(0));
        let c = lambda(5, 7, Node::Local(0));
        let call = Node::Call(Box::new(Call {
            func: closure(a),
            args: vec![closure(b)],
            tail: false,
            pos: Pos::default(),
            known: None,
        }));
        let body = Node::Fix {
            first: 0,
            lambdas: vec![closure(c)],
            patches: Vec::new(),
            body: Box::new(call),
        };
        let form = lambda(0, 0, body);
        let ids: Vec<(String, *const Lambda)> = identify(&[form])
            .into_iter()
            .map(|(id, l)| (id, l as *const _))
            .collect();
        let expected = [
            ("0:5:7:0", c),
            ("0:1:1:0", a),
            ("0:2:3:0", inner),
            ("0:1:1:1", b),
        ];
        assert_eq!(ids, expected.map(|(id, l)| (id.to_string(), l as *const _)));
    }

    #[test]
    fn top_level_lambda_definitions_are_expected() {
        let (f, g, h) = (
            lambda(1, 1, Node::Local(0)),
            lambda(2, 1, Node::Local(0)),
            lambda(3, 1, Node::Local(0)),
        );
        let define =
            |cell: u32, value: Node| Node::DefineGlobal(crate::value::Value(cell), Box::new(value));
        let nested = Node::If(
            Box::new(Node::Local(0)),
            Box::new(define(24, closure(h))),
            Box::new(Node::Local(0)),
        );
        let body = Node::Seq(vec![
            define(8, closure(f)),
            define(16, Node::Local(0)),
            nested,
            define(8, closure(g)),
        ]);
        let mut expected = HashMap::new();
        expect_definitions(&body, &mut expected);
        assert_eq!(
            expected.len(),
            1,
            "only unconditional definitions of lambdas"
        );
        assert!(std::ptr::eq(expected[&8], g), "the last definition wins");
    }

    #[test]
    fn request_round_trips_the_wire_format() {
        let wire = b"name 5\np.scm\noption 6\njit=on\noption 11\nmax-depth=9\nlambdas 16\n0:1:1:0\n0:2:3:1\n\nsource 12\n(display 1)\n\n";
        let r = Request::parse(wire).unwrap();
        assert_eq!(
            (r.name.as_str(), r.options.as_slice()),
            (
                "p.scm",
                &["jit=on".to_string(), "max-depth=9".to_string()][..]
            )
        );
        assert_eq!(
            r.lambdas,
            Select::Only(["0:1:1:0", "0:2:3:1"].map(String::from).into())
        );
        assert_eq!(r.source, "(display 1)\n");
        assert_eq!(
            Request::parse(b"name 1\nx\nlambdas 3\nall\nsource 0\n\n")
                .unwrap()
                .lambdas,
            Select::All
        );
    }

    #[test]
    fn malformed_requests_are_refused() {
        assert!(Request::parse(b"name 9\nshort\n")
            .unwrap_err()
            .contains("truncated"));
        assert!(Request::parse(b"name x\n").unwrap_err().contains("length"));
        assert!(Request::parse(b"color 1\nx\n")
            .unwrap_err()
            .contains("unknown"));
        assert!(Request::parse(b"name 1\nx\n")
            .unwrap_err()
            .contains("no lambdas"));
    }
}
