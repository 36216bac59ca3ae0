//! The printer: the external representation of any value, for `write` and `display`
//! (R7RS 6.13.3) and for error messages.
//!
//! - `atoms`: characters, strings and symbols (escapes, character names, `|…|` symbols).
//! - `cycles`: finds the objects that need datum labels (`#0=` … `#0#`).
//! - `write`: walks a datum with an explicit task stack, so a list of any length (and any depth
//!   of nesting) prints without using Rust stack.
//!
//! The printer never allocates Scheme objects, so it cannot trigger a collection.

mod atoms;
mod cycles;
mod write;

#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod testkit;

use crate::value::Value;
use crate::vm::Vm;

pub use atoms::{symbol_needs_bars, write_char, write_string, write_symbol};

/// Which pairs and vectors get datum labels.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Labels {
    /// Those that are part of a cycle (`write`, `display`): output always terminates.
    Cycles,
    /// Every one that is reached more than once (`write-shared`).
    Shared,
    /// None (`write-simple`): loops forever on circular data, as R7RS allows.
    Never,
}

/// The text of `v`: as `write` prints it when `write` is true, else as `display` does.
pub fn to_text(vm: &Vm, v: Value, write: bool) -> String {
    let mut out = String::new();
    write_into(vm, &mut out, v, write);
    out
}

/// Appends the text of `v` (see `to_text`) to `out`.
pub fn write_into(vm: &Vm, out: &mut String, v: Value, write: bool) {
    print(vm, out, v, write, Labels::Cycles);
}

/// The addresses of the pairs and vectors of `v` that a cycle returns to (what `write` labels):
/// `ir::quote::value_to_datum` makes datum labels of them.
pub fn cycle_targets(v: Value) -> std::collections::HashSet<u32> {
    cycles::find_labels(v, Labels::Cycles)
}

/// The addresses of the objects in `v` reached more than once (what `write-shared` labels):
/// `eval`'s conversion of data to a datum shares them.
pub fn shared_targets(v: Value) -> std::collections::HashSet<u32> {
    cycles::find_labels(v, Labels::Shared)
}

/// Appends the text of `v` to `out` with the given labelling (`write-shared`, `write-simple`).
/// `vm` is only read, for the names of primitives.
pub fn print(vm: &Vm, out: &mut String, v: Value, write: bool, labels: Labels) {
    let labelled = cycles::find_labels(v, labels);
    write::Printer::new(vm, out, write, labelled).datum(v);
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::{print, to_text, Labels};
    use crate::heap::object::{record, record_type, store, tag};
    use crate::print::testkit::{call, datum, vm};
    use crate::value::Value;
    use crate::vm::Vm;

    fn write(vm: &Vm, v: Value) -> String {
        to_text(vm, v, true)
    }

    fn display(vm: &Vm, v: Value) -> String {
        to_text(vm, v, false)
    }

    /// `text` read, then written and displayed.
    fn both(vm: &mut Vm, text: &str) -> (String, String) {
        let v = datum(vm, text);
        (write(vm, v), display(vm, v))
    }

    #[test]
    fn atoms_and_lists() {
        let vm = vm();
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            both(vm, "(#\\a #\\space #\\z)"),
            s("(#\\a #\\space #\\z)", "(a   z)")
        );
        assert_eq!(both(vm, "\"a \\nb\""), s("\"a \\nb\"", "a \nb"));
        assert_eq!(
            both(vm, "#(#\\q \"q\" q)"),
            s("#(#\\q \"q\" q)", "#(q q q)")
        );
        assert_eq!(
            both(vm, "(1 (2 . 3) ((4)) () #t #f)"),
            s("(1 (2 . 3) ((4)) () #t #f)", "(1 (2 . 3) ((4)) () #t #f)")
        );
        assert_eq!(both(vm, "((a . b) c . d)").0, "((a . b) c . d)");
        assert_eq!(both(vm, "'x").0, "(quote x)");
        assert_eq!(both(vm, "#u8(1 2 255)").0, "#u8(1 2 255)");
        assert_eq!(both(vm, "#()").0, "#()");
        assert_eq!(both(vm, "-42").0, "-42");
        let sym = vm.intern("foo bar");
        assert_eq!(
            (write(vm, sym), display(vm, sym)),
            s("|foo bar|", "foo bar")
        );
        for (v, text) in [
            (Value::VOID, "#<unspecified>"),
            (Value::EOF, "#<eof>"),
            (Value::DEFAULT, "#<default>"),
        ] {
            assert_eq!(write(vm, v), text);
        }
        let x = vm.flonum(1.5);
        assert_eq!(write(vm, x), "1.5");
    }

    #[test]
    fn procedures_and_other_objects() {
        let vm = vm();
        let car = vm.global_value("car").unwrap();
        assert_eq!(write(vm, car), "#<procedure car>");
        let cons = vm.global_value("%cons").unwrap();
        assert_eq!(write(vm, cons), "#<procedure cons>");
        let irritants = [Value::fixnum(1), datum(vm, "\"s\"")];
        let e = vm.make_error("error", "bad thing", &irritants);
        vm.protect(e);
        assert_eq!(write(vm, e), "#<error \"bad thing\" 1 \"s\">");
        assert_eq!(display(vm, e), "#<error \"bad thing\" 1 s>");
        let vals = vm.values(&[Value::fixnum(1), Value::fixnum(2)]);
        assert_eq!(write(vm, vals), "#<values 1 2>");
        let fields = datum(vm, "(x y)");
        let name = vm.intern("point");
        let rt = vm.fixed(
            tag::RECORD_TYPE,
            record_type::SIZE,
            [
                (record_type::NAME, name),
                (record_type::FIELDS, fields),
                (record_type::UID, Value::fixnum(7)),
            ],
        );
        vm.protect(rt);
        let r = vm.alloc(tag::RECORD, record::size(2), &[rt]);
        store(r, record::LENGTH, 2);
        store(r, record::TYPE, rt.0);
        store(r, record::field(0), Value::fixnum(1).0);
        store(r, record::field(1), Value::fixnum(2).0);
        assert_eq!(write(vm, Value(r)), "#<record point>");
    }

    /// `l` with the cdr of its last pair set to its `k`-th pair.
    fn loop_back(vm: &mut Vm, text: &str, k: usize) -> Value {
        let l = datum(vm, text);
        let (mut last, mut target) = (l, l);
        while crate::obj::is_pair(crate::obj::cdr(last)) {
            last = crate::obj::cdr(last);
        }
        for _ in 0..k {
            target = crate::obj::cdr(target);
        }
        crate::obj::set_cdr(last, target);
        l
    }

    #[test]
    fn cycles_get_labels() {
        let vm = vm();
        let c = loop_back(vm, "(1 2 3)", 0);
        assert_eq!(write(vm, c), "#0=(1 2 3 . #0#)");
        assert_eq!(display(vm, c), "#0=(1 2 3 . #0#)");
        let middle = loop_back(vm, "(1 2 3 4)", 1);
        assert_eq!(write(vm, middle), "(1 . #0=(2 3 4 . #0#))");
        let twice = call(vm, "list", &[c, c]).unwrap();
        assert_eq!(write(vm, twice), "(#0=(1 2 3 . #0#) #0#)");
        let v = datum(vm, "#(1 2)");
        crate::obj::set_elem(v, 1, v);
        assert_eq!(write(vm, v), "#0=#(1 #0#)");
        let l = datum(vm, "(1 2)");
        crate::obj::set_car(l, l);
        assert_eq!(write(vm, l), "#0=(#0# 2)");
        let two = call(vm, "list", &[v, c]).unwrap();
        assert_eq!(write(vm, two), "(#0=#(1 #0#) #1=(1 2 3 . #1#))");
    }

    #[test]
    fn sharing_without_cycles() {
        let vm = vm();
        let a = datum(vm, "(a)");
        let l = call(vm, "list", &[a, a]).unwrap();
        assert_eq!(write(vm, l), "((a) (a))");
        let mut out = String::new();
        print(vm, &mut out, l, true, Labels::Shared);
        assert_eq!(out, "(#0=(a) #0#)");
        out.clear();
        print(vm, &mut out, l, true, Labels::Never);
        assert_eq!(out, "((a) (a))");
    }

    #[test]
    fn long_and_deep_data() {
        let vm = vm();
        // A million allocations with a collection at each would take far too long.
        vm.heap.set_stress(false);
        let mark = vm.roots.len();
        let mut long = Value::NIL;
        for _ in 0..1_000_000 {
            long = vm.cons(Value::fixnum(7), long);
        }
        vm.protect(long);
        let text = write(vm, long);
        assert_eq!(text.len(), 2 * 1_000_000 + 1);
        assert!(text.starts_with("(7 7 ") && text.ends_with(" 7)"));
        let c = long;
        let mut last = c;
        while crate::obj::is_pair(crate::obj::cdr(last)) {
            last = crate::obj::cdr(last);
        }
        crate::obj::set_cdr(last, c);
        let text = write(vm, c);
        assert!(text.starts_with("#0=(7 7 ") && text.ends_with(" 7 . #0#)"));
        let mut deep = Value::NIL;
        for _ in 0..100_000 {
            deep = vm.cons(deep, Value::NIL);
        }
        vm.protect(deep);
        let text = write(vm, deep);
        assert_eq!(text.len(), 2 * 100_000 + 2);
        vm.unprotect(mark);
        vm.heap.set_stress(true);
    }
}
