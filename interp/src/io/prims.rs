//! The I/O primitives.

use super::port::{Port, Sink};
use super::{current, new_port, port};
use crate::heap::object::tag;
use crate::obj;
use crate::prims::opt;
use crate::value::Value;
use crate::vm::{Vm, R};

pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("port?", 1, 1, port_p),
        ("input-port?", 1, 1, input_port_p),
        ("output-port?", 1, 1, output_port_p),
        ("textual-port?", 1, 1, textual_port_p),
        ("binary-port?", 1, 1, binary_port_p),
        ("input-port-open?", 1, 1, input_port_open_p),
        ("output-port-open?", 1, 1, output_port_open_p),
        ("close-port", 1, 1, close_port),
        ("close-input-port", 1, 1, close_port),
        ("close-output-port", 1, 1, close_port),
        ("open-input-string", 1, 1, open_input_string),
        ("open-output-string", 0, 0, open_output_string),
        ("get-output-string", 1, 1, get_output_string),
        ("open-input-bytevector", 1, 1, open_input_bytevector),
        ("open-output-bytevector", 0, 0, open_output_bytevector),
        ("get-output-bytevector", 1, 1, get_output_bytevector),
        ("read-char", 0, 1, read_char),
        ("peek-char", 0, 1, peek_char),
        ("read-line", 0, 1, read_line),
        ("read-string", 1, 2, read_string),
        ("read-u8", 0, 1, read_u8),
        ("peek-u8", 0, 1, peek_u8),
        ("u8-ready?", 0, 1, ready),
        ("read-bytevector", 1, 2, read_bytevector),
        ("read-bytevector!", 1, 4, read_bytevector_into),
        ("char-ready?", 0, 1, ready),
        ("read", 0, 1, read),
        ("eof-object", 0, 0, eof_object),
        ("eof-object?", 1, 1, eof_object_p),
        ("write", 1, 2, write),
        ("write-shared", 1, 2, write_shared),
        ("write-simple", 1, 2, write),
        ("display", 1, 2, display),
        ("newline", 0, 1, newline),
        ("write-char", 1, 2, write_char),
        ("write-string", 1, 4, write_string),
        ("write-u8", 1, 2, write_u8),
        ("write-bytevector", 1, 4, write_bytevector),
        ("flush-output-port", 0, 1, flush_output_port),
        ("call-with-port", 2, 2, call_with_port),
    ]);
}

fn is_port(v: Value) -> bool {
    obj::is(v, tag::PORT)
}

fn port_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_port(a[0])))
}
fn input_port_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_port(a[0]) && port(a[0]).input))
}
fn output_port_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_port(a[0]) && !port(a[0]).input))
}
fn textual_port_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_port(a[0]) && port(a[0]).textual))
}
fn binary_port_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_port(a[0]) && !port(a[0]).textual))
}
fn input_port_open_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(is_port(a[0]), "input-port-open?", "a port", a[0])?;
    let p = port(a[0]);
    Ok(Value::bool(p.input && p.open))
}
fn output_port_open_p(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(is_port(a[0]), "output-port-open?", "a port", a[0])?;
    let p = port(a[0]);
    Ok(Value::bool(!p.input && p.open))
}
fn close_port(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(is_port(a[0]), "close-port", "a port", a[0])?;
    port(a[0]).flush();
    port(a[0]).open = false;
    Ok(Value::VOID)
}

fn string_arg<'a>(vm: &mut Vm, v: Value, who: &str) -> R<&'a str> {
    vm.check(obj::is(v, tag::STRING), who, "a string", v)?;
    Ok(obj::string(v).as_str())
}

fn open_input_string(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let s = string_arg(vm, a[0], "open-input-string")?
        .as_bytes()
        .to_vec();
    Ok(new_port(vm, Port::input(s, true)))
}
fn open_output_string(vm: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    Ok(new_port(vm, Port::output(Sink::Buffer, true)))
}
fn get_output_string(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let ok = is_port(a[0])
        && !port(a[0]).input
        && port(a[0]).textual
        && matches!(port(a[0]).sink, Sink::Buffer);
    vm.check(ok, "get-output-string", "a string output port", a[0])?;
    let text = String::from_utf8_lossy(&port(a[0]).buf).into_owned();
    Ok(vm.string(&text))
}
fn open_input_bytevector(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(
        obj::is(a[0], tag::BYTEVECTOR),
        "open-input-bytevector",
        "a bytevector",
        a[0],
    )?;
    let b = obj::bytes(a[0]).to_vec();
    Ok(new_port(vm, Port::input(b, false)))
}
fn open_output_bytevector(vm: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    Ok(new_port(vm, Port::output(Sink::Buffer, false)))
}
fn get_output_bytevector(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let ok = is_port(a[0]) && !port(a[0]).input && !port(a[0]).textual;
    vm.check(
        ok,
        "get-output-bytevector",
        "a bytevector output port",
        a[0],
    )?;
    let b = port(a[0]).buf.clone();
    Ok(vm.bytevector(&b))
}

/// The input port argument `i` (default: the current input port), checked open and of the kind.
fn in_port(vm: &mut Vm, a: &[Value], i: usize, who: &str, textual: bool) -> R<Value> {
    let p = opt(a, i, current(vm, 0));
    let ok = is_port(p) && port(p).input && port(p).textual == textual;
    let what = if textual {
        "a textual input port"
    } else {
        "a binary input port"
    };
    vm.check(ok, who, what, p)?;
    if !port(p).open {
        return Err(vm.error(&format!("{who}: port is closed"), &[p]));
    }
    Ok(p)
}

/// The output port argument `i` (default: the current output port), checked open.
fn out_port(vm: &mut Vm, a: &[Value], i: usize, who: &str) -> R<Value> {
    let p = opt(a, i, current(vm, 1));
    vm.check(is_port(p) && !port(p).input, who, "an output port", p)?;
    if !port(p).open {
        return Err(vm.error(&format!("{who}: port is closed"), &[p]));
    }
    Ok(p)
}

fn char_or_eof(c: Option<char>) -> Value {
    c.map_or(Value::EOF, Value::char)
}

fn read_char(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = in_port(vm, a, 0, "read-char", true)?;
    Ok(char_or_eof(port(p).read_char()))
}
fn peek_char(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = in_port(vm, a, 0, "peek-char", true)?;
    Ok(char_or_eof(port(p).peek_char()))
}
fn read_line(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = in_port(vm, a, 0, "read-line", true)?;
    match port(p).read_line() {
        Some(line) => Ok(vm.string(&line)),
        None => Ok(Value::EOF),
    }
}
fn count_arg(vm: &mut Vm, v: Value, who: &str) -> R<usize> {
    vm.check(
        v.is_fixnum() && v.fixnum_value() >= 0,
        who,
        "a non-negative count",
        v,
    )?;
    Ok(v.fixnum_value() as usize)
}
fn read_string(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let k = count_arg(vm, a[0], "read-string")?;
    let p = in_port(vm, a, 1, "read-string", true)?;
    let s = port(p).read_string(k);
    if s.is_empty() && k > 0 {
        return Ok(Value::EOF);
    }
    Ok(vm.string(&s))
}
fn read_u8(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = in_port(vm, a, 0, "read-u8", false)?;
    let port = port(p);
    match port.peek_byte() {
        Some(b) => {
            port.pos += 1;
            Ok(Value::fixnum(b as i32))
        }
        None => Ok(Value::EOF),
    }
}
fn peek_u8(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = in_port(vm, a, 0, "peek-u8", false)?;
    Ok(port(p)
        .peek_byte()
        .map_or(Value::EOF, |b| Value::fixnum(b as i32)))
}
fn ready(_: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    Ok(Value::TRUE)
}
fn read_bytevector(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let k = count_arg(vm, a[0], "read-bytevector")?;
    let p = in_port(vm, a, 1, "read-bytevector", false)?;
    let port = port(p);
    let end = (port.pos + k).min(port.buf.len());
    let bytes = port.buf[port.pos..end].to_vec();
    port.pos = end;
    if bytes.is_empty() && k > 0 {
        return Ok(Value::EOF);
    }
    Ok(vm.bytevector(&bytes))
}

/// `(read-bytevector! bv [port start end])`: reads into `bv`, returns the count or eof.
fn read_bytevector_into(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(
        obj::is(a[0], tag::BYTEVECTOR),
        "read-bytevector!",
        "a bytevector",
        a[0],
    )?;
    let p = in_port(vm, a, 1, "read-bytevector!", false)?;
    let len = obj::length(a[0]) as i32;
    let start = opt(a, 2, Value::fixnum(0));
    let end = opt(a, 3, Value::fixnum(len));
    let ok = start.is_fixnum()
        && end.is_fixnum()
        && 0 <= start.fixnum_value()
        && start.fixnum_value() <= end.fixnum_value()
        && end.fixnum_value() <= len;
    if !ok {
        return Err(vm.error("read-bytevector!: bad start/end range", &[start, end]));
    }
    let (start, end) = (start.fixnum_value() as usize, end.fixnum_value() as usize);
    let port = port(p);
    let n = (end - start).min(port.buf.len() - port.pos);
    if n == 0 && end > start {
        return Ok(Value::EOF);
    }
    obj::bytes(a[0])[start..start + n].copy_from_slice(&port.buf[port.pos..port.pos + n]);
    port.pos += n;
    Ok(Value::fixnum(n as i32))
}

fn read(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = in_port(vm, a, 0, "read", true)?;
    loop {
        // The reader works on the unread text in place: a datum costs what it consumes.
        match crate::syntax::reader::read_one(port(p).rest()) {
            Ok(Some((datum, used))) => {
                port(p).consume(used);
                return Ok(crate::ir::quote::datum_to_value(vm, &datum));
            }
            Ok(None) if !port(p).refill() => {
                port(p).pos = port(p).buf.len();
                return Ok(Value::EOF);
            }
            Err(e) if !e.is_incomplete() || !port(p).refill() => {
                let msg = format!("read: {}", e.message());
                return Err(vm.error_of_kind("read-error", &msg, &[]));
            }
            _ => {}
        }
    }
}

fn eof_object(_: &mut Vm, _: &[Value], _: usize) -> R<Value> {
    Ok(Value::EOF)
}
fn eof_object_p(_: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(a[0] == Value::EOF))
}

fn emit(vm: &mut Vm, a: &[Value], port_index: usize, who: &str, text: &str) -> R<Value> {
    let p = out_port(vm, a, port_index, who)?;
    port(p).write_str(text);
    Ok(Value::VOID)
}

fn write(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let text = crate::print::to_text(vm, a[0], true);
    emit(vm, a, 1, "write", &text)
}
/// `write` with a label on every pair and vector reached twice, not only on cycles.
fn write_shared(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let mut text = String::new();
    crate::print::print(vm, &mut text, a[0], true, crate::print::Labels::Shared);
    emit(vm, a, 1, "write-shared", &text)
}
fn display(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let text = crate::print::to_text(vm, a[0], false);
    emit(vm, a, 1, "display", &text)
}
fn newline(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    emit(vm, a, 0, "newline", "\n")
}
fn write_char(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(a[0].is_char(), "write-char", "a character", a[0])?;
    let mut buf = [0u8; 4];
    let text = a[0].char_value().encode_utf8(&mut buf).to_string();
    emit(vm, a, 1, "write-char", &text)
}
fn write_string(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let s = string_arg(vm, a[0], "write-string")?;
    let n = s.chars().count();
    let start = opt(a, 2, Value::fixnum(0));
    let end = opt(a, 3, Value::fixnum(n as i32));
    let ok = start.is_fixnum()
        && end.is_fixnum()
        && 0 <= start.fixnum_value()
        && start.fixnum_value() <= end.fixnum_value()
        && end.fixnum_value() as usize <= n;
    if !ok {
        return Err(vm.error("write-string: bad start/end range", &[start, end]));
    }
    let sub =
        obj::string(a[0]).substring(start.fixnum_value() as usize, end.fixnum_value() as usize);
    emit(vm, a, 1, "write-string", &sub)
}
fn write_u8(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let ok = a[0].is_fixnum() && (0..256).contains(&a[0].fixnum_value());
    vm.check(ok, "write-u8", "a byte", a[0])?;
    let p = out_port(vm, a, 1, "write-u8")?;
    port(p).write_bytes(&[a[0].fixnum_value() as u8]);
    Ok(Value::VOID)
}
fn write_bytevector(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(
        obj::is(a[0], tag::BYTEVECTOR),
        "write-bytevector",
        "a bytevector",
        a[0],
    )?;
    let b = obj::bytes(a[0]);
    let start = opt(a, 2, Value::fixnum(0));
    let end = opt(a, 3, Value::fixnum(b.len() as i32));
    let ok = start.is_fixnum()
        && end.is_fixnum()
        && 0 <= start.fixnum_value()
        && start.fixnum_value() <= end.fixnum_value()
        && end.fixnum_value() as usize <= b.len();
    if !ok {
        return Err(vm.error("write-bytevector: bad start/end range", &[start, end]));
    }
    let bytes = b[start.fixnum_value() as usize..end.fixnum_value() as usize].to_vec();
    let p = out_port(vm, a, 1, "write-bytevector")?;
    port(p).write_bytes(&bytes);
    Ok(Value::VOID)
}
fn flush_output_port(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let p = out_port(vm, a, 0, "flush-output-port")?;
    port(p).flush();
    Ok(Value::VOID)
}
fn call_with_port(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    vm.check(is_port(a[0]), "call-with-port", "a port", a[0])?;
    let r = vm.call(a[1], &[a[0]])?;
    port(a[0]).flush();
    port(a[0]).open = false;
    Ok(r)
}
