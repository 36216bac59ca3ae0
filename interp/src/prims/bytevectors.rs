//! Bytevectors (R7RS 6.9), including the UTF-8 conversions `utf8->string` and `string->utf8`.

use super::args::{self, range};
use super::{opt, VARIADIC};
use crate::heap::object::tag;
use crate::obj;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Defines the bytevector primitives.
pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("bytevector?", 1, 1, bytevector_p),
        ("make-bytevector", 1, 2, make_bytevector),
        ("bytevector", 0, VARIADIC, bytevector),
        ("bytevector-u8-ref", 2, 2, u8_ref),
        ("bytevector-u8-set!", 3, 3, u8_set),
        ("bytevector-length", 1, 1, bytevector_length),
        ("bytevector-copy", 1, 3, bytevector_copy),
        ("bytevector-copy!", 3, 5, bytevector_copy_to),
        ("bytevector-append", 0, VARIADIC, bytevector_append),
        ("utf8->string", 1, 3, utf8_to_string),
        ("string->utf8", 1, 3, string_to_utf8),
    ]);
}

fn bytevector_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(obj::is(args[0], tag::BYTEVECTOR)))
}

/// A byte argument: an exact integer in `0..=255`.
fn byte(vm: &mut Vm, v: Value, who: &str) -> R<u8> {
    let ok = v.is_fixnum() && (0..=255).contains(&v.fixnum_value());
    vm.check(ok, who, "a byte (an exact integer from 0 to 255)", v)?;
    Ok(v.fixnum_value() as u8)
}

fn make_bytevector(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::size(vm, args[0], "make-bytevector")?;
    let fill = byte(vm, opt(args, 1, Value::fixnum(0)), "make-bytevector")?;
    Ok(vm.bytevector(&vec![fill; n]))
}

fn bytevector(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let mut bytes = Vec::with_capacity(args.len());
    for &b in args {
        bytes.push(byte(vm, b, "bytevector")?);
    }
    Ok(vm.bytevector(&bytes))
}

fn u8_ref(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let bytes = args::bytevector_arg(vm, args[0], "bytevector-u8-ref")?;
    let k = args::index(vm, args[1], args[0], "bytevector-u8-ref", bytes.len())?;
    Ok(Value::fixnum(bytes[k] as i32))
}

fn u8_set(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let bytes = args::bytevector_arg(vm, args[0], "bytevector-u8-set!")?;
    let k = args::index(vm, args[1], args[0], "bytevector-u8-set!", bytes.len())?;
    bytes[k] = byte(vm, args[2], "bytevector-u8-set!")?;
    Ok(Value::VOID)
}

fn bytevector_length(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let bytes = args::bytevector_arg(vm, args[0], "bytevector-length")?;
    Ok(Value::fixnum(bytes.len() as i32))
}

/// The bytes of bytevector `args[0]` in the optional range at `args[i..]`, copied out.
fn byte_range(vm: &mut Vm, args: &[Value], i: usize, who: &str) -> R<Vec<u8>> {
    let bytes = args::bytevector_arg(vm, args[0], who)?;
    let (start, end) = range(vm, args, i, bytes.len(), who)?;
    Ok(bytes[start..end].to_vec())
}

fn bytevector_copy(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let bytes = byte_range(vm, args, 1, "bytevector-copy")?;
    Ok(vm.bytevector(&bytes))
}

/// `(bytevector-copy! to at from [start end])`; overlapping copies work (the source is copied
/// out first).
fn bytevector_copy_to(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let to_len = args::bytevector_arg(vm, args[0], "bytevector-copy!")?.len();
    let at = args::index(vm, args[1], args[0], "bytevector-copy!", to_len + 1)?;
    let src = byte_range(vm, &args[2..], 1, "bytevector-copy!")?;
    if src.len() > to_len - at {
        return Err(vm.error(
            "bytevector-copy!: source does not fit in the destination",
            &[args[0], args[1]],
        ));
    }
    obj::bytes(args[0])[at..at + src.len()].copy_from_slice(&src);
    Ok(Value::VOID)
}

fn bytevector_append(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let mut bytes = Vec::new();
    for &b in args {
        bytes.extend_from_slice(args::bytevector_arg(vm, b, "bytevector-append")?);
    }
    if bytes.len() > args::MAX_LENGTH {
        return Err(vm.error("bytevector-append: length too large", &[]));
    }
    Ok(vm.bytevector(&bytes))
}

fn utf8_to_string(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let bytes = byte_range(vm, args, 1, "utf8->string")?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(vm.string_from(crate::strings::SString::new(text))),
        Err(_) => Err(vm.error("utf8->string: invalid UTF-8", &[args[0]])),
    }
}

fn string_to_utf8(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let s = args::string_arg(vm, args[0], "string->utf8")?;
    let (start, end) = range(vm, args, 1, s.len(), "string->utf8")?;
    // The string is an argument (rooted) and its text is not moved by an allocation.
    let bytes = &s.as_str().as_bytes()[s.byte_offset(start)..s.byte_offset(end)];
    Ok(vm.bytevector(bytes))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use crate::print::testkit::{datum, eval, run, vm};
    use crate::value::Value;

    #[test]
    fn bytevectors() {
        let vm = vm();
        assert_eq!(eval(vm, "make-bytevector", &["2", "7"]), "#u8(7 7)");
        assert_eq!(
            eval(vm, "make-bytevector", &["2", "256"]),
            "error: make-bytevector: expected a byte (an exact integer from 0 to 255)"
        );
        assert_eq!(eval(vm, "bytevector", &["1", "2"]), "#u8(1 2)");
        assert_eq!(eval(vm, "bytevector", &[]), "#u8()");
        assert_eq!(eval(vm, "bytevector-u8-ref", &["#u8(5 6)", "1"]), "6");
        assert_eq!(
            eval(vm, "bytevector-u8-ref", &["#u8(5 6)", "2"]),
            "error: bytevector-u8-ref: index out of range"
        );
        assert_eq!(eval(vm, "bytevector-length", &["#u8(5 6)"]), "2");
        assert_eq!(
            eval(vm, "bytevector-copy", &["#u8(1 2 3 4)", "1", "3"]),
            "#u8(2 3)"
        );
        assert_eq!(
            eval(vm, "bytevector-append", &["#u8(1)", "#u8()", "#u8(2 3)"]),
            "#u8(1 2 3)"
        );
        let b = datum(vm, "#u8(1 2 3 4 5)");
        let (zero, one, three) = (Value::fixnum(0), Value::fixnum(1), Value::fixnum(3));
        run(vm, "bytevector-copy!", &[b, one, b, zero, three]);
        assert_eq!(run(vm, "bytevector-copy", &[b]), "#u8(1 1 2 3 5)");
        run(vm, "bytevector-u8-set!", &[b, zero, Value::fixnum(255)]);
        assert_eq!(run(vm, "bytevector-copy", &[b]), "#u8(255 1 2 3 5)");
    }

    #[test]
    fn utf8() {
        let vm = vm();
        assert_eq!(eval(vm, "string->utf8", &["\"aλ\""]), "#u8(97 206 187)");
        assert_eq!(
            eval(vm, "string->utf8", &["\"aλb\"", "1", "2"]),
            "#u8(206 187)"
        );
        assert_eq!(eval(vm, "utf8->string", &["#u8(97 206 187)"]), "\"aλ\"");
        assert_eq!(eval(vm, "utf8->string", &["#u8(97 206 187)", "1"]), "\"λ\"");
        assert_eq!(
            eval(vm, "utf8->string", &["#u8(206)"]),
            "error: utf8->string: invalid UTF-8"
        );
    }
}
