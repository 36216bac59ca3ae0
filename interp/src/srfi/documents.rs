//! The export list of each built-in SRFI against its document: `tests/srfi/exports.scm` holds,
//! for every SRFI, the names its document's index defines (and checks at run time that each
//! is bound); this test reads that table and checks that each library exports exactly those
//! names — none missing, none the document does not define.

use crate::syntax::datum::Datum;
use crate::syntax::reader::read_all;
use std::collections::BTreeSet;

const TABLE: &str = include_str!("../../../tests/srfi/exports.scm");

/// The `(check '(srfi N) '(name …) '((keyword example) …))` forms of the table: library name
/// and the names (procedures, constants, syntax keywords) its document defines.
fn documented() -> Vec<(Datum, BTreeSet<String>)> {
    let unquote = |d: &Datum| match d {
        Datum::List(items, _) if items.len() == 2 && items[0].to_string() == "quote" => {
            items[1].clone()
        }
        other => panic!("expected a quoted datum in the table, got {other}"),
    };
    let list = |d: Datum| match d {
        Datum::List(items, _) => items,
        other => panic!("expected a list in the table, got {other}"),
    };
    let mut out = Vec::new();
    for form in read_all(TABLE, 0).expect("the table reads") {
        let Datum::List(items, _) = form else {
            continue;
        };
        if items.first().map(|h| h.to_string()).as_deref() != Some("check") {
            continue;
        }
        let library = unquote(&items[1]);
        let mut names: BTreeSet<String> = list(unquote(&items[2]))
            .iter()
            .map(|n| n.to_string())
            .collect();
        for use_ in list(unquote(&items[3])) {
            names.insert(list(use_)[0].to_string());
        }
        out.push((library, names));
    }
    out
}

#[test]
fn every_srfi_exports_exactly_what_its_document_defines() {
    let table = documented();
    let listed: BTreeSet<String> = table.iter().map(|(l, _)| l.to_string()).collect();
    let built_in: BTreeSet<String> = super::numbers().map(|n| format!("(srfi {n})")).collect();
    assert_eq!(listed, built_in, "the table covers every built-in SRFI");
    let vm = crate::vm::vm();
    for (library, names) in &table {
        let exports: BTreeSet<String> = vm
            .expander
            .exports_of(library)
            .unwrap_or_else(|e| panic!("{library} loads: {e}"))
            .into_iter()
            .collect();
        let missing: Vec<_> = names.difference(&exports).collect();
        let extra: Vec<_> = exports.difference(names).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{library}: not exported {missing:?}; exported but not in its document {extra:?}"
        );
    }
}
