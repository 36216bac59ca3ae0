//! Literal data: `Datum` → heap value (for `quote` and self-evaluating constants) and heap value →
//! `Datum` (for `eval`, which expands data built at run time).

use crate::heap::object::tag;
use crate::obj;
use crate::syntax::datum::Datum;
use crate::value::Value;
use crate::vm::Vm;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// The heap value of a literal, kept alive for as long as the code that holds it.
pub fn constant(vm: &mut Vm, d: &Datum) -> Value {
    let v = datum_to_value(vm, d);
    vm.constants.push(v);
    v
}

/// Builds the heap value of a datum. Datum labels (`Datum::Shared`, `Labelled`, `LabelRef`)
/// become shared and circular structure: a labelled pair or vector is allocated first, empty,
/// so that the references inside it can point at it, then filled in.
pub fn datum_to_value(vm: &mut Vm, d: &Datum) -> Value {
    let mark = vm.roots.len();
    let v = Builder::default().build(vm, d);
    vm.roots.truncate(mark);
    v
}

/// The objects of the labels of one literal, each pushed on `Vm::roots` when recorded (a shell
/// is not reachable from anything else until it is stored into its container).
#[derive(Default)]
struct Builder {
    /// `#n=` of circular data (`Datum::Labelled`) → its object.
    labels: HashMap<u64, Value>,
    /// `Datum::Shared` (by the address of its datum) → its object.
    shared: HashMap<*const Datum, Value>,
}

/// What a labelled object is recorded under.
enum Key {
    Label(u64),
    Shared(*const Datum),
}

impl Builder {
    fn build(&mut self, vm: &mut Vm, d: &Datum) -> Value {
        match d {
            Datum::Bool(b) => Value::bool(*b),
            Datum::Num(n) => vm.number(n.clone()),
            Datum::Char(c) => Value::char(*c),
            Datum::Str(s) => vm.string(s),
            Datum::Sym(s, _) => vm.intern(s),
            Datum::List(items, _) => self.sequence(vm, items, None),
            Datum::Dotted(items, tail, _) => self.sequence(vm, items, Some(tail)),
            Datum::Vector(items) => {
                let mark = vm.roots.len();
                let vals = self.elements(vm, items);
                let v = vm.vector_of(&vals);
                vm.roots.truncate(mark);
                v
            }
            Datum::Bytevector(b) => vm.bytevector(b),
            Datum::Alias(a) => self.build(vm, &a.name),
            Datum::Shared(_) | Datum::Labelled(..) => self.labelled(vm, d),
            // The reader and `value_to_datum` only make references inside their label's datum,
            // and `quote` refuses a literal whose references lead out of it
            // (`expand::labels_closed`).
            Datum::LabelRef(n) => *self.labels.get(n).expect("datum label defined"),
            Datum::Unspecified => Value::VOID,
        }
    }

    /// A `Shared` or `Labelled` datum (possibly several labels of one datum, `#0=#1=(…)`).
    fn labelled(&mut self, vm: &mut Vm, mut d: &Datum) -> Value {
        let mut keys = Vec::new();
        loop {
            match d {
                Datum::Shared(inner) => {
                    let key = Rc::as_ptr(inner);
                    if let Some(&v) = self.shared.get(&key) {
                        // A `#n#` of a datum built before: the same object.
                        self.record(vm, keys, v);
                        return v;
                    }
                    keys.push(Key::Shared(key));
                    d = inner;
                }
                Datum::Labelled(n, inner) => {
                    keys.push(Key::Label(*n));
                    d = inner;
                }
                _ => break,
            }
        }
        let shell = match d {
            Datum::List(items, _) if !items.is_empty() => vm.cons(Value::VOID, Value::NIL),
            Datum::Dotted(..) => vm.cons(Value::VOID, Value::NIL),
            Datum::Vector(items) if !items.is_empty() => vm.vector(items.len(), Value::VOID),
            _ => {
                // No container: nothing inside can refer to it.
                let v = self.build(vm, d);
                self.record(vm, keys, v);
                return v;
            }
        };
        self.record(vm, keys, shell);
        match d {
            Datum::List(items, _) => self.fill_pair(vm, shell, items, None),
            Datum::Dotted(items, tail, _) => self.fill_pair(vm, shell, items, Some(tail)),
            Datum::Vector(items) => {
                for (i, x) in items.iter().enumerate() {
                    // Stored at once: the shell is rooted, so what it holds is too.
                    let v = self.build(vm, x);
                    obj::set_elem(shell, i as u32, v);
                }
            }
            _ => unreachable!("a shell is a pair or a vector"),
        }
        shell
    }

    /// Fills the first pair `shell` of the list of `items` (at least one) and `tail`.
    fn fill_pair(&mut self, vm: &mut Vm, shell: Value, items: &[Datum], tail: Option<&Datum>) {
        let car = self.build(vm, &items[0]);
        obj::set_car(shell, car);
        let rest = match (items.len(), tail) {
            (1, Some(t)) => self.build(vm, t),
            (1, None) => Value::NIL,
            _ => self.sequence(vm, &items[1..], tail),
        };
        obj::set_cdr(shell, rest);
    }

    fn record(&mut self, vm: &mut Vm, keys: Vec<Key>, v: Value) {
        vm.roots.push(v);
        for key in keys {
            match key {
                Key::Label(n) => self.labels.insert(n, v),
                Key::Shared(p) => self.shared.insert(p, v),
            };
        }
    }

    /// The objects of `items`, each pushed on `Vm::roots` as it is made (the caller truncates).
    /// Labelled objects among them are pushed there too, so the list is kept apart.
    fn elements(&mut self, vm: &mut Vm, items: &[Datum]) -> Vec<Value> {
        let mut vals = Vec::with_capacity(items.len());
        for x in items {
            let v = self.build(vm, x);
            vm.roots.push(v);
            vals.push(v);
        }
        vals
    }

    fn sequence(&mut self, vm: &mut Vm, items: &[Datum], tail: Option<&Datum>) -> Value {
        let mark = vm.roots.len();
        let vals = self.elements(vm, items);
        let tail = match tail {
            Some(t) => self.build(vm, t),
            None => Value::NIL,
        };
        let l = vm.list_with_tail(&vals, tail);
        vm.roots.truncate(mark);
        l
    }
}

/// The datum of a heap value, for `eval`; `None` for values with no datum syntax inside code
/// (procedures etc. are embedded as… not at all: eval of such data is an error). An object
/// reached more than once becomes one `Datum::Shared` (its `Rc` cloned for every later
/// reference: a DAG is converted, and then built by `quote`, once per object, and keeps its
/// `eq?` sharing); inside it, a cycle back to it is a `Datum::LabelRef` to the
/// `Datum::Labelled` it then is, so that `(eval '(quote #0=(a . #0#)))` terminates.
///
/// Data nested deeper than the reader accepts (`reader::MAX_DEPTH`) have no datum either
/// ([`value_to_datum_checked`] says which): the conversion, the expander and `Drop` recurse on
/// a datum.
pub fn value_to_datum(v: Value) -> Option<Datum> {
    value_to_datum_checked(v).ok()
}

/// Why a value has no datum.
#[derive(Debug, PartialEq, Eq)]
pub enum NoDatum {
    /// It holds a value with no syntax (a procedure, a port…).
    NoSyntax,
    /// It is nested deeper than `reader::MAX_DEPTH`.
    TooDeep,
}

/// As [`value_to_datum`], saying why there is no datum.
pub fn value_to_datum_checked(v: Value) -> Result<Datum, NoDatum> {
    let shared = match is_small_tree(v) {
        true => HashSet::new(),
        false => crate::print::shared_targets(v),
    };
    let mut to = ToDatum {
        shared,
        open: HashSet::new(),
        referenced: HashSet::new(),
        done: HashMap::new(),
        depth: 0,
        too_deep: false,
    };
    match to.datum(v) {
        Some(d) => Ok(d),
        None if to.too_deep => Err(NoDatum::TooDeep),
        None => Err(NoDatum::NoSyntax),
    }
}

/// Pairs and vectors a value may hold for [`is_small_tree`] to look at them all.
const SMALL_TREE: usize = 4096;

/// Whether `v` holds at most `SMALL_TREE` pairs and vectors (and not too many elements), none
/// reached twice: most data
/// `eval` sees, for which `print::shared_targets`'s walk with a map would be the conversion's
/// main cost. (Addresses sorted, rather than hashed; cyclic data never gets under the limit.)
fn is_small_tree(v: Value) -> bool {
    let mut seen = Vec::new();
    let mut todo = vec![v];
    while let Some(x) = todo.pop() {
        match obj::type_of(x) {
            tag::PAIR => {
                todo.push(obj::cdr(x));
                todo.push(obj::car(x));
            }
            tag::VECTOR => todo.extend((0..obj::length(x)).map(|i| obj::elem(x, i))),
            _ => continue,
        }
        if seen.len() == SMALL_TREE || todo.len() > 4 * SMALL_TREE {
            return false;
        }
        seen.push(x.0);
    }
    seen.sort_unstable();
    seen.windows(2).all(|w| w[0] != w[1])
}

/// The state of one `value_to_datum`.
struct ToDatum {
    /// The objects reached more than once (`write-shared`'s labels: `print::shared_targets`),
    /// cycles' targets among them.
    shared: HashSet<u32>,
    /// Those of them being converted now: reaching one again is a `#n#`.
    open: HashSet<u32>,
    /// Those open ones a `#n#` referred to: their datum is `#n=`-labelled.
    referenced: HashSet<u32>,
    /// Those converted: every later reference is a clone of the same `Rc`.
    done: HashMap<u32, Rc<Datum>>,
    /// Containers being converted now (the Rust recursion's depth).
    depth: usize,
    /// Whether the conversion stopped at `reader::MAX_DEPTH`.
    too_deep: bool,
}

impl ToDatum {
    fn datum(&mut self, v: Value) -> Option<Datum> {
        if self.depth >= crate::syntax::reader::MAX_DEPTH {
            self.too_deep = true;
            return None;
        }
        self.depth += 1;
        let d = self.datum_here(v);
        self.depth -= 1;
        d
    }

    fn datum_here(&mut self, v: Value) -> Option<Datum> {
        if !self.shared.contains(&v.0) {
            return self.plain(v);
        }
        if let Some(d) = self.done.get(&v.0) {
            return Some(Datum::Shared(d.clone()));
        }
        if self.open.contains(&v.0) {
            self.referenced.insert(v.0);
            return Some(Datum::LabelRef(v.0 as u64));
        }
        self.open.insert(v.0);
        let d = self.plain(v);
        self.open.remove(&v.0);
        let d = match self.referenced.remove(&v.0) {
            true => Datum::Labelled(v.0 as u64, Box::new(d?)),
            false => d?,
        };
        let d = Rc::new(d);
        self.done.insert(v.0, d.clone());
        Some(Datum::Shared(d))
    }

    fn plain(&mut self, v: Value) -> Option<Datum> {
        if v.is_fixnum() {
            return Some(Datum::Num(crate::num::Number::Int(v.fixnum_value() as i64)));
        }
        if v.is_char() {
            return Some(Datum::Char(v.char_value()));
        }
        match v {
            Value::TRUE => return Some(Datum::Bool(true)),
            Value::FALSE => return Some(Datum::Bool(false)),
            Value::NIL => return Some(Datum::List(vec![], Default::default())),
            Value::VOID => return Some(Datum::Unspecified),
            _ => {}
        }
        match obj::type_of(v) {
            tag::SYMBOL => Some(Datum::Sym(
                Rc::from(obj::symbol_name(v)),
                Default::default(),
            )),
            tag::STRING => Some(Datum::Str(Rc::from(obj::string(v).as_str()))),
            tag::FLONUM | tag::BIGNUM | tag::RATNUM => crate::numeric::to_number(v).map(Datum::Num),
            tag::PAIR => self.pair(v),
            tag::VECTOR => {
                let items = (0..obj::length(v))
                    .map(|i| self.datum(obj::elem(v, i)))
                    .collect::<Option<_>>()?;
                Some(Datum::Vector(items))
            }
            tag::BYTEVECTOR => Some(Datum::Bytevector(obj::bytes(v).to_vec())),
            _ => None,
        }
    }

    /// A list from its first pair `v`; a later pair reached more than once starts a shared
    /// (or labelled) tail (`(a . #0=(b . #0#))`).
    fn pair(&mut self, mut v: Value) -> Option<Datum> {
        let mut items = Vec::new();
        loop {
            items.push(self.datum(obj::car(v))?);
            v = obj::cdr(v);
            if !obj::is_pair(v) || self.shared.contains(&v.0) {
                break;
            }
        }
        if v.is_null() {
            Some(Datum::List(items, Default::default()))
        } else {
            Some(Datum::Dotted(
                items,
                Box::new(self.datum(v)?),
                Default::default(),
            ))
        }
    }
}
