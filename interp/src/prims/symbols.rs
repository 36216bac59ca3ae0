//! Symbols (R7RS 6.5): `symbol?`, `symbol->string`, `string->symbol`, `symbol=?`.

use super::args;
use crate::heap::object::tag;
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Defines the symbol primitives.
pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("symbol?", 1, 1, symbol_p),
        ("symbol->string", 1, 1, symbol_to_string),
        ("string->symbol", 1, 1, string_to_symbol),
        ("symbol=?", 2, super::VARIADIC, symbol_eq),
    ]);
}

fn symbol_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(obj::is(args[0], tag::SYMBOL)))
}

fn symbol_to_string(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    vm.check(
        obj::is(args[0], tag::SYMBOL),
        "symbol->string",
        "a symbol",
        args[0],
    )?;
    Ok(vm.string(obj::symbol_name(args[0])))
}

fn string_to_symbol(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let s = args::string_arg(vm, args[0], "string->symbol")?;
    Ok(vm.intern(s.as_str()))
}

fn symbol_eq(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    for &s in args {
        vm.check(obj::is(s, tag::SYMBOL), "symbol=?", "a symbol", s)?;
    }
    // Symbols are interned: equal names are the same object.
    Ok(Value::bool(args.windows(2).all(|w| w[0] == w[1])))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use crate::print::testkit::{call, datum, eval, run, vm};

    #[test]
    fn symbols_and_strings() {
        let vm = vm();
        assert_eq!(eval(vm, "symbol?", &["foo"]), "#t");
        assert_eq!(eval(vm, "symbol?", &["\"foo\""]), "#f");
        assert_eq!(eval(vm, "symbol->string", &["Martin"]), "\"Martin\"");
        assert_eq!(eval(vm, "string->symbol", &["\"foo bar\""]), "|foo bar|");
        assert_eq!(eval(vm, "symbol=?", &["a", "a", "a"]), "#t");
        assert_eq!(eval(vm, "symbol=?", &["a", "a", "b"]), "#f");
        assert_eq!(
            eval(vm, "symbol=?", &["a", "\"a\""]),
            "error: symbol=?: expected a symbol"
        );
        let s = datum(vm, "\"abc\"");
        let sym = datum(vm, "abc");
        let interned = call(vm, "string->symbol", &[s]).unwrap();
        assert_eq!(run(vm, "eq?", &[sym, interned]), "#t");
    }
}
