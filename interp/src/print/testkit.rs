//! Support for the tests of the data primitives and the printer: a VM that collects at every
//! allocation, a small datum reader (the real one lives in `syntax`) and a way to call globals.
//! Only for wasm32: values are 32-bit heap addresses.

use crate::value::Value;
use crate::vm::{Unwind, Vm};

/// The VM, collecting at every allocation so that a missing root shows up at once.
pub fn vm() -> &'static mut Vm {
    let vm = crate::vm::vm();
    vm.heap.set_stress(true);
    vm
}

/// The value of the datum `text`, kept alive for the rest of the test run. Supports lists
/// (also dotted), `#(…)`, `#u8(…)`, `'x`, fixnums, symbols, strings with `\n \t \\ \"`
/// escapes, `#t`/`#f` and characters (`#\a`, `#\space`, `#\newline`, `#\xHH`).
pub fn datum(vm: &mut Vm, text: &str) -> Value {
    let mut r = Reader {
        chars: text.chars().collect(),
        at: 0,
    };
    let d = r.datum();
    r.skip_space();
    assert_eq!(r.at, r.chars.len(), "trailing text in {text:?}");
    let v = d.build(vm);
    vm.protect(v);
    v
}

/// Calls global `name` with `args`: the result as `write` prints it, or `error: MESSAGE` if
/// it raised an error object. The result is kept alive for the rest of the test run.
pub fn run(vm: &mut Vm, name: &str, args: &[Value]) -> String {
    call(vm, name, args).map_or_else(|e| e, |v| crate::print::to_text(vm, v, true))
}

/// Calls global `name` with `args`: its value, or `error: MESSAGE`.
pub fn call(vm: &mut Vm, name: &str, args: &[Value]) -> Result<Value, String> {
    let f = vm
        .global_value(name)
        .unwrap_or_else(|| panic!("{name} is not defined"));
    match vm.call(f, args) {
        Ok(v) => {
            vm.protect(v);
            Ok(v)
        }
        Err(Unwind::Raise(e) | Unwind::Bypass(e))
            if crate::obj::is(e, crate::heap::object::tag::ERROR) =>
        {
            let message = crate::obj::load_field(e, crate::heap::object::error::MESSAGE);
            Err(format!(
                "error: {}",
                crate::print::to_text(vm, message, false)
            ))
        }
        Err(u) => panic!("{name} unwound with {u:?}"),
    }
}

/// Reads each datum of `args` and calls global `name` with them (see `run`).
pub fn eval(vm: &mut Vm, name: &str, args: &[&str]) -> String {
    let values: Vec<Value> = args.iter().map(|a| datum(vm, a)).collect();
    run(vm, name, &values)
}

/// A parsed datum, built into a value once parsed.
enum D {
    Int(i32),
    Sym(String),
    Str(String),
    Char(char),
    Bool(bool),
    List(Vec<D>, Option<Box<D>>),
    Vector(Vec<D>),
    Bytes(Vec<u8>),
}

impl D {
    /// The value of this datum; every part is rooted while the next is built.
    fn build(&self, vm: &mut Vm) -> Value {
        match self {
            D::Int(n) => Value::fixnum(*n),
            D::Sym(s) => vm.intern(s),
            D::Str(s) => vm.string(s),
            D::Char(c) => Value::char(*c),
            D::Bool(b) => Value::bool(*b),
            D::Bytes(b) => vm.bytevector(b),
            D::List(items, tail) => {
                let mark = vm.roots.len();
                let tail = tail.as_ref().map_or(Value::NIL, |t| t.build(vm));
                vm.protect(tail);
                let parts = build_all(vm, items);
                let v = vm.list_with_tail(&parts, tail);
                vm.unprotect(mark);
                v
            }
            D::Vector(items) => {
                let mark = vm.roots.len();
                let parts = build_all(vm, items);
                let v = vm.vector_of(&parts);
                vm.unprotect(mark);
                v
            }
        }
    }
}

/// Builds `items`, leaving each protected (the caller unprotects).
fn build_all(vm: &mut Vm, items: &[D]) -> Vec<Value> {
    items
        .iter()
        .map(|d| {
            let v = d.build(vm);
            vm.protect(v);
            v
        })
        .collect()
}

struct Reader {
    chars: Vec<char>,
    at: usize,
}

impl Reader {
    fn peek(&self) -> char {
        self.chars.get(self.at).copied().unwrap_or('\0')
    }

    fn next(&mut self) -> char {
        let c = self.peek();
        self.at += 1;
        c
    }

    fn skip_space(&mut self) {
        while self.peek().is_whitespace() {
            self.at += 1;
        }
    }

    fn token(&mut self) -> String {
        let mut s = String::new();
        while !matches!(self.peek(), '\0' | '(' | ')' | '"') && !self.peek().is_whitespace() {
            s.push(self.next());
        }
        s
    }

    fn datum(&mut self) -> D {
        self.skip_space();
        match self.peek() {
            '(' => {
                self.at += 1;
                self.list()
            }
            '\'' => {
                self.at += 1;
                D::List(vec![D::Sym("quote".into()), self.datum()], None)
            }
            '"' => {
                self.at += 1;
                self.string()
            }
            '#' => self.hash(),
            _ => {
                let t = self.token();
                t.parse().map_or(D::Sym(t), D::Int)
            }
        }
    }

    fn list(&mut self) -> D {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek() {
                ')' => {
                    self.at += 1;
                    return D::List(items, None);
                }
                '.' if self
                    .chars
                    .get(self.at + 1)
                    .is_some_and(|c| c.is_whitespace()) =>
                {
                    self.at += 1;
                    let tail = self.datum();
                    self.skip_space();
                    assert_eq!(self.next(), ')', "dotted list");
                    return D::List(items, Some(Box::new(tail)));
                }
                '\0' => panic!("unterminated list"),
                _ => items.push(self.datum()),
            }
        }
    }

    fn string(&mut self) -> D {
        let mut s = String::new();
        loop {
            match self.next() {
                '"' => return D::Str(s),
                '\\' => s.push(match self.next() {
                    'n' => '\n',
                    't' => '\t',
                    c => c,
                }),
                '\0' => panic!("unterminated string"),
                c => s.push(c),
            }
        }
    }

    fn hash(&mut self) -> D {
        self.at += 1;
        match self.next() {
            '(' => match self.list() {
                D::List(items, None) => D::Vector(items),
                _ => panic!("dotted vector"),
            },
            'u' => {
                assert_eq!((self.next(), self.next()), ('8', '('));
                let D::List(items, None) = self.list() else {
                    panic!("bytevector")
                };
                D::Bytes(
                    items
                        .iter()
                        .map(|d| {
                            if let D::Int(n) = d {
                                *n as u8
                            } else {
                                panic!("byte")
                            }
                        })
                        .collect(),
                )
            }
            '\\' => {
                let first = self.next();
                let rest = self.token();
                D::Char(match (first, rest.as_str()) {
                    (c, "") => c,
                    ('s', "pace") => ' ',
                    ('n', "ewline") => '\n',
                    ('x', hex) => {
                        char::from_u32(u32::from_str_radix(hex, 16).expect("hex")).expect("char")
                    }
                    _ => panic!("unknown character name"),
                })
            }
            't' => D::Bool(true),
            'f' => D::Bool(false),
            c => panic!("unsupported #{c}"),
        }
    }
}
