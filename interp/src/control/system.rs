//! The system interface: `exit`, `load`, `eval` and environments, `command-line`, environment
//! variables, time, `features`.

use crate::heap::object::{environment, tag};
use crate::obj;
use crate::syntax::datum::Datum;
use crate::value::Value;
use crate::vm::{Unwind, Vm, R};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("exit", 0, 1, exit),
        ("load", 1, 2, load),
        ("emergency-exit", 0, 1, emergency_exit),
        ("eval", 1, 2, eval),
        ("environment", 0, crate::prims::VARIADIC, environment),
        ("scheme-report-environment", 1, 1, r5rs_environment),
        ("null-environment", 1, 1, r5rs_environment),
        ("interaction-environment", 0, 0, interaction_environment),
        ("%environment", 1, 1, environment_of_number),
        ("%load-library", 1, 1, load_library),
        ("command-line", 0, 0, command_line),
        ("get-environment-variable", 1, 1, get_environment_variable),
        ("get-environment-variables", 0, 0, get_environment_variables),
        ("current-second", 0, 0, current_second),
        ("current-jiffy", 0, 0, current_jiffy),
        ("jiffies-per-second", 0, 0, jiffies_per_second),
        ("features", 0, 0, features),
    ]);
}

/// The exit status `(exit obj)` asks for: 0 for `#t` (or no argument), 1 for `#f`, an exact
/// integer's low 8 bits (what a POSIX parent sees of any status: `(exit 256)` is 0, `(exit -1)`
/// 255), and for any other object the failure status 1, as for `#f` (R7RS leaves it to the
/// implementation; Chibi and Guile also treat non-integers as failure).
fn exit_code(a: &[Value]) -> i32 {
    use num_integer::Integer;
    match crate::prims::opt(a, 0, Value::TRUE) {
        Value::TRUE => 0,
        v if v.is_fixnum() => v.fixnum_value() & 0xFF,
        v => match crate::numeric::to_number(v).and_then(|n| n.to_bigint()) {
            Some(big) => {
                let low = big.mod_floor(&num_bigint::BigInt::from(256));
                num_traits::ToPrimitive::to_i32(&low).expect("0..=255 fits an i32")
            }
            None => 1,
        },
    }
}

/// Unwinds everything (running `dynamic-wind` after-thunks); the top level then exits.
fn exit(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Err(Unwind::Exit(exit_code(a)))
}

fn emergency_exit(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    crate::io::flush_all();
    crate::io::raw::exit(exit_code(a))
}

/// `(eval expr [env])`: the expression's closure is tail-called, so recursion through `eval`
/// nests no Rust frames.
fn eval(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    use crate::ir::quote::{value_to_datum_checked, NoDatum};
    let datum = match value_to_datum_checked(a[0]) {
        Ok(d) => d,
        Err(NoDatum::NoSyntax) => {
            return Err(vm.error(
                "eval: expression contains a value that has no syntax",
                &[a[0]],
            ))
        }
        Err(NoDatum::TooDeep) => {
            let msg = "eval: expression nested too deeply";
            return Err(vm.error(msg, &[]));
        }
    };
    let env = match a.get(1) {
        Some(&env) => environment_number(vm, "eval", env)?,
        None => crate::expand::PROGRAM,
    };
    let closure = crate::load::eval_closure(vm, &datum, env)?;
    vm.tail_call(fslot, closure, &[])
}

/// The number of environment specifier `env` (an error naming `who` if it is not one).
fn environment_number(vm: &mut Vm, who: &str, env: Value) -> R<u32> {
    vm.check(obj::is(env, tag::ENVIRONMENT), who, "an environment", env)?;
    Ok(obj::load_field(env, environment::NUMBER).fixnum_value() as u32)
}

/// `(load file [env])`, `(scheme load)`: reads every datum of `file` (error positions name it)
/// and evaluates them in order, as one `begin` that is tail-called like `eval`'s expression.
/// With `env`, in that environment; else in the program's.
fn load(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    vm.check(
        obj::is(a[0], tag::STRING),
        "load",
        "a file name string",
        a[0],
    )?;
    let env = match a.get(1) {
        Some(&env) => environment_number(vm, "load", env)?,
        None => crate::expand::PROGRAM,
    };
    let name = obj::string(a[0]).as_str().to_string();
    let text = match std::fs::read_to_string(&name) {
        Ok(text) => text,
        Err(e) => return Err(vm.error_of_kind("file-error", &format!("load: {e}"), &[a[0]])),
    };
    let file = vm.add_file(&name);
    let forms = match crate::syntax::reader::read_all(&text, file) {
        Ok(forms) => forms,
        Err(e) => {
            let msg = format!("load: {}: {}", crate::load::format_pos(vm, e.pos), e.msg);
            return Err(vm.error_of_kind("read-error", &msg, &[a[0]]));
        }
    };
    if forms.is_empty() {
        return Ok(Value::VOID);
    }
    let mut body = vec![Datum::sym("begin")];
    body.extend(forms);
    let closure = crate::load::eval_closure(vm, &Datum::List(body, Default::default()), env)?;
    vm.tail_call(fslot, closure, &[])
}

/// `(environment set …)`: an environment of exactly those imports (R7RS 6.12).
fn environment(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    let mut sets = Vec::with_capacity(a.len());
    for &set in a {
        match crate::ir::quote::value_to_datum(set) {
            Some(d) => sets.push(d),
            None => return Err(vm.error("environment: not an import set", &[set])),
        }
    }
    made_environment(vm, &sets, fslot)
}

/// The environment of import sets `sets`. The libraries it imports are loaded first, if
/// nothing loaded them before (a library is loaded when anything first needs it, an
/// environment too, even one never evaluated in): `(begin (%load-library …) … (%environment
/// n))` is tail-called, as `eval`'s code is.
fn made_environment(vm: &mut Vm, sets: &[Datum], fslot: usize) -> R<Value> {
    use crate::ir::core::Core;
    let (n, load) = match vm.expander.environment(sets) {
        Ok(made) => made,
        Err(e) => return Err(vm.error(&format!("environment: {}", e.msg), &[])),
    };
    let Some(load) = load else {
        return Ok(environment_object(vm, n));
    };
    crate::load::install_library_bodies(vm);
    let pos = Default::default();
    let object = Core::Call(
        Box::new(Core::GlobalRef("%environment".into(), pos)),
        vec![Core::Const(Datum::Num(crate::num::Number::Int(n as i64)))],
        pos,
    );
    let closure = crate::load::core_closure(vm, &Core::Seq(vec![load, object]));
    vm.tail_call(fslot, closure, &[])
}

/// `(%load-library cell)`: runs the body of the library whose body is in global `cell` (a
/// closure the host installed, `load::install_library_bodies`) the first time it is called;
/// later calls do nothing. The cell holds `#t` from the start of the run, so a body that
/// imports its own library (through `eval`) does not run again.
fn load_library(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    vm.check(
        obj::is(a[0], tag::STRING),
        "%load-library",
        "a string",
        a[0],
    )?;
    let name = obj::string(a[0]).as_str().to_string();
    let Some(&cell) = vm.globals.get(name.as_str()) else {
        return Err(vm.error(&format!("%load-library: no body installed for {name}"), &[]));
    };
    let body = obj::cell_value(cell);
    if !obj::is_procedure(body) {
        return Ok(Value::VOID);
    }
    obj::set_cell_value(cell, Value::TRUE);
    vm.tail_call(fslot, body, &[])
}

/// `(%environment n)`: the environment object of number `n` (what [`made_environment`]'s code
/// returns).
fn environment_of_number(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(a[0].is_fixnum(), "%environment", "a fixnum", a[0])?;
    Ok(environment_object(vm, a[0].fixnum_value() as u32))
}

/// `(scheme-report-environment 5)` and `(null-environment 5)`: R5RS's environments, both that
/// of `(scheme r5rs)` (a superset of R5RS's null environment, as R7RS allows).
fn r5rs_environment(vm: &mut Vm, a: &[Value], fslot: usize) -> R<Value> {
    vm.check(a[0] == Value::fixnum(5), "environment", "version 5", a[0])?;
    let set = Datum::List(
        vec![Datum::sym("scheme"), Datum::sym("r5rs")],
        Default::default(),
    );
    made_environment(vm, &[set], fslot)
}

/// `(interaction-environment)`: the program's own environment (the REPL's).
fn interaction_environment(vm: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    Ok(environment_object(vm, crate::expand::PROGRAM))
}

fn environment_object(vm: &mut Vm, n: u32) -> Value {
    vm.fixed(
        tag::ENVIRONMENT,
        environment::SIZE,
        [(environment::NUMBER, Value::fixnum(n as i32))],
    )
}

fn strings_list(vm: &mut Vm, items: &[String]) -> Value {
    let mark = vm.roots.len();
    for s in items {
        let v = vm.string(s);
        vm.roots.push(v);
    }
    let vals = vm.roots[mark..].to_vec();
    let l = vm.list(&vals);
    vm.roots.truncate(mark);
    l
}

fn command_line(vm: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    let args: Vec<String> = std::env::args().collect();
    Ok(strings_list(vm, &args))
}

fn get_environment_variable(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(
        crate::obj::is(a[0], tag::STRING),
        "get-environment-variable",
        "a string",
        a[0],
    )?;
    match std::env::var(crate::obj::string(a[0]).as_str()) {
        Ok(v) => Ok(vm.string(&v)),
        Err(_) => Ok(Value::FALSE),
    }
}

fn get_environment_variables(vm: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    let mark = vm.roots.len();
    for (k, v) in std::env::vars() {
        let k = vm.string(&k);
        vm.roots.push(k);
        let v = vm.string(&v);
        vm.roots.push(v);
        let n = vm.roots.len();
        let pair = vm.cons(vm.roots[n - 2], vm.roots[n - 1]);
        vm.roots.truncate(n - 2);
        vm.roots.push(pair);
    }
    let vals = vm.roots[mark..].to_vec();
    let l = vm.list(&vals);
    vm.roots.truncate(mark);
    Ok(l)
}

fn current_second(vm: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    Ok(vm.flonum(t))
}

thread_local! {
    static EPOCH: Instant = Instant::now();
}

fn current_jiffy(vm: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    let micros = EPOCH.with(|e| e.elapsed().as_micros()) as i64;
    Ok(vm.number(crate::num::Number::Int(micros)))
}

fn jiffies_per_second(_: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    Ok(Value::fixnum(1_000_000))
}

fn features(vm: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    let mark = vm.roots.len();
    for f in crate::expand::FEATURES {
        let s = vm.intern(f);
        vm.roots.push(s);
    }
    let vals = vm.roots[mark..].to_vec();
    let l = vm.list(&vals);
    vm.roots.truncate(mark);
    Ok(l)
}
