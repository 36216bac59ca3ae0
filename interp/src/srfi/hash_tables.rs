//! Native hash tables (SRFI 69 and 125, through `srfi/hash-tables.scm`): open addressing with
//! linear probing in one vector of key/value slot pairs, so the collector traces keys and values
//! like any vector's elements and lookups are O(1) expected.
//!
//! A table is a record of the hidden record type `%hash-table-type` with the fields below. Its
//! equivalence is one of `eq?`, `eqv?`, `equal?`, `string=?`, `string-ci=?` (hashed in Rust:
//! `hashing`), or *custom*: a user's equality and hash procedure, which the Scheme layer applies
//! itself, keeping in the native table (by `eqv?` on the hash value) a bucket alist per hash.

use super::hashing;
use crate::heap::object::{record, store, tag};
use crate::obj;
use crate::prims::VARIADIC;
use crate::value::Value;
use crate::vm::{Vm, R};

/// Field indices of a table record.
const KIND: u32 = 0;
const COUNT: u32 = 1;
/// Live entries plus deleted slots: what limits probing.
const USED: u32 = 2;
const SLOTS: u32 = 3;
const MUTABLE: u32 = 4;
/// `#f`, or `(equality . hash)` for a custom table.
const CUSTOM: u32 = 5;
const FIELDS: u32 = 6;

/// A slot never used.
const EMPTY: Value = Value::UNASSIGNED;
/// A slot whose entry was deleted (probing goes on past it).
const DELETED: Value = Value::DEFAULT;

/// The equivalences (the `KIND` field; the names are what `%hash-table-kind` returns).
const KINDS: &[&str] = &["eq", "eqv", "equal", "string", "string-ci", "custom"];
const EQ: i32 = 0;
const EQV: i32 = 1;
const EQUAL: i32 = 2;
const STRING: i32 = 3;
const STRING_CI: i32 = 4;
const CUSTOM_KIND: i32 = 5;

/// Global holding the record type of tables.
const TYPE_GLOBAL: &str = "%hash-table-type";

pub fn install(vm: &mut Vm) {
    let fields = ["kind", "count", "used", "slots", "mutable", "custom"];
    let rtd = crate::prims::records::builtin_type(vm, "hash-table", &fields);
    vm.define_global(TYPE_GLOBAL, rtd);
    let prims: &[(&'static str, &'static str, u32, u32, crate::prims::PrimFn)] = &[
        ("%make-hash-table", "make-hash-table", 1, 3, make),
        ("%hash-table?", "hash-table?", 1, 1, is_table),
        ("%hash-table-kind", "hash-table", 1, 1, kind),
        ("%hash-table-custom", "hash-table", 1, 1, custom),
        ("%hash-table-mutable?", "hash-table-mutable?", 1, 1, mutable),
        ("%hash-table-ref", "hash-table-ref", 3, 3, lookup),
        (
            "%hash-table-contains?",
            "hash-table-contains?",
            2,
            2,
            contains,
        ),
        ("%hash-table-set!", "hash-table-set!", 1, VARIADIC, set),
        (
            "%hash-table-delete!",
            "hash-table-delete!",
            1,
            VARIADIC,
            delete,
        ),
        ("%hash-table-size", "hash-table-size", 1, 1, size),
        ("%hash-table-keys", "hash-table-keys", 1, 1, keys),
        ("%hash-table-values", "hash-table-values", 1, 1, values),
        ("%hash-table-entries", "hash-table-entries", 1, 1, entries),
        ("%hash-table-clear!", "hash-table-clear!", 1, 1, clear),
        ("%hash-table-copy", "hash-table-copy", 1, 2, copy),
        (
            "%hash-table-empty-copy",
            "hash-table-empty-copy",
            1,
            1,
            empty_copy,
        ),
        ("%equal-hash", "equal-hash", 1, 2, equal_hash),
        ("%eqv-hash", "eqv-hash", 1, 2, eqv_hash),
        ("%eq-hash", "eq-hash", 1, 2, eq_hash),
        ("%string-hash", "string-hash", 1, 2, string_hash),
        ("%string-ci-hash", "string-ci-hash", 1, 2, string_ci_hash),
    ];
    for &(global, name, min, max, f) in prims {
        let index = vm.register_prim(name, min, max, f);
        let p = vm.prim_object(index, Value::FALSE);
        vm.define_global(global, p);
    }
}

fn table_type(vm: &mut Vm) -> Value {
    vm.global_value(TYPE_GLOBAL).expect("hash tables installed")
}

fn is_instance(vm: &mut Vm, v: Value) -> bool {
    obj::is(v, tag::RECORD) && obj::load_field(v, record::TYPE) == table_type(vm)
}

/// Checks that `v` is a table; `who` names the procedure for the error.
fn table(vm: &mut Vm, v: Value, who: &str) -> R<Value> {
    if is_instance(vm, v) {
        Ok(v)
    } else {
        Err(vm.error(&format!("{who}: expected a hash table"), &[v]))
    }
}

fn field(t: Value, i: u32) -> Value {
    obj::record_field(t, i)
}

fn fix(t: Value, i: u32) -> i32 {
    field(t, i).fixnum_value()
}

fn set_fix(t: Value, i: u32, n: i32) {
    obj::set_record_field(t, i, Value::fixnum(n));
}

/// A table record with `cap` slot pairs (a power of two).
fn new_table(vm: &mut Vm, kind: i32, cap: u32, custom: Value) -> Value {
    let rtd = table_type(vm);
    let slots = vm.vector(2 * cap as usize, EMPTY);
    let r = Value(vm.alloc(tag::RECORD, record::size(FIELDS), &[rtd, slots, custom]));
    store(r.0, record::LENGTH, FIELDS);
    obj::store_field(r, record::TYPE, rtd);
    obj::set_record_field(r, KIND, Value::fixnum(kind));
    obj::set_record_field(r, COUNT, Value::fixnum(0));
    obj::set_record_field(r, USED, Value::fixnum(0));
    obj::set_record_field(r, SLOTS, slots);
    obj::set_record_field(r, MUTABLE, Value::TRUE);
    obj::set_record_field(r, CUSTOM, custom);
    r
}

/// `(%make-hash-table kind [capacity custom])`: `kind` a symbol of `KINDS`.
fn make(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let name = if obj::is(a[0], tag::SYMBOL) {
        obj::symbol_name(a[0])
    } else {
        ""
    };
    let Some(kind) = KINDS.iter().position(|k| *k == name) else {
        return Err(vm.error("make-hash-table: unknown equivalence", &[a[0]]));
    };
    let wanted = match crate::prims::opt(a, 1, Value::FALSE) {
        v if v.is_fixnum() && v.fixnum_value() > 0 => v.fixnum_value() as u32,
        _ => 8,
    };
    let cap = (wanted.min(1 << 24) * 2).next_power_of_two().max(8);
    let custom = crate::prims::opt(a, 2, Value::FALSE);
    Ok(new_table(vm, kind as i32, cap, custom))
}

fn is_table(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(is_instance(vm, a[0])))
}

fn kind(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-equivalence-function")?;
    Ok(vm.intern(KINDS[fix(t, KIND) as usize]))
}

fn custom(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table")?;
    Ok(field(t, CUSTOM))
}

fn mutable(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-mutable?")?;
    Ok(field(t, MUTABLE))
}

/// The hash of `key` under the table's equivalence; an error for a key its equivalence does
/// not take (a non-string in a string table).
fn hash_of(vm: &mut Vm, kind: i32, key: Value, who: &str) -> R<u32> {
    Ok(match kind {
        EQ => hashing::eq_hash(key),
        EQV | CUSTOM_KIND => hashing::eqv_hash(key),
        EQUAL => hashing::equal_hash(key),
        STRING | STRING_CI => {
            if !obj::is(key, tag::STRING) {
                return Err(vm.error(&format!("{who}: expected a string key"), &[key]));
            }
            let s = obj::string(key).as_str();
            if kind == STRING {
                hashing::string_hash(s)
            } else {
                hashing::string_ci_hash(s)
            }
        }
        _ => unreachable!("hash table kind {kind}"),
    })
}

fn same(kind: i32, a: Value, b: Value) -> bool {
    use crate::prims::equivalence;
    match kind {
        EQ => a == b,
        EQV | CUSTOM_KIND => equivalence::eqv(a, b),
        EQUAL => equivalence::equal(a, b),
        STRING => obj::string(a).as_str() == obj::string(b).as_str(),
        STRING_CI => {
            let (x, y) = (obj::string(a).as_str(), obj::string(b).as_str());
            x == y || crate::unicode::fold_case(x) == crate::unicode::fold_case(y)
        }
        _ => false,
    }
}

/// Where `key` is: `Ok(slot)` of its entry, or `Err(slot)` where it would go.
fn probe(t: Value, kind: i32, h: u32, key: Value) -> Result<u32, u32> {
    let slots = field(t, SLOTS);
    let mask = obj::length(slots) / 2 - 1;
    let mut i = h & mask;
    let mut free = None;
    loop {
        let k = obj::elem(slots, 2 * i);
        if k == EMPTY {
            return Err(free.unwrap_or(i));
        }
        if k == DELETED {
            free.get_or_insert(i);
        } else if same(kind, k, key) {
            return Ok(i);
        }
        i = (i + 1) & mask;
    }
}

fn find(vm: &mut Vm, t: Value, key: Value, who: &str) -> R<Option<u32>> {
    let kind = fix(t, KIND);
    let h = hash_of(vm, kind, key, who)?;
    Ok(probe(t, kind, h, key).ok())
}

/// `(%hash-table-ref table key default)`: the value, or `default` if `key` has none.
fn lookup(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-ref")?;
    Ok(match find(vm, t, a[1], "hash-table-ref")? {
        Some(i) => obj::elem(field(t, SLOTS), 2 * i + 1),
        None => a[2],
    })
}

fn contains(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-contains?")?;
    Ok(Value::bool(
        find(vm, t, a[1], "hash-table-contains?")?.is_some(),
    ))
}

fn check_mutable(vm: &mut Vm, t: Value, who: &str) -> R<()> {
    if field(t, MUTABLE) == Value::FALSE {
        return Err(vm.error(&format!("{who}: the hash table is immutable"), &[t]));
    }
    Ok(())
}

/// `(%hash-table-set! table key value ...)`.
fn set(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let who = "hash-table-set!";
    let t = table(vm, a[0], who)?;
    check_mutable(vm, t, who)?;
    if a.len().is_multiple_of(2) {
        return Err(vm.error(&format!("{who}: expected keys and values in pairs"), &[t]));
    }
    for kv in a[1..].chunks(2) {
        put(vm, t, kv[0], kv[1], who)?;
    }
    Ok(Value::VOID)
}

fn put(vm: &mut Vm, t: Value, key: Value, value: Value, who: &str) -> R<()> {
    let kind = fix(t, KIND);
    let h = hash_of(vm, kind, key, who)?;
    match probe(t, kind, h, key) {
        Ok(i) => obj::set_elem(field(t, SLOTS), 2 * i + 1, value),
        Err(i) => {
            let slots = field(t, SLOTS);
            if obj::elem(slots, 2 * i) == EMPTY {
                set_fix(t, USED, fix(t, USED) + 1);
            }
            obj::set_elem(slots, 2 * i, key);
            obj::set_elem(slots, 2 * i + 1, value);
            set_fix(t, COUNT, fix(t, COUNT) + 1);
            // At most half the slots used: probes stay short.
            if fix(t, USED) as u32 * 2 > obj::length(slots) / 2 {
                grow(vm, t)?;
            }
        }
    }
    Ok(())
}

/// Rehashes into a vector with room for twice the live entries (deleted slots dropped).
fn grow(vm: &mut Vm, t: Value) -> R<()> {
    let kind = fix(t, KIND);
    let cap = ((fix(t, COUNT) as u32 * 4).next_power_of_two()).max(8);
    let old = field(t, SLOTS);
    // `t` (an argument) keeps `old` alive while the new vector is allocated.
    let new = vm.vector(2 * cap as usize, EMPTY);
    obj::set_record_field(t, SLOTS, new);
    set_fix(t, USED, fix(t, COUNT));
    for i in 0..obj::length(old) / 2 {
        let k = obj::elem(old, 2 * i);
        if k == EMPTY || k == DELETED {
            continue;
        }
        let h = hash_of(vm, kind, k, "hash-table-set!")?;
        let Err(j) = probe(t, kind, h, k) else {
            unreachable!("a key twice in a hash table");
        };
        obj::set_elem(new, 2 * j, k);
        obj::set_elem(new, 2 * j + 1, obj::elem(old, 2 * i + 1));
    }
    Ok(())
}

/// `(%hash-table-delete! table key ...)`: the number of keys deleted.
fn delete(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let who = "hash-table-delete!";
    let t = table(vm, a[0], who)?;
    check_mutable(vm, t, who)?;
    let mut n = 0;
    for &key in &a[1..] {
        if let Some(i) = find(vm, t, key, who)? {
            let slots = field(t, SLOTS);
            obj::set_elem(slots, 2 * i, DELETED);
            obj::set_elem(slots, 2 * i + 1, Value::FALSE);
            set_fix(t, COUNT, fix(t, COUNT) - 1);
            n += 1;
        }
    }
    Ok(Value::fixnum(n))
}

fn size(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-size")?;
    Ok(field(t, COUNT))
}

/// The live entries' keys (`which` 0), values (1), in slot order.
fn column(t: Value, which: u32) -> Vec<Value> {
    let slots = field(t, SLOTS);
    (0..obj::length(slots) / 2)
        .filter(|i| !matches!(obj::elem(slots, 2 * i), EMPTY | DELETED))
        .map(|i| obj::elem(slots, 2 * i + which))
        .collect()
}

fn keys(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-keys")?;
    Ok(vm.list(&column(t, 0)))
}

fn values(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-values")?;
    Ok(vm.list(&column(t, 1)))
}

/// `(%hash-table-entries table)`: a pair of vectors, keys and values, in the same order.
fn entries(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-entries")?;
    let ks = vm.vector_of(&column(t, 0));
    let mark = vm.protect(ks);
    let vs = vm.vector_of(&column(t, 1));
    let r = vm.cons(ks, vs);
    vm.unprotect(mark);
    Ok(r)
}

fn clear(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-clear!")?;
    check_mutable(vm, t, "hash-table-clear!")?;
    let slots = vm.vector(16, EMPTY);
    obj::set_record_field(t, SLOTS, slots);
    set_fix(t, COUNT, 0);
    set_fix(t, USED, 0);
    Ok(Value::VOID)
}

/// `(%hash-table-copy table [mutable?])`: an immutable copy unless `mutable?` is true.
fn copy(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-copy")?;
    let old = field(t, SLOTS);
    let n = obj::length(old) as usize;
    let items: Vec<Value> = (0..n as u32).map(|i| obj::elem(old, i)).collect();
    let slots = vm.vector_of(&items);
    let mark = vm.protect(slots);
    let r = new_table(vm, fix(t, KIND), 8, field(t, CUSTOM));
    vm.unprotect(mark);
    obj::set_record_field(r, SLOTS, slots);
    obj::set_record_field(r, COUNT, field(t, COUNT));
    obj::set_record_field(r, USED, field(t, USED));
    let mutable = crate::prims::opt(a, 1, Value::FALSE) != Value::FALSE;
    obj::set_record_field(r, MUTABLE, Value::bool(mutable));
    Ok(r)
}

fn empty_copy(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let t = table(vm, a[0], "hash-table-empty-copy")?;
    Ok(new_table(vm, fix(t, KIND), 8, field(t, CUSTOM)))
}

/// A hash as a fixnum, reduced modulo the optional bound `a[1]`.
fn bounded(vm: &mut Vm, h: u32, a: &[Value], who: &str) -> R<Value> {
    let h = h & 0x3FFF_FFFF;
    match crate::prims::opt(a, 1, Value::FALSE) {
        Value::FALSE => Ok(Value::fixnum(h as i32)),
        b if b.is_fixnum() && b.fixnum_value() > 0 => {
            Ok(Value::fixnum((h % b.fixnum_value() as u32) as i32))
        }
        // A bignum bound is larger than every hash.
        b if obj::is(b, tag::BIGNUM) => Ok(Value::fixnum(h as i32)),
        b => Err(vm.error(&format!("{who}: expected a positive bound"), &[b])),
    }
}

fn equal_hash(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    bounded(vm, hashing::equal_hash(a[0]), a, "hash")
}

fn eqv_hash(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    bounded(vm, hashing::eqv_hash(a[0]), a, "eqv-hash")
}

fn eq_hash(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    bounded(vm, hashing::eq_hash(a[0]), a, "hash-by-identity")
}

fn string_hash(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let s = crate::prims::string_arg(vm, a[0], "string-hash")?;
    bounded(vm, hashing::string_hash(s.as_str()), a, "string-hash")
}

fn string_ci_hash(vm: &mut Vm, a: &[Value], _: usize) -> R<Value> {
    let s = crate::prims::string_arg(vm, a[0], "string-ci-hash")?;
    bounded(vm, hashing::string_ci_hash(s.as_str()), a, "string-ci-hash")
}
