//! Strings (R7RS 6.7): construction, access, mutation, copying, conversion, comparison, case
//! mapping, `string-map` and `string-for-each`. Indices count characters, not bytes, so
//! non-ASCII text works everywhere (`SString` does the index arithmetic).

use super::args::{self, range};
use super::{opt, VARIADIC};
use crate::heap::object::tag;
use crate::obj;
use crate::strings::SString;
use crate::value::Value;
use crate::vm::{Vm, R};
use std::cmp::Ordering;

/// Defines the string primitives.
pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("string?", 1, 1, string_p),
        ("make-string", 1, 2, make_string),
        ("string", 0, VARIADIC, string),
        ("string-length", 1, 1, string_length),
        ("string-ref", 2, 2, string_ref),
        ("string-set!", 3, 3, string_set),
        ("substring", 2, 3, substring),
        ("string-append", 0, VARIADIC, string_append),
        ("string-copy", 1, 3, string_copy),
        ("string-copy!", 3, 5, string_copy_to),
        ("string-fill!", 2, 4, string_fill),
        ("string->list", 1, 3, string_to_list),
        ("list->string", 1, 1, list_to_string),
        ("string->vector", 1, 3, string_to_vector),
        ("vector->string", 1, 3, vector_to_string),
        ("string=?", 1, VARIADIC, string_eq),
        ("string<?", 1, VARIADIC, string_lt),
        ("string>?", 1, VARIADIC, string_gt),
        ("string<=?", 1, VARIADIC, string_le),
        ("string>=?", 1, VARIADIC, string_ge),
        ("string-ci=?", 1, VARIADIC, string_ci_eq),
        ("string-ci<?", 1, VARIADIC, string_ci_lt),
        ("string-ci>?", 1, VARIADIC, string_ci_gt),
        ("string-ci<=?", 1, VARIADIC, string_ci_le),
        ("string-ci>=?", 1, VARIADIC, string_ci_ge),
        ("string-upcase", 1, 1, string_upcase),
        ("string-downcase", 1, 1, string_downcase),
        ("string-foldcase", 1, 1, string_foldcase),
        ("string-map", 2, VARIADIC, string_map),
        ("string-for-each", 2, VARIADIC, string_for_each),
    ]);
}

fn string_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(obj::is(args[0], tag::STRING)))
}

fn make_string(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::size(vm, args[0], "make-string")?;
    let c = args::char_arg(vm, opt(args, 1, Value::char(' ')), "make-string")?;
    Ok(vm.string_from(SString::new(std::iter::repeat_n(c, n).collect())))
}

fn string(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let text = chars_of(vm, args, "string")?;
    Ok(vm.string(&text))
}

/// The characters of `values` as text; an error if one is not a character.
fn chars_of(vm: &mut Vm, values: &[Value], who: &str) -> R<String> {
    let mut text = String::with_capacity(values.len());
    for &c in values {
        text.push(args::char_arg(vm, c, who)?);
    }
    Ok(text)
}

fn string_length(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let s = args::string_arg(vm, args[0], "string-length")?;
    Ok(Value::fixnum(s.len() as i32))
}

fn string_ref(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let s = args::string_arg(vm, args[0], "string-ref")?;
    let k = args::index(vm, args[1], args[0], "string-ref", s.len())?;
    Ok(s.char_at(k).map_or(Value::VOID, Value::char))
}

fn string_set(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let len = args::string_arg(vm, args[0], "string-set!")?.len();
    let k = args::index(vm, args[1], args[0], "string-set!", len)?;
    let c = args::char_arg(vm, args[2], "string-set!")?;
    obj::string(args[0]).set_char(k, c);
    Ok(Value::VOID)
}

/// The text of `args[0]` between the optional indices at `args[i]`, `args[i + 1]`.
fn text_range(vm: &mut Vm, args: &[Value], i: usize, who: &str) -> R<String> {
    let s = args::string_arg(vm, args[0], who)?;
    let (start, end) = range(vm, args, i, s.len(), who)?;
    Ok(s.substring(start, end))
}

/// A fresh string of the characters of `args[0]` between the optional indices at `args[1..]`
/// (one copy of the bytes, no recount of the characters).
fn copy_range(vm: &mut Vm, args: &[Value], who: &str) -> R<Value> {
    let s = args::string_arg(vm, args[0], who)?;
    let (start, end) = range(vm, args, 1, s.len(), who)?;
    let copy = s.slice(start, end);
    Ok(vm.string_from(copy))
}

fn substring(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    copy_range(vm, args, "substring")
}

fn string_copy(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    copy_range(vm, args, "string-copy")
}

fn string_append(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let (mut bytes, mut chars) = (0, 0);
    for &s in args {
        let s = args::string_arg(vm, s, "string-append")?;
        bytes += s.as_str().len();
        chars += s.len();
    }
    let mut text = String::with_capacity(bytes);
    for &s in args {
        text.push_str(obj::string(s).as_str());
    }
    Ok(vm.string_from(SString::new_unchecked_count(text, chars)))
}

/// Replaces the characters of string `s` from index `at` on with `text` (in range).
fn splice(s: Value, at: usize, text: &str) {
    let old = obj::string(s);
    let n = text.chars().count();
    let mut new = String::with_capacity(old.as_str().len() + text.len());
    new.push_str(&old.as_str()[..old.byte_offset(at)]);
    new.push_str(text);
    new.push_str(&old.as_str()[old.byte_offset(at + n)..]);
    *old = SString::new(new);
}

/// `(string-copy! to at from [start end])`; the source is read before the target is written,
/// so overlapping copies within one string work.
fn string_copy_to(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let to_len = args::string_arg(vm, args[0], "string-copy!")?.len();
    let at = args::index(vm, args[1], args[0], "string-copy!", to_len + 1)?;
    let from = args::string_arg(vm, args[2], "string-copy!")?;
    let (start, end) = range(vm, args, 3, from.len(), "string-copy!")?;
    if end - start > to_len - at {
        return Err(vm.error(
            "string-copy!: source does not fit in the destination",
            &[args[0], args[1]],
        ));
    }
    let text = from.substring(start, end);
    splice(args[0], at, &text);
    Ok(Value::VOID)
}

fn string_fill(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let len = args::string_arg(vm, args[0], "string-fill!")?.len();
    let c = args::char_arg(vm, args[1], "string-fill!")?;
    let (start, end) = range(vm, args, 2, len, "string-fill!")?;
    let text: String = std::iter::repeat_n(c, end - start).collect();
    splice(args[0], start, &text);
    Ok(Value::VOID)
}

/// The characters of `args[0]` in the optional range at `args[1..]`, as character values.
fn char_values(vm: &mut Vm, args: &[Value], who: &str) -> R<Vec<Value>> {
    let text = text_range(vm, args, 1, who)?;
    Ok(text.chars().map(Value::char).collect())
}

fn string_to_list(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let chars = char_values(vm, args, "string->list")?;
    Ok(vm.list(&chars))
}

fn string_to_vector(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let chars = char_values(vm, args, "string->vector")?;
    Ok(vm.vector_of(&chars))
}

fn list_to_string(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let items = args::list_arg(vm, args[0], "list->string")?;
    let text = chars_of(vm, &items, "list->string")?;
    let n = items.len();
    Ok(vm.string_from(SString::new_unchecked_count(text, n)))
}

fn vector_to_string(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let len = args::vector_arg(vm, args[0], "vector->string")?;
    let (start, end) = range(vm, args, 1, len, "vector->string")?;
    let items: Vec<Value> = (start..end).map(|i| obj::elem(args[0], i as u32)).collect();
    let text = chars_of(vm, &items, "vector->string")?;
    Ok(vm.string(&text))
}

/// Checks that every argument is a string, then whether `holds` is true of the order of every
/// adjacent pair of texts (case-folded first if `fold_case`). Allocates nothing: these run in
/// sorting and searching loops.
fn compare(
    vm: &mut Vm,
    args: &[Value],
    who: &str,
    fold_case: bool,
    holds: fn(Ordering) -> bool,
) -> R<Value> {
    for &s in args {
        args::string_arg(vm, s, who)?;
    }
    let all = args.windows(2).all(|w| {
        let (a, b) = (obj::string(w[0]), obj::string(w[1]));
        holds(if fold_case {
            cmp_folded(a, b)
        } else {
            // UTF-8 byte order is code point order, so comparing bytes compares characters.
            a.as_bytes().cmp(b.as_bytes())
        })
    });
    Ok(Value::bool(all))
}

/// The order of two texts after full case folding (R7RS: as if by `string-foldcase`, so
/// "Straße" and "STRASSE" are equal), without building the folded texts.
fn cmp_folded(a: &SString, b: &SString) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return fold_ascii(a.as_bytes()).cmp(fold_ascii(b.as_bytes()));
    }
    // Code point order of the folded characters, as comparing the folded UTF-8 would give.
    let fold = crate::unicode::fold_chars;
    fold(a.as_str()).cmp(fold(b.as_str()))
}

/// ASCII text case-folded (lowered) byte by byte, lazily.
fn fold_ascii(s: &[u8]) -> impl Iterator<Item = u8> + '_ {
    s.iter().map(u8::to_ascii_lowercase)
}

/// Defines n-ary comparison primitives: name, Scheme name, whether case-folded, relation.
macro_rules! comparisons {
    ($($f:ident $who:literal $fold:expr, $holds:expr;)*) => {
        $(fn $f(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
            compare(vm, args, $who, $fold, $holds)
        })*
    };
}

comparisons! {
    string_eq "string=?" false, Ordering::is_eq;
    string_lt "string<?" false, Ordering::is_lt;
    string_gt "string>?" false, Ordering::is_gt;
    string_le "string<=?" false, Ordering::is_le;
    string_ge "string>=?" false, Ordering::is_ge;
    string_ci_eq "string-ci=?" true, Ordering::is_eq;
    string_ci_lt "string-ci<?" true, Ordering::is_lt;
    string_ci_gt "string-ci>?" true, Ordering::is_gt;
    string_ci_le "string-ci<=?" true, Ordering::is_le;
    string_ci_ge "string-ci>=?" true, Ordering::is_ge;
}

/// Defines a primitive that maps a whole string to a fresh one.
macro_rules! case_mappings {
    ($($f:ident $who:literal $map:expr;)*) => {
        $(fn $f(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
            let text = $map(args::string_arg(vm, args[0], $who)?.as_str());
            Ok(vm.string(&text))
        })*
    };
}

case_mappings! {
    string_upcase "string-upcase" str::to_uppercase;
    string_downcase "string-downcase" str::to_lowercase;
    string_foldcase "string-foldcase" crate::unicode::fold_case;
}

/// `string-map`: stackless (`control::iterate`).
fn string_map(vm: &mut Vm, args: &[Value], fslot: usize) -> R<Value> {
    let kind = crate::vm::kont::Kind::StringMap;
    crate::control::iterate::strings(vm, args, fslot, kind, "string-map")
}

/// `string-for-each`: stackless (`control::iterate`).
fn string_for_each(vm: &mut Vm, args: &[Value], fslot: usize) -> R<Value> {
    let kind = crate::vm::kont::Kind::StringForEach;
    crate::control::iterate::strings(vm, args, fslot, kind, "string-for-each")
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use crate::print::testkit::{call, datum, eval, run, vm};
    use crate::value::Value;

    #[test]
    fn construction_and_access() {
        let vm = vm();
        assert_eq!(eval(vm, "make-string", &["3", "#\\x"]), "\"xxx\"");
        assert_eq!(eval(vm, "string", &["#\\a", "#\\b"]), "\"ab\"");
        assert_eq!(
            eval(vm, "string", &["#\\a", "b"]),
            "error: string: expected a character"
        );
        assert_eq!(eval(vm, "string-length", &["\"héllo\""]), "5");
        assert_eq!(eval(vm, "string-ref", &["\"héllo\"", "1"]), "#\\é");
        assert_eq!(
            eval(vm, "string-ref", &["\"abc\"", "3"]),
            "error: string-ref: index out of range"
        );
        assert_eq!(
            eval(vm, "string-ref", &["\"abc\"", "x"]),
            "error: string-ref: expected an exact integer"
        );
        let m = datum(vm, "\"abc\"");
        let (one, lambda) = (Value::fixnum(1), Value::char('λ'));
        run(vm, "string-set!", &[m, one, lambda]);
        assert_eq!(run(vm, "string-append", &[m]), "\"aλc\"");
        assert_eq!(
            eval(vm, "substring", &["\"hello world\"", "6", "11"]),
            "\"world\""
        );
        assert_eq!(
            eval(vm, "substring", &["\"abc\"", "2", "1"]),
            "error: substring: start index after end index"
        );
        assert_eq!(eval(vm, "string-copy", &["\"ñandú\"", "1", "4"]), "\"and\"");
        assert_eq!(eval(vm, "string-copy", &["\"abcde\"", "2"]), "\"cde\"");
        assert_eq!(eval(vm, "string-append", &[]), "\"\"");
    }

    #[test]
    fn mutation() {
        let vm = vm();
        let o = datum(vm, "\"abcdefg\"");
        let (two, zero, four) = (Value::fixnum(2), Value::fixnum(0), Value::fixnum(4));
        run(vm, "string-copy!", &[o, two, o, zero, four]);
        assert_eq!(run(vm, "string-copy", &[o]), "\"ababcdg\"");
        let o2 = datum(vm, "\"abcdefg\"");
        let three = Value::fixnum(3);
        run(vm, "string-copy!", &[o2, zero, o2, three]);
        assert_eq!(run(vm, "string-copy", &[o2]), "\"defgefg\"");
        let src = datum(vm, "\"λλλ\"");
        let five = Value::fixnum(5);
        assert_eq!(
            run(vm, "string-copy!", &[o2, five, src]),
            "error: string-copy!: source does not fit in the destination"
        );
        let one = Value::fixnum(1);
        run(vm, "string-copy!", &[o2, one, src, one]);
        assert_eq!(run(vm, "string-copy", &[o2]), "\"dλλgefg\"");
        let f = datum(vm, "\"☃☃☃\"");
        let x = Value::char('x');
        run(vm, "string-fill!", &[f, x, one, two]);
        assert_eq!(run(vm, "string-copy", &[f]), "\"☃x☃\"");
        run(vm, "string-fill!", &[f, x]);
        assert_eq!(run(vm, "string-copy", &[f]), "\"xxx\"");
    }

    #[test]
    fn conversions() {
        let vm = vm();
        assert_eq!(
            eval(vm, "string->list", &["\"abcde\"", "1", "3"]),
            "(#\\b #\\c)"
        );
        assert_eq!(eval(vm, "string->list", &["\"λ😀a\""]), "(#\\λ #\\😀 #\\a)");
        assert_eq!(eval(vm, "list->string", &["(#\\a #\\b)"]), "\"ab\"");
        assert_eq!(
            eval(vm, "list->string", &["(#\\a . #\\b)"]),
            "error: list->string: expected a proper list"
        );
        assert_eq!(
            eval(vm, "string->vector", &["\"ABCDE\"", "1", "3"]),
            "#(#\\B #\\C)"
        );
        assert_eq!(
            eval(vm, "vector->string", &["#(#\\1 #\\2 #\\3 #\\4)", "2"]),
            "\"34\""
        );
        assert_eq!(
            eval(vm, "vector->string", &["#(1)"]),
            "error: vector->string: expected a character"
        );
        assert_eq!(eval(vm, "string-upcase", &["\"héllo\""]), "\"HÉLLO\"");
        assert_eq!(eval(vm, "string-downcase", &["\"ÀÉÎ\""]), "\"àéî\"");
        assert_eq!(eval(vm, "string-foldcase", &["\"MiXeD\""]), "\"mixed\"");
    }

    #[test]
    fn comparisons() {
        let vm = vm();
        assert_eq!(eval(vm, "string=?", &["\"a\"", "\"a\"", "\"a\""]), "#t");
        assert_eq!(eval(vm, "string<?", &["\"ab\"", "\"abc\""]), "#t");
        assert_eq!(eval(vm, "string<?", &["\"a\"", "\"c\"", "\"b\""]), "#f");
        assert_eq!(eval(vm, "string<?", &["\"a\"", "\"λ\""]), "#t");
        assert_eq!(eval(vm, "string>=?", &["\"b\"", "\"b\"", "\"a\""]), "#t");
        assert_eq!(eval(vm, "string-ci=?", &["\"ΛΑΜΒΔΑ\"", "\"λαμβδα\""]), "#t");
        assert_eq!(eval(vm, "string-ci>=?", &["\"b\"", "\"A\"", "\"a\""]), "#t");
        // Folding happens before ordering: raw, "Μ" (U+039C) sorts before "λ" (U+03BB).
        assert_eq!(eval(vm, "string<?", &["\"λ\"", "\"Μ\""]), "#f");
        assert_eq!(eval(vm, "string-ci<?", &["\"λ\"", "\"Μ\""]), "#t");
        assert_eq!(eval(vm, "string-ci<?", &["\"Zebra\"", "\"apple\""]), "#f");
        assert_eq!(eval(vm, "string-ci<?", &["\"abc\"", "\"ABCD\""]), "#t");
        assert_eq!(eval(vm, "string-ci=?", &["\"aΛb\"", "\"AλB\""]), "#t");
        assert_eq!(eval(vm, "string-ci>?", &["\"aΛc\"", "\"AλB\""]), "#t");
        assert_eq!(eval(vm, "string<=?", &["\"\"", "\"\"", "\"a\""]), "#t");
        assert_eq!(eval(vm, "string>?", &["\"b\""]), "#t");
        assert_eq!(
            eval(vm, "string<?", &["\"a\"", "\"b\"", "5"]),
            "error: string<?: expected a string"
        );
        assert_eq!(
            eval(vm, "string=?", &["\"a\"", "a"]),
            "error: string=?: expected a string"
        );
    }

    #[test]
    fn map_and_for_each() {
        let vm = vm();
        let upcase = vm.global_value("char-upcase").unwrap();
        let s = datum(vm, "\"ñandú\"");
        assert_eq!(run(vm, "string-map", &[upcase, s]), "\"ÑANDÚ\"");
        // `string` of two characters: results are fresh strings, so string-map must reject them.
        let string = vm.global_value("string").unwrap();
        let t = datum(vm, "\"xyz\"");
        let u = datum(vm, "\"12\"");
        assert_eq!(
            run(vm, "string-map", &[string, t, u]),
            "error: string-map: expected a character"
        );
        let list = vm.global_value("list").unwrap();
        assert_eq!(run(vm, "string-for-each", &[list, t, u]), "#<unspecified>");
        let vector_ref = vm.global_value("vector-ref").unwrap();
        assert_eq!(
            run(vm, "string-for-each", &[vector_ref, t, u]),
            "error: vector-ref: expected a vector"
        );
        let _ = call(vm, "string-map", &[upcase, t]);
    }
}
