//! Reader tests: every lexical form, positions, and error kinds.

use super::*;
use crate::num::Number;

/// All data of `src`, written and separated by spaces.
fn show(src: &str) -> String {
    let data = read_all(src, 0).unwrap_or_else(|e| panic!("read error in {src:?}: {e}"));
    data.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn one(src: &str) -> Datum {
    let mut data = read_all(src, 0).unwrap_or_else(|e| panic!("read error in {src:?}: {e}"));
    assert_eq!(data.len(), 1, "{src:?}");
    data.pop().unwrap()
}

fn fail(src: &str) -> ReadError {
    match read_all(src, 0) {
        Ok(d) => panic!("expected a read error for {src:?}, got {d:?}"),
        Err(e) => e,
    }
}

fn at(line: u32, col: u32) -> Pos {
    Pos { file: 0, line, col }
}

#[test]
fn lists_pairs_and_abbreviations() {
    assert_eq!(
        show("(a b . c) () [x y] (a . (b c)) (a . (b . c))"),
        "(a b . c) () (x y) (a b c) (a b . c)"
    );
    assert_eq!(show("'a `(b ,c ,@d)"), "'a `(b ,c ,@d)");
    assert!(matches!(one("(a . (b))"), Datum::List(ref v, _) if v.len() == 2));
    assert!(matches!(one("#(1 (2) \"x\")"), Datum::Vector(ref v) if v.len() == 3));
    assert!(matches!(one("#u8(0 255 7)"), Datum::Bytevector(ref v) if v == &vec![0, 255, 7]));
}

#[test]
fn numbers() {
    assert!(matches!(one("42"), Datum::Num(Number::Int(42))));
    assert!(matches!(one("-17"), Datum::Num(Number::Int(-17))));
    assert!(matches!(
        one("123456789012345678901234567890"),
        Datum::Num(Number::Big(_))
    ));
    assert!(matches!(one("1/3"), Datum::Num(Number::Rat(_))));
    assert!(matches!(one("1.5e3"), Datum::Num(Number::Flo(x)) if x == 1500.0));
    assert!(matches!(one(".5"), Datum::Num(Number::Flo(x)) if x == 0.5));
    assert!(matches!(one("#x1F"), Datum::Num(Number::Int(31))));
    assert!(matches!(one("#b101"), Datum::Num(Number::Int(5))));
    assert!(matches!(one("#i3"), Datum::Num(Number::Flo(x)) if x == 3.0));
    assert!(matches!(one("+inf.0"), Datum::Num(Number::Flo(x)) if x.is_infinite()));
    assert_eq!(fail("#xZZ").msg, "bad syntax `#xZZ`");
}

#[test]
fn symbols() {
    assert_eq!(show("+ - ... ->x 1+ a.b <=?"), "+ - ... ->x 1+ a.b <=?");
    assert!(matches!(one("|foo bar|"), Datum::Sym(ref s, _) if &**s == "foo bar"));
    assert!(matches!(one(r"|a\x41;\|b|"), Datum::Sym(ref s, _) if &**s == "aA|b"));
    assert!(matches!(one("||"), Datum::Sym(ref s, _) if s.is_empty()));
    assert_eq!(show("Foo foo"), "Foo foo");
}

#[test]
fn fold_case_directives() {
    assert_eq!(
        show("ABC #!fold-case ABC #\\SPACE |Q| #!no-fold-case ABC"),
        "ABC abc #\\space Q ABC"
    );
    assert_eq!(fail("#!bogus").msg, "unknown directive #!bogus");
}

#[test]
fn booleans_and_characters() {
    assert_eq!(show("#t #f #true #false #T"), "#t #f #t #f #t");
    let chars = "#\\a #\\space #\\newline #\\tab #\\nul #\\null #\\alarm #\\backspace #\\delete #\\escape #\\return #\\x41 #\\λ #\\( #\\) #\\x";
    let expected = [
        'a', ' ', '\n', '\t', '\0', '\0', '\x07', '\x08', '\x7f', '\x1b', '\r', 'A', 'λ', '(', ')',
        'x',
    ];
    let got: Vec<char> = read_all(chars, 0)
        .unwrap()
        .into_iter()
        .map(|d| {
            if let Datum::Char(c) = d {
                c
            } else {
                panic!("{d:?}")
            }
        })
        .collect();
    assert_eq!(got, expected);
    assert!(matches!(one("(#\\a)"), Datum::List(ref v, _) if matches!(v[0], Datum::Char('a'))));
    let e = fail("(a #\\foo)");
    assert_eq!(
        (e.msg.as_str(), e.pos, e.kind),
        (
            "bad character name #\\foo",
            at(1, 4),
            ReadErrorKind::Invalid
        )
    );
}

#[test]
fn strings() {
    let s = one(r#""a\nb\t\r\a\b\0\\\"\x41;\x3bb;""#);
    assert!(
        matches!(s, Datum::Str(ref s) if &**s == "a\nb\t\r\x07\x08\0\\\"A\u{3bb}"),
        "{s:?}"
    );
    let s = one("\"one \\   \n    two\"");
    assert!(matches!(s, Datum::Str(ref s) if &**s == "one two"), "{s:?}");
    assert!(matches!(one("\"multi\nline\""), Datum::Str(ref s) if &**s == "multi\nline"));
    assert_eq!(fail(r#""bad \q""#).msg, "bad escape `\\q` in string");
}

#[test]
fn comments() {
    assert_eq!(
        show("a ; comment\n b #| block #| nested |# still |# c"),
        "a b c"
    );
    assert_eq!(
        show("#;(skipped datum) x (y #;z w) (p . #;q r) #; #;1 2 3"),
        "x (y w) (p . r) 3"
    );
    assert_eq!(show("#!/usr/bin/env kiln\n(display 1)"), "(display 1)");
}

#[test]
fn datum_labels() {
    assert_eq!(show("(#0=(a b) #0# #1=c #1#)"), "((a b) (a b) c c)");
    // Every `#0#` after `#0=` is the same `Rc`: one object once built (`ir::quote`).
    let Datum::List(items, _) = one("(#0=(a b) #0#)") else {
        panic!()
    };
    let [Datum::Shared(x), Datum::Shared(y)] = &items[..] else {
        panic!("{items:?}")
    };
    assert!(Rc::ptr_eq(x, y));
    // A reference inside its own label's datum: a circular datum, still a finite tree.
    assert_eq!(show("#0=(a . #0#)"), "#0=(a . #0#)");
    assert_eq!(show("#0=#(1 #0#)"), "#0=#(1 #0#)");
    assert_eq!(
        show("#1=(x #0=(y . #1#) #0#)"),
        "#1=(x (y . #1#) (y . #1#))"
    );
    assert_eq!(show("#1=(#0=#1#)"), "#1=(#1#)");
    assert_eq!(fail("#5#").msg, "undefined datum label #5#");
    assert_eq!(
        fail("#0=#0#").msg,
        "datum label #0= labels only a reference to itself"
    );
    assert_eq!(
        fail("#0=#1=#0#").msg,
        "datum label #1= labels only a reference to itself"
    );
    // Labels are local to a top-level datum.
    assert_eq!(fail("#0=a #0#").msg, "undefined datum label #0#");
}

#[test]
fn positions() {
    let d = one("\n  (define (f x)\n    (g x))");
    let Datum::List(items, p) = &d else { panic!() };
    assert_eq!(*p, at(2, 3));
    assert_eq!(items[0].pos(), Some(at(2, 4)));
    assert_eq!(items[1].pos(), Some(at(2, 11)));
    assert_eq!(items[2].pos(), Some(at(3, 5)));
    let Datum::List(q, qp) = one("  'x") else {
        panic!()
    };
    assert_eq!((qp, q[1].pos()), (at(1, 3), Some(at(1, 4))));
    assert_eq!(
        read_all("λ x", 7).unwrap()[1].pos(),
        Some(Pos {
            file: 7,
            line: 1,
            col: 3
        })
    );
}

#[test]
fn invalid_errors() {
    let cases: &[(&str, &str, (u32, u32))] = &[
        ("(a))", "unexpected `)`", (1, 4)),
        ("(a ]", "unexpected `]` (list opened with `(`)", (1, 4)),
        ("( . a)", "unexpected `.`", (1, 3)),
        ("(a . b c)", "expected `)` after the dotted tail", (1, 8)),
        (
            "\n #u8(1 256)",
            "bytevector element is not a byte (an exact integer 0..255)",
            (2, 2),
        ),
        ("#q", "bad syntax `#q`", (1, 1)),
        ("\"\\x41\"", "bad `\\x` escape in string", (1, 3)),
    ];
    for (src, msg, (line, col)) in cases {
        let e = fail(src);
        assert_eq!(
            (e.kind, e.msg.as_str(), e.pos),
            (ReadErrorKind::Invalid, *msg, at(*line, *col)),
            "{src:?}"
        );
    }
}

#[test]
fn incomplete_errors() {
    let cases: &[(&str, &str, (u32, u32))] = &[
        ("(define (f)\n  (g", "unterminated list", (2, 3)),
        ("x \"abc", "unterminated string", (1, 3)),
        ("#| open", "unterminated block comment `#|`", (1, 1)),
        ("'", "unexpected end of input", (1, 1)),
        ("#(1 2", "unterminated vector", (1, 1)),
        ("(a . ", "unterminated list", (1, 1)),
        ("#;", "unexpected end of input", (1, 1)),
        ("|abc", "unterminated |symbol|", (1, 1)),
        ("#\\", "unexpected end of input after `#\\`", (1, 1)),
    ];
    for (src, msg, (line, col)) in cases {
        let e = fail(src);
        assert_eq!(
            (e.kind, e.msg.as_str(), e.pos),
            (ReadErrorKind::Incomplete, *msg, at(*line, *col)),
            "{src:?}"
        );
    }
}

#[test]
fn incremental_reader() {
    let src = "(a b) c ; trailing\n";
    let mut r = Reader::new(src, 0);
    assert_eq!(r.next_datum().unwrap().unwrap().to_string(), "(a b)");
    assert_eq!(r.offset(), 5);
    assert_eq!(r.next_datum().unwrap().unwrap().to_string(), "c");
    assert_eq!(r.offset(), 7);
    assert!(r.next_datum().unwrap().is_none());
    let mut r = Reader::new("1 (2", 0);
    assert!(r.next_datum().unwrap().is_some());
    assert_eq!(r.next_datum().unwrap_err().kind, ReadErrorKind::Incomplete);
}

#[test]
fn read_one_reports_bytes_used() {
    let (d, used) = read_one("  (λ x) rest").unwrap().unwrap();
    assert_eq!((d.to_string().as_str(), used), ("(λ x)", 8));
    assert!(read_one("  ; nothing\n").unwrap().is_none());
    let e = read_one("(1 2").unwrap_err();
    assert!(e.is_incomplete());
    assert_eq!(e.message(), "unterminated list");
}

#[test]
fn nesting_prefixes_and_misplaced_tokens() {
    assert_eq!(
        show("''a '#;x y (1 #(2 #u8(3)) . #;4 5)"),
        "''a 'y (1 #(2 #u8(3)) . 5)"
    );
    let cases: &[(&str, &str, (u32, u32))] = &[
        ("(a . b . c)", "expected `)` after the dotted tail", (1, 8)),
        ("(a . )", "unexpected `)`", (1, 6)),
        ("(')", "unexpected `)`", (1, 3)),
        ("#(a . b)", "unexpected `.`", (1, 5)),
        ("#(a]", "unexpected `]`", (1, 4)),
    ];
    for (src, msg, (line, col)) in cases {
        let e = fail(src);
        assert_eq!((e.msg.as_str(), e.pos), (*msg, at(*line, *col)), "{src:?}");
    }
}

#[test]
fn deep_nesting_uses_no_native_stack() {
    let deep = "(".repeat(2_000) + &")".repeat(2_000);
    assert_eq!(read_all(&deep, 0).unwrap().len(), 1);
    let too_deep = "(".repeat(10_001);
    assert_eq!(fail(&too_deep).msg, "data nested too deeply");
}
