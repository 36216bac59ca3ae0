//! Characters (R7RS 6.6): comparisons (n-ary, with `-ci` variants), Unicode classification,
//! `digit-value` and case conversion.
//!
//! Case conversion is the simple (one character to one character) Unicode mapping: a character
//! whose full mapping is several characters (`ß` → `SS`) is left unchanged.

use super::{args, VARIADIC};
use crate::value::Value;
use crate::vm::{Vm, R};

/// Defines the character primitives.
pub fn install(vm: &mut Vm) {
    vm.def_prims(&[
        ("char?", 1, 1, char_p),
        ("char->integer", 1, 1, char_to_integer),
        ("integer->char", 1, 1, integer_to_char),
        ("char=?", 1, VARIADIC, char_eq),
        ("char<?", 1, VARIADIC, char_lt),
        ("char>?", 1, VARIADIC, char_gt),
        ("char<=?", 1, VARIADIC, char_le),
        ("char>=?", 1, VARIADIC, char_ge),
        ("char-ci=?", 1, VARIADIC, char_ci_eq),
        ("char-ci<?", 1, VARIADIC, char_ci_lt),
        ("char-ci>?", 1, VARIADIC, char_ci_gt),
        ("char-ci<=?", 1, VARIADIC, char_ci_le),
        ("char-ci>=?", 1, VARIADIC, char_ci_ge),
        ("char-alphabetic?", 1, 1, alphabetic_p),
        ("char-numeric?", 1, 1, numeric_p),
        ("char-whitespace?", 1, 1, whitespace_p),
        ("char-upper-case?", 1, 1, upper_case_p),
        ("char-lower-case?", 1, 1, lower_case_p),
        ("digit-value", 1, 1, digit_value_prim),
        ("char-upcase", 1, 1, char_upcase),
        ("char-downcase", 1, 1, char_downcase),
        ("char-foldcase", 1, 1, char_foldcase),
    ]);
}

fn char_p(_: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    Ok(Value::bool(args[0].is_char()))
}

fn char_to_integer(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let c = args::char_arg(vm, args[0], "char->integer")?;
    Ok(Value::fixnum(c as i32))
}

fn integer_to_char(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let n = args::fixnum(vm, args[0], "integer->char")?;
    match u32::try_from(n).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::char(c)),
        None => Err(vm.error("integer->char: not a Unicode scalar value", &[args[0]])),
    }
}

/// Checks that every argument is a character, then whether `holds` is true of every adjacent
/// pair after mapping each character through `key`.
fn compare(
    vm: &mut Vm,
    args: &[Value],
    who: &str,
    key: fn(char) -> char,
    holds: fn(char, char) -> bool,
) -> R<Value> {
    for &c in args {
        args::char_arg(vm, c, who)?;
    }
    let ok = args
        .windows(2)
        .all(|w| holds(key(w[0].char_value()), key(w[1].char_value())));
    Ok(Value::bool(ok))
}

/// Defines n-ary comparison primitives: name, Scheme name, key mapping, relation.
macro_rules! comparisons {
    ($($f:ident $who:literal $key:expr, $op:tt;)*) => {
        $(fn $f(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
            compare(vm, args, $who, $key, |a, b| a $op b)
        })*
    };
}

fn same(c: char) -> char {
    c
}

comparisons! {
    char_eq "char=?" same, ==;
    char_lt "char<?" same, <;
    char_gt "char>?" same, >;
    char_le "char<=?" same, <=;
    char_ge "char>=?" same, >=;
    char_ci_eq "char-ci=?" foldcase, ==;
    char_ci_lt "char-ci<?" foldcase, <;
    char_ci_gt "char-ci>?" foldcase, >;
    char_ci_le "char-ci<=?" foldcase, <=;
    char_ci_ge "char-ci>=?" foldcase, >=;
}

/// Defines a one-character predicate primitive.
macro_rules! predicates {
    ($($f:ident $who:literal $test:expr;)*) => {
        $(fn $f(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
            let c = args::char_arg(vm, args[0], $who)?;
            Ok(Value::bool($test(c)))
        })*
    };
}

predicates! {
    alphabetic_p "char-alphabetic?" char::is_alphabetic;
    numeric_p "char-numeric?" |c| digit_value(c).is_some();
    whitespace_p "char-whitespace?" char::is_whitespace;
    upper_case_p "char-upper-case?" char::is_uppercase;
    lower_case_p "char-lower-case?" char::is_lowercase;
}

fn digit_value_prim(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
    let c = args::char_arg(vm, args[0], "digit-value")?;
    Ok(digit_value(c).map_or(Value::FALSE, |d| Value::fixnum(d as i32)))
}

/// Defines a one-character mapping primitive.
macro_rules! mappings {
    ($($f:ident $who:literal $map:expr;)*) => {
        $(fn $f(vm: &mut Vm, args: &[Value], _: usize) -> R<Value> {
            let c = args::char_arg(vm, args[0], $who)?;
            Ok(Value::char($map(c)))
        })*
    };
}

mappings! {
    char_upcase "char-upcase" upcase;
    char_downcase "char-downcase" downcase;
    char_foldcase "char-foldcase" foldcase;
}

/// The single character of a case mapping, or `c` itself when the mapping has several.
fn single(c: char, mut mapped: impl Iterator<Item = char>) -> char {
    match (mapped.next(), mapped.next()) {
        (Some(m), None) => m,
        _ => c,
    }
}

/// Simple uppercase mapping.
pub fn upcase(c: char) -> char {
    single(c, c.to_uppercase())
}

/// Simple lowercase mapping.
pub fn downcase(c: char) -> char {
    single(c, c.to_lowercase())
}

/// Simple case folding (R7RS `char-foldcase`, and what the `char-ci` comparisons compare).
fn foldcase(c: char) -> char {
    crate::unicode::fold_char(c)
}

/// First code points of the Unicode blocks of ten decimal digits (general category Nd), Unicode 15.
const DIGIT_ZEROS: &[u32] = &[
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// The value of a decimal digit character (any script), `None` for other characters.
pub fn digit_value(c: char) -> Option<u32> {
    let c = c as u32;
    // The last block starting at or before `c`.
    let i = DIGIT_ZEROS.partition_point(|&z| z <= c).checked_sub(1)?;
    let d = c - DIGIT_ZEROS[i];
    (d < 10).then_some(d)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod vm_tests {
    use crate::print::testkit::{eval, vm};

    #[test]
    fn conversions_and_comparisons() {
        let vm = vm();
        assert_eq!(eval(vm, "char->integer", &["#\\x3bb"]), "955");
        assert_eq!(eval(vm, "integer->char", &["65"]), "#\\A");
        assert_eq!(
            eval(vm, "integer->char", &["55296"]),
            "error: integer->char: not a Unicode scalar value"
        );
        assert_eq!(
            eval(vm, "integer->char", &["-1"]),
            "error: integer->char: not a Unicode scalar value"
        );
        assert_eq!(eval(vm, "char<?", &["#\\a", "#\\b", "#\\c"]), "#t");
        assert_eq!(eval(vm, "char<?", &["#\\a", "#\\c", "#\\b"]), "#f");
        assert_eq!(eval(vm, "char>=?", &["#\\b", "#\\b", "#\\a"]), "#t");
        assert_eq!(
            eval(vm, "char=?", &["#\\a", "a"]),
            "error: char=?: expected a character"
        );
        assert_eq!(eval(vm, "char-ci=?", &["#\\a", "#\\A", "#\\a"]), "#t");
        assert_eq!(eval(vm, "char-ci>?", &["#\\Z", "#\\a"]), "#t");
        assert_eq!(eval(vm, "char-upcase", &["#\\x3bb"]), "#\\Λ");
        assert_eq!(eval(vm, "char-foldcase", &["#\\Q"]), "#\\q");
    }

    #[test]
    fn classification() {
        let vm = vm();
        assert_eq!(eval(vm, "char-alphabetic?", &["#\\x3bb"]), "#t");
        assert_eq!(eval(vm, "char-alphabetic?", &["#\\1"]), "#f");
        assert_eq!(eval(vm, "char-numeric?", &["#\\x664"]), "#t");
        assert_eq!(eval(vm, "char-whitespace?", &["#\\newline"]), "#t");
        assert_eq!(eval(vm, "char-upper-case?", &["#\\A"]), "#t");
        assert_eq!(eval(vm, "char-lower-case?", &["#\\A"]), "#f");
        assert_eq!(eval(vm, "digit-value", &["#\\x664"]), "4");
        assert_eq!(eval(vm, "digit-value", &["#\\a"]), "#f");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_values_in_several_scripts() {
        assert_eq!(digit_value('0'), Some(0));
        assert_eq!(digit_value('9'), Some(9));
        assert_eq!(digit_value('\u{664}'), Some(4));
        assert_eq!(digit_value('\u{FF19}'), Some(9));
        assert_eq!(digit_value('a'), None);
        assert_eq!(digit_value('\u{EA6}'), None);
        assert_eq!(digit_value('\u{1D7FF}'), Some(9));
        assert_eq!(digit_value('\0'), None);
    }

    #[test]
    fn case_mappings_are_single_characters() {
        assert_eq!(upcase('a'), 'A');
        assert_eq!(upcase('é'), 'É');
        assert_eq!(upcase('ß'), 'ß');
        assert_eq!(downcase('Λ'), 'λ');
        assert_eq!(foldcase('ς'), 'σ');
        assert_eq!(foldcase('Σ'), 'σ');
        assert_eq!(downcase('1'), '1');
    }
}
