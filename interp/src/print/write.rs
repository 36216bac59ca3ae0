//! The printing walk. Compound data is printed from an explicit stack of tasks rather than by
//! recursion, so neither long lists nor deep nesting can exhaust the Rust stack.

use super::atoms::{write_char, write_string, write_symbol};
use crate::heap::object::{error, record, record_type, tag};
use crate::obj::{self, type_of};
use crate::value::Value;
use crate::vm::Vm;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// One pending piece of output.
enum Task {
    /// A whole datum.
    Datum(Value),
    /// Fixed text.
    Text(&'static str),
    /// The rest of a list after its first element: `()` closes it, a pair continues it, anything
    /// else (or a labelled pair) is a dotted tail.
    Tail(Value),
    /// Elements `i..` of a vector (`#(a b)`) or, with `values`, of a values object
    /// (`#<values a b>`).
    Elements { v: Value, i: u32, values: bool },
    /// The remaining irritants of an error object.
    Irritants(Value),
}

/// Prints one datum into `out`.
pub struct Printer<'a> {
    vm: &'a Vm,
    out: &'a mut String,
    write: bool,
    /// Objects that get a label, with the label number once it has been printed.
    labels: HashMap<u32, Option<usize>>,
    next_label: usize,
    tasks: Vec<Task>,
}

impl<'a> Printer<'a> {
    /// A printer in `write` (or `display`) style; `labelled` are the objects that get labels.
    pub fn new(
        vm: &'a Vm,
        out: &'a mut String,
        write: bool,
        labelled: HashSet<u32>,
    ) -> Printer<'a> {
        let labels = labelled.into_iter().map(|a| (a, None)).collect();
        Printer {
            vm,
            out,
            write,
            labels,
            next_label: 0,
            tasks: Vec::new(),
        }
    }

    /// Prints `v` and everything it contains.
    pub fn datum(mut self, v: Value) {
        self.tasks.push(Task::Datum(v));
        while let Some(task) = self.tasks.pop() {
            match task {
                Task::Datum(v) => self.one(v),
                Task::Text(t) => self.out.push_str(t),
                Task::Tail(t) => self.tail(t),
                Task::Elements { v, i, values } => self.elements(v, i, values),
                Task::Irritants(l) => self.irritants(l),
            }
        }
    }

    fn is_labelled(&self, v: Value) -> bool {
        v.is_ptr() && self.labels.contains_key(&v.0)
    }

    /// Prints `v`: atoms directly, containers by pushing tasks for their contents.
    fn one(&mut self, v: Value) {
        if self.is_labelled(v) && !self.label(v) {
            return;
        }
        match type_of(v) {
            0 => self.immediate(v),
            tag::PAIR => {
                self.out.push('(');
                self.tasks.push(Task::Tail(obj::cdr(v)));
                self.tasks.push(Task::Datum(obj::car(v)));
            }
            tag::VECTOR => {
                self.out.push_str("#(");
                self.tasks.push(Task::Elements {
                    v,
                    i: 0,
                    values: false,
                });
            }
            tag::VALUES => {
                self.out.push_str("#<values");
                self.tasks.push(Task::Elements {
                    v,
                    i: 0,
                    values: true,
                });
            }
            tag::ERROR => self.error_object(v),
            t => self.atom(v, t),
        }
    }

    /// Prints `#n#` for an object whose label is defined (returns false: nothing more to print),
    /// or defines the label with `#n=` (returns true: print the object next).
    fn label(&mut self, v: Value) -> bool {
        let entry = self.labels.get_mut(&v.0).expect("labelled object");
        match *entry {
            Some(n) => {
                let _ = write!(self.out, "#{n}#");
                false
            }
            None => {
                let n = self.next_label;
                *entry = Some(n);
                self.next_label += 1;
                let _ = write!(self.out, "#{n}=");
                true
            }
        }
    }

    fn tail(&mut self, t: Value) {
        if t.is_null() {
            self.out.push(')');
        } else if obj::is_pair(t) && !self.is_labelled(t) {
            self.out.push(' ');
            self.tasks.push(Task::Tail(obj::cdr(t)));
            self.tasks.push(Task::Datum(obj::car(t)));
        } else {
            self.out.push_str(" . ");
            self.tasks.push(Task::Text(")"));
            self.tasks.push(Task::Datum(t));
        }
    }

    fn elements(&mut self, v: Value, i: u32, values: bool) {
        if i == obj::length(v) {
            self.out.push(if values { '>' } else { ')' });
            return;
        }
        if i > 0 || values {
            self.out.push(' ');
        }
        self.tasks.push(Task::Elements {
            v,
            i: i + 1,
            values,
        });
        self.tasks.push(Task::Datum(obj::elem(v, i)));
    }

    /// `#<error "message" irritant …>`.
    fn error_object(&mut self, e: Value) {
        self.out.push_str("#<error ");
        let message = obj::load_field(e, error::MESSAGE);
        if obj::is(message, tag::STRING) {
            write_string(self.out, obj::string(message).as_str());
        } else {
            self.tasks
                .push(Task::Irritants(obj::load_field(e, error::IRRITANTS)));
            self.tasks.push(Task::Datum(message));
            return;
        }
        self.tasks.push(Task::Text(">"));
        self.tasks
            .push(Task::Irritants(obj::load_field(e, error::IRRITANTS)));
    }

    fn irritants(&mut self, l: Value) {
        if l.is_null() {
            return;
        }
        if obj::is_pair(l) && !self.is_labelled(l) {
            self.out.push(' ');
            self.tasks.push(Task::Irritants(obj::cdr(l)));
            self.tasks.push(Task::Datum(obj::car(l)));
        } else {
            self.out.push_str(" . ");
            self.tasks.push(Task::Datum(l));
        }
    }

    /// Fixnums, characters and the constants.
    fn immediate(&mut self, v: Value) {
        let text = match v {
            _ if v.is_fixnum() => {
                let _ = write!(self.out, "{}", v.fixnum_value());
                return;
            }
            _ if v.is_char() => {
                if self.write {
                    write_char(self.out, v.char_value());
                } else {
                    self.out.push(v.char_value());
                }
                return;
            }
            Value::TRUE => "#t",
            Value::FALSE => "#f",
            Value::NIL => "()",
            Value::VOID => "#<unspecified>",
            Value::EOF => "#<eof>",
            Value::DEFAULT => "#<default>",
            Value::UNASSIGNED => "#<unassigned>",
            _ => "#<unknown>",
        };
        self.out.push_str(text);
    }

    /// Heap objects without printed contents.
    fn atom(&mut self, v: Value, t: u32) {
        match t {
            tag::FLONUM | tag::BIGNUM | tag::RATNUM => {
                self.out.push_str(&crate::numeric::number_to_string(v, 10))
            }
            tag::STRING => {
                let s = obj::string(v).as_str();
                if self.write {
                    write_string(self.out, s);
                } else {
                    self.out.push_str(s);
                }
            }
            tag::SYMBOL => {
                let name = obj::symbol_name(v);
                if self.write {
                    write_symbol(self.out, name);
                } else {
                    self.out.push_str(name);
                }
            }
            tag::BYTEVECTOR => self.bytevector(v),
            tag::RECORD => self.named(
                "#<record",
                record_type_name(obj::load_field(v, record::TYPE)),
            ),
            tag::RECORD_TYPE => self.named("#<record-type", record_type_name(v)),
            tag::CLOSURE => {
                self.named("#<procedure", crate::ir::node::lambda_of(v).name.as_deref())
            }
            tag::PRIMITIVE => {
                self.named("#<procedure", Some(crate::prims::prim_of(self.vm, v).name))
            }
            tag::CASE_LAMBDA => self.named("#<procedure", case_lambda_name(v)),
            tag::CONTINUATION => self.out.push_str("#<continuation>"),
            tag::PARAMETER => self.out.push_str("#<parameter>"),
            tag::PROMISE => self.out.push_str("#<promise>"),
            tag::PORT => self.out.push_str("#<port>"),
            tag::ENVIRONMENT => self.out.push_str("#<environment>"),
            tag::BOX => self.out.push_str("#<box>"),
            tag::CELL => self.out.push_str("#<cell>"),
            _ => self.out.push_str("#<object>"),
        }
    }

    /// `#u8(1 2 3)`.
    fn bytevector(&mut self, v: Value) {
        self.out.push_str("#u8(");
        for (i, b) in obj::bytes(v).iter().enumerate() {
            if i > 0 {
                self.out.push(' ');
            }
            let _ = write!(self.out, "{b}");
        }
        self.out.push(')');
    }

    /// `#<kind name>`, or `#<kind>` without a name.
    fn named(&mut self, kind: &str, name: Option<&str>) {
        self.out.push_str(kind);
        if let Some(name) = name {
            self.out.push(' ');
            self.out.push_str(name);
        }
        self.out.push('>');
    }
}

/// The name of a record type object (its name field, if that is a symbol).
fn record_type_name(rt: Value) -> Option<&'static str> {
    if !obj::is(rt, tag::RECORD_TYPE) {
        return None;
    }
    let name = obj::load_field(rt, record_type::NAME);
    obj::is(name, tag::SYMBOL).then(|| obj::symbol_name(name))
}

/// The name of a `case-lambda` procedure: that of its first clause, if it has one.
fn case_lambda_name(f: Value) -> Option<&'static str> {
    if obj::case_lambda_count(f) == 0 {
        return None;
    }
    let first = obj::case_lambda_clause(f, 0);
    obj::is(first, tag::CLOSURE)
        .then(|| crate::ir::node::lambda_of(first).name.as_deref())
        .flatten()
}
