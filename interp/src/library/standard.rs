//! The export lists of the libraries built into the runtime: R7RS small's `(scheme …)` libraries
//! exactly as its appendix A lists them, and Kiln's `(kiln http)`. Every name they export is a
//! builtin global or the standard syntax, so importing one binds those names and nothing else
//! (`expand::import`). The SRFIs carry their export lists in their own `define-library` sources
//! (`crate::srfi`).
//!
//! The tests at the end check each list against what the runtime defines.

/// `(scheme base)`.
const BASE: &str = "
    * + - ... / < <= = => > >= _ abs and append apply assoc assq assv begin binary-port?
    boolean=? boolean? bytevector bytevector-append bytevector-copy bytevector-copy!
    bytevector-length bytevector-u8-ref bytevector-u8-set! bytevector? caar cadr
    call-with-current-continuation call-with-port call-with-values call/cc car case cdar
    cddr cdr ceiling char->integer char-ready? char<=? char<? char=? char>=? char>? char?
    close-input-port close-output-port close-port complex? cond cond-expand cons
    current-error-port current-input-port current-output-port define define-record-type
    define-syntax define-values denominator do dynamic-wind else eof-object eof-object? eq?
    equal? eqv? error error-object-irritants error-object-message error-object? even? exact
    exact-integer-sqrt exact-integer? exact? expt features file-error? floor floor-quotient
    floor-remainder floor/ flush-output-port for-each gcd get-output-bytevector
    get-output-string guard if include include-ci inexact inexact? input-port-open?
    input-port? integer->char integer? lambda lcm length let let* let*-values let-syntax
    let-values letrec letrec* letrec-syntax list list->string list->vector list-copy
    list-ref list-set! list-tail list? make-bytevector make-list make-parameter make-string
    make-vector map max member memq memv min modulo negative? newline not null?
    number->string number? numerator odd? open-input-bytevector open-input-string
    open-output-bytevector open-output-string or output-port-open? output-port? pair?
    parameterize peek-char peek-u8 port? positive? procedure? quasiquote quote quotient raise
    raise-continuable rational? rationalize read-bytevector read-bytevector! read-char
    read-error? read-line read-string read-u8 real? remainder reverse round set! set-car!
    set-cdr! square string string->list string->number string->symbol string->utf8
    string->vector string-append string-copy string-copy! string-fill! string-for-each
    string-length string-map string-ref string-set! string<=? string<? string=? string>=?
    string>? string? substring symbol->string symbol=? symbol? syntax-error syntax-rules
    textual-port? truncate truncate-quotient truncate-remainder truncate/ u8-ready? unless
    unquote unquote-splicing utf8->string values vector vector->list vector->string
    vector-append vector-copy vector-copy! vector-fill! vector-for-each vector-length
    vector-map vector-ref vector-set! vector? when with-exception-handler write-bytevector
    write-char write-string write-u8 zero?
";

/// `(scheme char)`.
const CHAR: &str = "
    char-alphabetic? char-ci<=? char-ci<? char-ci=? char-ci>=? char-ci>? char-downcase
    char-foldcase char-lower-case? char-numeric? char-upcase char-upper-case?
    char-whitespace? digit-value string-ci<=? string-ci<? string-ci=? string-ci>=?
    string-ci>? string-downcase string-foldcase string-upcase
";

/// `(scheme cxr)`.
const CXR: &str = "
    caaar caadr cadar caddr cdaar cdadr cddar cdddr caaaar caaadr caadar caaddr cadaar
    cadadr caddar cadddr cdaaar cdaadr cdadar cdaddr cddaar cddadr cdddar cddddr
";

/// `(scheme file)`.
const FILE: &str = "
    call-with-input-file call-with-output-file delete-file file-exists?
    open-binary-input-file open-binary-output-file open-input-file open-output-file
    with-input-from-file with-output-to-file
";

/// `(scheme inexact)`.
const INEXACT: &str = "
    acos asin atan cos exp finite? infinite? log nan? sin sqrt tan
";

/// `(scheme lazy)`.
const LAZY: &str = "
    delay delay-force force make-promise promise?
";

/// `(scheme process-context)`.
const PROCESS_CONTEXT: &str = "
    command-line emergency-exit exit get-environment-variable get-environment-variables
";

/// `(scheme time)`.
const TIME: &str = "
    current-jiffy current-second jiffies-per-second
";

/// `(scheme write)`.
const WRITE: &str = "
    display write write-shared write-simple
";

/// `(scheme complex)`.
const COMPLEX: &str = "
    angle imag-part magnitude make-polar make-rectangular real-part
";

/// `(scheme r5rs)`: R5RS's names (with `exact->inexact` and `inexact->exact`, and without
/// `transcript-on`/`transcript-off`).
const R5RS: &str = "
    * + - ... / < <= = => > >= _ abs acos and angle append apply asin assoc assq assv atan
    begin boolean? caaaar caaadr caaar caadar caaddr caadr caar cadaar cadadr cadar caddar
    cadddr caddr cadr call-with-current-continuation call-with-input-file
    call-with-output-file call-with-values car case cdaaar cdaadr cdaar cdadar cdaddr cdadr
    cdar cddaar cddadr cddar cdddar cddddr cdddr cddr cdr ceiling char->integer
    char-alphabetic? char-ci<=? char-ci<? char-ci=? char-ci>=? char-ci>? char-downcase
    char-lower-case? char-numeric? char-ready? char-upcase char-upper-case? char-whitespace?
    char<=? char<? char=? char>=? char>? char? close-input-port close-output-port complex?
    cond cons cos current-input-port current-output-port define define-syntax delay
    denominator display do dynamic-wind else eof-object? eq? equal? eqv? eval even?
    exact->inexact exact? exp expt floor for-each force gcd if imag-part inexact->exact
    inexact? input-port? integer->char integer? interaction-environment lambda lcm length
    let let* let-syntax letrec letrec-syntax list list->string list->vector list-ref
    list-tail list? load log magnitude make-polar make-rectangular make-string make-vector
    map max member memq memv min modulo negative? newline not null-environment null?
    number->string number? numerator odd? open-input-file open-output-file or output-port?
    pair? peek-char positive? procedure? quasiquote quote quotient rational? rationalize
    read read-char real-part real? remainder reverse round scheme-report-environment set!
    set-car! set-cdr! sin sqrt string string->list string->number string->symbol
    string-append string-ci<=? string-ci<? string-ci=? string-ci>=? string-ci>? string-copy
    string-fill! string-length string-ref string-set! string<=? string<? string=? string>=?
    string>? string? substring symbol->string symbol? syntax-rules tan truncate values vector
    vector->list vector-fill! vector-length vector-ref vector-set! vector?
    with-input-from-file with-output-to-file write write-char zero?
";

/// `(kiln http)`: requests and responses of HTTP handlers (`crate::http`).
const KILN_HTTP: &str = "
    make-request request? request-method request-path request-headers request-header
    request-body request-body-string make-response response? response-status
    response-headers response-body
";

/// Every library built into the runtime, by canonical name (`crate::expand`'s `key`), with its
/// export list (names separated by white space, as R7RS prints them).
pub const LIBRARIES: &[(&str, &str)] = &[
    ("(scheme base)", BASE),
    ("(scheme case-lambda)", "case-lambda"),
    ("(scheme char)", CHAR),
    ("(scheme complex)", COMPLEX),
    ("(scheme cxr)", CXR),
    ("(scheme eval)", "environment eval"),
    ("(scheme file)", FILE),
    ("(scheme inexact)", INEXACT),
    ("(scheme lazy)", LAZY),
    ("(scheme load)", "load"),
    ("(scheme process-context)", PROCESS_CONTEXT),
    ("(scheme read)", "read"),
    ("(scheme repl)", "interaction-environment"),
    ("(scheme time)", TIME),
    ("(scheme write)", WRITE),
    ("(scheme r5rs)", R5RS),
    ("(kiln http)", KILN_HTTP),
];

/// The names built-in library `key` (`(scheme char)`) exports, or `None` if it is not one.
pub fn exports(key: &str) -> Option<impl Iterator<Item = &'static str>> {
    let (_, list) = LIBRARIES.iter().find(|(k, _)| *k == key)?;
    Some(list.split_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r7rs_lists_are_complete() {
        let count = |key| exports(key).map_or(0, |names| names.count());
        // The sizes of the lists as transcribed from appendix A (against an accidental edit).
        assert_eq!(count("(scheme base)"), 238);
        assert_eq!(count("(scheme char)"), 22);
        assert_eq!(count("(scheme cxr)"), 24);
        assert_eq!(count("(scheme r5rs)"), 222);
        assert_eq!(count("(scheme nope)"), 0);
        // R5RS's names are R7RS's (but for two spellings and R5RS's environments).
        let r5rs_only = [
            "exact->inexact",
            "inexact->exact",
            "null-environment",
            "scheme-report-environment",
        ];
        for name in exports("(scheme r5rs)").unwrap() {
            let elsewhere = LIBRARIES
                .iter()
                .filter(|(k, _)| *k != "(scheme r5rs)")
                .any(|(_, l)| l.split_whitespace().any(|x| x == name));
            assert!(elsewhere || r5rs_only.contains(&name), "{name}");
        }
        // No list names a name twice.
        for (lib, list) in LIBRARIES {
            let mut names: Vec<&str> = list.split_whitespace().collect();
            names.sort();
            let n = names.len();
            names.dedup();
            assert_eq!(names.len(), n, "{lib} repeats a name");
        }
    }
}

/// What the lists name against what the runtime defines (a VM: inside Wasm only).
#[cfg(all(test, target_arch = "wasm32"))]
mod bound_tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn every_exported_name_is_bound() {
        let vm = crate::print::testkit::vm();
        for (lib, list) in LIBRARIES {
            for name in list.split_whitespace() {
                assert!(
                    vm.expander.is_standard_name(name),
                    "{lib} exports `{name}`, which is neither syntax nor a builtin"
                );
            }
        }
    }

    /// Builtins no standard library exports: only a script (a program without `import`) sees
    /// them.
    const SCRIPT_ONLY: &[&str] = &["exact-rational?"];

    #[test]
    fn every_builtin_is_exported() {
        let vm = crate::print::testkit::vm();
        let mut missing: Vec<String> = vm
            .globals
            .iter()
            .filter(|(_, &cell)| crate::obj::cell_value(cell) != Value::UNASSIGNED)
            .map(|(name, _)| name.to_string())
            // The VM is shared by the unit tests: only the runtime's own globals, not what
            // other tests defined in it.
            .filter(|n| vm.expander.is_builtin(n))
            .filter(|n| !n.starts_with('%') && !SCRIPT_ONLY.contains(&n.as_str()))
            .filter(|n| {
                !LIBRARIES
                    .iter()
                    .any(|(_, l)| l.split_whitespace().any(|x| x == n))
            })
            .collect();
        missing.sort();
        assert_eq!(missing, Vec::<String>::new(), "builtins no library exports");
    }
}
