//! Allocation, the root set and object constructors.
//!
//! # The root contract
//! A collection may happen at any allocation. It keeps alive exactly what is reachable from:
//! the value stack (`sp` and below), global cells, interned symbols, the constants of loaded code,
//! the handler stack, the current ports, and `Vm::roots`. A `Value` held anywhere else (a Rust local,
//! a Wasm local in JIT code) stays valid across an allocation only if it is also reachable from a
//! root — objects never move, so no re-reading is needed. Constructors protect their own arguments,
//! so `cons(a, cons(b, nil))` is safe; a fresh object kept in a Rust local across another allocation
//! must be protected (`protect`/`unprotect`) or pushed on the value stack.

use super::Vm;
use crate::heap::gc::Marker;
use crate::heap::object::{
    self, bignum, boxed, bytevector, cell, flonum, header, pair, ratnum, store, string, symbol,
    tag, values, vector,
};
use crate::heap::payload;
use crate::value::Value;
use num_bigint::BigInt;
use num_rational::BigRational;

impl Vm {
    /// Allocates an object of `size` bytes with `tag`, collecting first if the heap wants to.
    /// `keep` are values the caller is about to store in the object (kept alive across the collection).
    /// When memory is short, collects before letting the out-of-memory path (`heap::oom`) act.
    #[inline]
    pub fn alloc(&mut self, tag: u32, size: u32, keep: &[Value]) -> u32 {
        let size = kiln_jit::layout::alloc::rounded(size);
        if let Some(a) = self.heap.bump(tag, size) {
            return a;
        }
        self.alloc_slow(tag, size, keep)
    }

    /// The slow path of `alloc` (and of compiled code's inline allocation, `kiln_rt_alloc`): the
    /// region is exhausted (or `--gc-stress` keeps it empty), so collect if due, then refill.
    #[inline(never)]
    pub fn alloc_slow(&mut self, tag: u32, size: u32, keep: &[Value]) -> u32 {
        if self.heap.wants_collection() {
            self.collect_keeping(keep);
        }
        if let Some(a) = self.heap.try_allocate(tag, size) {
            return a;
        }
        self.collect_keeping(keep);
        self.heap.allocate(tag, size)
    }

    fn collect_keeping(&mut self, keep: &[Value]) {
        let n = self.roots.len();
        self.roots.extend_from_slice(keep);
        self.collect();
        self.roots.truncate(n);
    }

    /// Runs a full collection now.
    pub fn collect(&mut self) {
        let timing = self.heap.stats.timing;
        let start = timing.then(std::time::Instant::now);
        let mut m = Marker::new();
        self.stack.for_each_live(|s| m.mark_all(s));
        m.mark_all(&self.roots);
        m.mark_all(&self.constants);
        m.mark_all(&self.code_roots);
        m.mark_all(&self.handlers);
        m.mark_all(&self.ports);
        for &cell in self.globals.values() {
            m.mark(cell);
        }
        crate::jit_glue::mark_roots(self, &mut m);
        m.drain();
        self.heap.stats.marked_bytes += m.marked_bytes;
        let marked = start.map(|s| {
            self.heap.stats.mark += s.elapsed();
            std::time::Instant::now()
        });
        self.heap.sweep();
        if let Some(s) = marked {
            self.heap.stats.sweep += s.elapsed();
        }
        // A collection that freed memory gives the out-of-memory reserve back its room.
        crate::heap::oom::arm();
    }

    /// Keeps `v` alive until `unprotect(mark)` with the returned mark.
    #[inline]
    pub fn protect(&mut self, v: Value) -> usize {
        self.roots.push(v);
        self.roots.len() - 1
    }

    /// Drops the protections made since `mark`.
    #[inline]
    pub fn unprotect(&mut self, mark: usize) {
        self.roots.truncate(mark);
    }

    pub fn cons(&mut self, car: Value, cdr: Value) -> Value {
        let a = self.alloc(tag::PAIR, pair::SIZE, &[car, cdr]);
        store(a, pair::CAR, car.0);
        store(a, pair::CDR, cdr.0);
        Value(a)
    }

    /// A proper list of `items`.
    pub fn list(&mut self, items: &[Value]) -> Value {
        self.list_with_tail(items, Value::NIL)
    }

    /// `items` consed onto `tail`.
    pub fn list_with_tail(&mut self, items: &[Value], tail: Value) -> Value {
        let mark = self.roots.len();
        self.roots.extend_from_slice(items);
        let mut acc = tail;
        for i in (0..items.len()).rev() {
            acc = self.cons(self.roots[mark + i], acc);
        }
        self.roots.truncate(mark);
        acc
    }

    pub fn flonum(&mut self, x: f64) -> Value {
        let a = self.alloc(tag::FLONUM, flonum::SIZE, &[]);
        object::store_f64(a, flonum::VALUE, x);
        Value(a)
    }

    pub fn bignum(&mut self, n: BigInt) -> Value {
        self.heap.note_payload((n.bits() / 8) as usize);
        let a = self.alloc(tag::BIGNUM, bignum::SIZE, &[]);
        payload::put(a, n);
        self.heap.own_payload(a);
        Value(a)
    }

    pub fn ratnum(&mut self, r: BigRational) -> Value {
        self.heap
            .note_payload(((r.numer().bits() + r.denom().bits()) / 8) as usize);
        let a = self.alloc(tag::RATNUM, ratnum::SIZE, &[]);
        payload::put(a, r);
        self.heap.own_payload(a);
        Value(a)
    }

    /// A fresh mutable string.
    pub fn string(&mut self, s: &str) -> Value {
        self.string_from(crate::strings::SString::new(s.to_string()))
    }

    /// A string object owning `s`.
    pub fn string_from(&mut self, s: crate::strings::SString) -> Value {
        self.heap.note_payload(s.as_str().len());
        let a = self.alloc(tag::STRING, string::SIZE, &[]);
        payload::put(a, s);
        self.heap.own_payload(a);
        Value(a)
    }

    /// A vector of `n` copies of `fill`.
    pub fn vector(&mut self, n: usize, fill: Value) -> Value {
        let a = self.alloc(tag::VECTOR, vector::size(n as u32), &[fill]);
        store(a, vector::LENGTH, n as u32);
        for i in 0..n as u32 {
            store(a, vector::element(i), fill.0);
        }
        Value(a)
    }

    /// A vector holding `items`.
    pub fn vector_of(&mut self, items: &[Value]) -> Value {
        let v = self.alloc(tag::VECTOR, vector::size(items.len() as u32), items);
        store(v, vector::LENGTH, items.len() as u32);
        for (i, x) in items.iter().enumerate() {
            store(v, vector::element(i as u32), x.0);
        }
        Value(v)
    }

    /// A bytevector holding `bytes`.
    pub fn bytevector(&mut self, bytes: &[u8]) -> Value {
        let a = self.alloc(tag::BYTEVECTOR, bytevector::size(bytes.len() as u32), &[]);
        store(a, bytevector::LENGTH, bytes.len() as u32);
        // SAFETY: the object has room for `bytes.len()` bytes after the length word.
        unsafe {
            std::ptr::copy_nonoverlapping(
                bytes.as_ptr(),
                (a + bytevector::ELEMENTS) as usize as *mut u8,
                bytes.len(),
            );
        }
        Value(a)
    }

    /// A box (mutable captured variable) holding `v`.
    pub fn make_box(&mut self, v: Value) -> Value {
        let a = self.alloc(tag::BOX, boxed::SIZE, &[v]);
        store(a, boxed::VALUE, v.0);
        Value(a)
    }

    /// A global cell for `name`, unbound.
    pub fn make_cell(&mut self, name: Value) -> Value {
        let a = self.alloc(tag::CELL, cell::SIZE, &[name]);
        store(a, cell::VALUE, Value::UNASSIGNED.0);
        store(a, cell::NAME, name.0);
        Value(a)
    }

    /// A multiple-values object (only for a count other than one).
    pub fn values(&mut self, items: &[Value]) -> Value {
        let a = self.alloc(tag::VALUES, values::size(items.len() as u32), items);
        store(a, values::LENGTH, items.len() as u32);
        for (i, x) in items.iter().enumerate() {
            store(a, values::element(i as u32), x.0);
        }
        Value(a)
    }

    /// A fixed-size object of type `tag` and `size` bytes (its type's `SIZE` in `heap::object`)
    /// with each `(offset, value)` of `fields` stored at its named offset, e.g.
    /// `vm.fixed(tag::PROMISE, promise::SIZE, [(promise::STATE, state)])`. Words not given stay
    /// zero; the caller stores raw words (code slots, indices) itself — they are not values, so
    /// they must not be kept as roots.
    pub fn fixed<const N: usize>(
        &mut self,
        tag: u32,
        size: u32,
        fields: [(u32, Value); N],
    ) -> Value {
        let keep = fields.map(|(_, v)| v);
        let a = self.alloc(tag, size, &keep);
        for (off, v) in fields {
            debug_assert!(
                off >= header::SIZE && off + object::WORD <= size,
                "field at {off} outside a {size}-byte object of tag {tag:#x}"
            );
            store(a, off, v.0);
        }
        Value(a)
    }

    /// The interned symbol `name`.
    pub fn intern(&mut self, name: &str) -> Value {
        if let Some(&s) = self.symbols.get(name) {
            return s;
        }
        let text: &'static str = Box::leak(name.to_string().into_boxed_str());
        // Symbols live outside the collected heap: they are never freed, so they are not registered.
        let layout =
            std::alloc::Layout::from_size_align(symbol::SIZE as usize, 8).expect("symbol layout");
        // SAFETY: non-zero size.
        let a = unsafe { std::alloc::alloc_zeroed(layout) } as usize as u32;
        store(a, header::OFFSET, tag::SYMBOL);
        store(a, symbol::TEXT, text.as_ptr() as usize as u32);
        store(a, symbol::LEN, text.len() as u32);
        self.symbols.insert(std::rc::Rc::from(name), Value(a));
        Value(a)
    }
}
