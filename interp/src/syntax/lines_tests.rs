//! `LineReader` tests: fed line by line, it must say at every line exactly what reading all the
//! lines so far at once says (the REPL used to do that, in quadratic time).

use super::*;

/// What reading `text`, whose first line is line `line`, at once gives, in `Fed` terms, printed
/// (positions included).
fn at_once(text: &str, line: u32) -> String {
    let mut reader = Reader::resume(text, ReadState::at_line(0, line));
    let mut done = Vec::new();
    loop {
        match reader.next_datum() {
            Ok(Some(d)) => done.push(d),
            Ok(None) => return format!("{:?}", Fed::Complete(done)),
            Err(e) if e.is_incomplete() => return format!("{:?}", Fed::Incomplete),
            Err(e) => return format!("{:?}", Fed::Invalid(done, e)),
        }
    }
}

/// Feeds `src` line by line and checks each answer against reading the entry's lines at once.
fn agrees(src: &str) {
    let mut lines = LineReader::new(0);
    let mut entry = String::new();
    // The session's line number of the entry's first line.
    let mut first = 1;
    for line in src.lines() {
        entry.push_str(line);
        entry.push('\n');
        let fed = lines.feed(line);
        assert_eq!(
            format!("{fed:?}"),
            at_once(&entry, first),
            "entry {entry:?}"
        );
        if !matches!(fed, Fed::Incomplete) {
            first += entry.lines().count() as u32;
            entry.clear();
        }
        assert_eq!(lines.pending(), !entry.is_empty());
    }
}

#[test]
fn lists_and_atoms_across_lines() {
    agrees("(define (f x)\n  (+ x\n     1))\n(f 2) (f\n3)\n42\n");
    agrees("(a . \n b)\n[x\n y]\n#(1\n2)\n#u8(1\n 2)\n'\nq\n`(a\n,b ,@c)\n");
    agrees("(a (b (c\n\n\n))) x\n");
}

#[test]
fn strings_and_barred_symbols_across_lines() {
    agrees("(display \"one\ntwo\n\nthree\")\n");
    // Escapes near the line ends, and a line continuation that eats the next line's blanks.
    agrees("\"a\\\"\nb\\\\\n\\x41;\nend\"\n");
    agrees("\"joined \\\n     here \\   \n\t and here\"\n");
    agrees("|sym\nbol| |a\\|\nb|\n");
}

#[test]
fn comments_across_lines() {
    agrees("#| one\n two |# 1\n#| nested #| deeper\n |# still |#\n2\n");
    agrees("#|\n|\n#|#\n3\n");
    agrees("; line\n(a ; inside\n b)\n#;\n(dropped\n) kept\n#; x\n");
    agrees("#;\n#;\na b c\n");
}

#[test]
fn labels_directives_and_characters() {
    agrees("(#0=(a\nb) #0#)\n#!fold-case\n(ABC\nDef)\n");
    agrees("(#\\(\n#\\)\n#\\space #\\x41)\n#\\\n");
}

#[test]
fn errors_drop_the_entry_and_keep_the_datums_before_them() {
    agrees("(a) (b\n c)) (d)\n(e)\n");
    agrees("(a\n]\n(b)\n");
    agrees("\"bad \\q escape\"\n(after)\n");
    agrees("(#1#)\n(ok)\n");
    let mut lines = LineReader::new(0);
    assert!(matches!(lines.feed("(x"), Fed::Incomplete));
    match lines.feed(") ) (y)") {
        Fed::Invalid(done, e) => {
            assert_eq!(done.len(), 1);
            assert_eq!(e.msg, "unexpected `)`");
        }
        other => panic!("{other:?}"),
    }
    assert!(!lines.pending());
}

#[test]
fn positions_continue_across_entries_and_dropped_lines() {
    let mut lines = LineReader::new(0);
    let line_of = |fed: Fed| match fed {
        Fed::Complete(d) => d[0].pos().expect("a position").line,
        other => panic!("{other:?}"),
    };
    assert_eq!(line_of(lines.feed("(a)")), 1);
    assert!(matches!(lines.feed(""), Fed::Complete(_)));
    assert!(matches!(lines.feed("(b"), Fed::Incomplete));
    assert_eq!(line_of(lines.feed(" c)")), 3);
    // An entry dropped by Ctrl-C still used its lines.
    assert!(matches!(lines.feed("(d\n e"), Fed::Incomplete));
    lines.reset();
    assert_eq!(line_of(lines.feed("(f)")), 7);
}

#[test]
fn reset_drops_the_unfinished_entry() {
    let mut lines = LineReader::new(0);
    assert!(matches!(lines.feed("(a \"open"), Fed::Incomplete));
    lines.reset();
    assert!(!lines.pending());
    match lines.feed("(b)") {
        Fed::Complete(d) => assert_eq!(format!("{}", d[0]), "(b)"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_long_entry_reads_once() {
    // 20,000 lines of one list, of one string and of one block comment.
    let mut lines = LineReader::new(0);
    assert!(matches!(lines.feed("(list"), Fed::Incomplete));
    for i in 0..20_000 {
        assert!(matches!(lines.feed(&format!("  {i}")), Fed::Incomplete));
    }
    match lines.feed(")") {
        Fed::Complete(d) => {
            assert!(matches!(&d[0], Datum::List(items, _) if items.len() == 20_001))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(lines.feed("\"start"), Fed::Incomplete));
    for _ in 0..20_000 {
        assert!(matches!(lines.feed("some text"), Fed::Incomplete));
    }
    match lines.feed("end\"") {
        Fed::Complete(d) => {
            assert!(matches!(&d[0], Datum::Str(s) if s.len() == "start\nend".len() + 20_000 * 10))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(lines.feed("#| #|"), Fed::Incomplete));
    for _ in 0..20_000 {
        assert!(matches!(lines.feed("# | text |"), Fed::Incomplete));
    }
    assert!(matches!(lines.feed("|# |# 7"), Fed::Complete(d) if d.len() == 1));
}
