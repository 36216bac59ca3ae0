//! Heap object layouts: the one home of every type tag, byte offset and object size. JIT code
//! inlines type tests and field loads, and the runtime (`kiln-interp`, which re-exports this module
//! as `heap::object`) builds, reads and traces the same objects, so both sides take every offset
//! from here and write no number of their own.
//!
//! Every object starts with a 32-bit header ([`header`]): bits 0–7 the type tag ([`tag`]), bit 8
//! the GC mark. Offsets are byte offsets from the object's address; every field is a 32-bit word
//! (a `Value`, a table index, a count or a pointer) except a flonum's `f64`. `SIZE` is the size of a
//! fixed-size object; a variable-size type has `size(n)` instead. The heap rounds every size up to
//! 8 bytes (objects are 8-byte aligned).
//!
//! | type         | layout                                                        |
//! |--------------|---------------------------------------------------------------|
//! | pair         | header, car, cdr                                              |
//! | flonum       | header, pad, f64                                              |
//! | bignum       | header, `*mut BigInt` (Rust-owned, freed by the sweep)        |
//! | ratnum       | header, `*mut BigRational`                                    |
//! | string       | header, `*mut SString`                                        |
//! | symbol       | header, `*const u8` text, byte length (interned, never freed) |
//! | vector       | header, length, elements…                                     |
//! | bytevector   | header, length, bytes…                                        |
//! | box          | header, value (a captured variable that is `set!`)            |
//! | cell         | header, value, name symbol (a global variable)                |
//! | record       | header, length, record type, fields…                          |
//! | record type  | header, name symbol, field-name list, uid fixnum              |
//! | values       | header, length, values… (multiple return values)              |
//! | promise      | header, state pair (kind . value-or-thunk), shared by chained promises |
//! | error        | header, kind symbol, message, irritants list                  |
//! | port         | header, `*mut Port`                                           |
//! | environment  | header, the environment's number (a fixnum), for `eval`      |
//! | procedures   | header, **code**, …: `code` is a table index (see `vm::call`) |
//! | closure      | header, code, `*const Lambda`, free values…                   |
//! | primitive    | header, code, primitive index, data (e.g. a record accessor's type) |
//! | continuation | header, code, id fixnum, live? boolean                        |
//! | parameter    | header, code, value, converter (`#f` for none)                |
//! | case-lambda  | header, code, clause count, closures…                         |

/// Type tags (header bits 0–7). Procedures are `0x20..=0x2F` so one mask test recognises them.
pub mod tag {
    pub const PAIR: u32 = 0x01;
    pub const FLONUM: u32 = 0x02;
    pub const BIGNUM: u32 = 0x03;
    pub const RATNUM: u32 = 0x04;
    pub const STRING: u32 = 0x05;
    pub const SYMBOL: u32 = 0x06;
    pub const VECTOR: u32 = 0x07;
    pub const BYTEVECTOR: u32 = 0x08;
    pub const BOX: u32 = 0x09;
    pub const CELL: u32 = 0x0A;
    pub const RECORD: u32 = 0x0B;
    pub const VALUES: u32 = 0x0C;
    pub const PROMISE: u32 = 0x0D;
    pub const ERROR: u32 = 0x0E;
    pub const PORT: u32 = 0x0F;
    pub const ENVIRONMENT: u32 = 0x10;
    pub const RECORD_TYPE: u32 = 0x11;
    /// First procedure tag; `tag & PROC_MASK == PROC_BITS` for every procedure.
    pub const CLOSURE: u32 = 0x20;
    pub const PRIMITIVE: u32 = 0x21;
    pub const CONTINUATION: u32 = 0x22;
    pub const PARAMETER: u32 = 0x23;
    pub const CASE_LAMBDA: u32 = 0x24;
    pub const PROC_MASK: u32 = 0xF0;
    pub const PROC_BITS: u32 = 0x20;
}

/// The header word every object starts with.
pub mod header {
    /// Offset of the header: the object's address itself.
    pub const OFFSET: u32 = 0;
    /// The header bits that hold the type tag.
    pub const TAG_MASK: u32 = 0xFF;
    /// Set on objects the current collection has reached.
    pub const MARK_BIT: u32 = 1 << 8;
    /// Bytes of header: the first field is at this offset.
    pub const SIZE: u32 = 4;
}

/// The bytes of one field or element word.
pub const WORD: u32 = 4;

/// `(car . cdr)`.
pub mod pair {
    pub const CAR: u32 = 4;
    pub const CDR: u32 = 8;
    pub const SIZE: u32 = 12;
}

/// A boxed `f64` (8-byte aligned, hence the pad word after the header).
pub mod flonum {
    /// Offset of the `f64`.
    pub const VALUE: u32 = 8;
    pub const SIZE: u32 = 16;
}

/// An integer outside the fixnum range: a Rust-owned `BigInt`.
pub mod bignum {
    /// Offset of the `*mut BigInt` (see `heap::payload`).
    pub const PAYLOAD: u32 = 4;
    pub const SIZE: u32 = 8;
}

/// An exact non-integer: a Rust-owned `BigRational`.
pub mod ratnum {
    /// Offset of the `*mut BigRational`.
    pub const PAYLOAD: u32 = 4;
    pub const SIZE: u32 = 8;
}

/// A mutable string: a Rust-owned `SString`.
pub mod string {
    /// Offset of the `*mut SString`.
    pub const PAYLOAD: u32 = 4;
    pub const SIZE: u32 = 8;
}

/// The payload of a string object (`*mut SString` at [`string::PAYLOAD`]), `#[repr(C)]` in
/// `interp/src/strings/sstring.rs`: compiled code may inline `string-length` (the `CHARS` word,
/// to be tagged as a fixnum) and, while `CHARS == BYTES` (the text is ASCII), `string-ref` as the
/// byte at `DATA + k` for `k < CHARS`, and `string-set!` of an ASCII character as a byte store.
/// Anything else (non-ASCII text or character) goes through the primitive.
pub mod sstring {
    /// Offset of the pointer to the UTF-8 bytes.
    pub const DATA: u32 = 0;
    /// Offset of the length in bytes.
    pub const BYTES: u32 = 4;
    /// Offset of the length in characters.
    pub const CHARS: u32 = 8;
}

/// An input or output port: a Rust-owned `Port`.
pub mod port {
    /// Offset of the `*mut Port`.
    pub const PAYLOAD: u32 = 4;
    pub const SIZE: u32 = 8;
}

/// An interned symbol (allocated outside the collected heap, never freed).
pub mod symbol {
    /// Offset of the pointer to the UTF-8 text (a leaked `str`).
    pub const TEXT: u32 = 4;
    /// Offset of the text's length in bytes.
    pub const LEN: u32 = 8;
    pub const SIZE: u32 = 12;
}

/// A vector: a length word, then that many values.
pub mod vector {
    pub const LENGTH: u32 = 4;
    /// Offset of the first element.
    pub const ELEMENTS: u32 = 8;
    /// Offset of element `i`.
    pub const fn element(i: u32) -> u32 {
        ELEMENTS + super::WORD * i
    }
    /// Size of a vector of `n` elements.
    pub const fn size(n: u32) -> u32 {
        element(n)
    }
}

/// Multiple return values (only for a count other than one): laid out as a vector.
pub mod values {
    pub const LENGTH: u32 = 4;
    /// Offset of the first value.
    pub const ELEMENTS: u32 = 8;
    /// Offset of value `i`.
    pub const fn element(i: u32) -> u32 {
        ELEMENTS + super::WORD * i
    }
    /// Size of an object of `n` values.
    pub const fn size(n: u32) -> u32 {
        element(n)
    }
}

/// A bytevector: a length word, then that many bytes.
pub mod bytevector {
    pub const LENGTH: u32 = 4;
    /// Offset of the first byte.
    pub const ELEMENTS: u32 = 8;
    /// Size of a bytevector of `n` bytes.
    pub const fn size(n: u32) -> u32 {
        ELEMENTS + n
    }
}

/// A box: a captured variable that is `set!`.
pub mod boxed {
    pub const VALUE: u32 = 4;
    pub const SIZE: u32 = 8;
}

/// A global variable.
pub mod cell {
    /// Offset of the value (`UNASSIGNED` while unbound).
    pub const VALUE: u32 = 4;
    /// Offset of the name symbol.
    pub const NAME: u32 = 8;
    pub const SIZE: u32 = 12;
}

/// A record: its field count, its record type, then the fields.
pub mod record {
    /// Offset of the number of fields.
    pub const LENGTH: u32 = 4;
    /// Offset of the record type object.
    pub const TYPE: u32 = 8;
    /// Offset of the first field.
    pub const FIELDS: u32 = 12;
    /// Offset of field `i`.
    pub const fn field(i: u32) -> u32 {
        FIELDS + super::WORD * i
    }
    /// Size of a record of `n` fields.
    pub const fn size(n: u32) -> u32 {
        field(n)
    }
}

/// A record type (`define-record-type`).
pub mod record_type {
    /// Offset of the type's name symbol.
    pub const NAME: u32 = 4;
    /// Offset of the list of field-name symbols.
    pub const FIELDS: u32 = 8;
    /// Offset of the fixnum that tells record types apart.
    pub const UID: u32 = 12;
    pub const SIZE: u32 = 16;
}

/// A promise.
pub mod promise {
    /// Offset of the state pair `(kind . value-or-thunk)`, shared by chained promises.
    pub const STATE: u32 = 4;
    pub const SIZE: u32 = 8;
}

/// An error object (a condition raised by `error` or by the runtime).
pub mod error {
    /// Offset of the kind symbol (`error`, `read-error`, `file-error`, …).
    pub const KIND: u32 = 4;
    /// Offset of the message (a string, or whatever `error` was given).
    pub const MESSAGE: u32 = 8;
    /// Offset of the list of irritants.
    pub const IRRITANTS: u32 = 12;
    pub const SIZE: u32 = 16;
}

/// An environment specifier of `eval`: which top-level environment of the expander.
pub mod environment {
    /// Offset of the environment's number (a fixnum: `interp`'s `Expander::expand_in`).
    pub const NUMBER: u32 = 4;
    pub const SIZE: u32 = 8;
}

/// What every procedure has (the calling convention: see ARCHITECTURE.md).
pub mod procedure {
    /// Offset of the code slot: the table index of the procedure's entry.
    pub const CODE: u32 = 4;
}

/// A closure: code, its lambda, then its free values.
pub mod closure {
    pub const CODE: u32 = super::procedure::CODE;
    /// Offset of the `*const Lambda`.
    pub const LAMBDA: u32 = 8;
    /// Offset of the first free value.
    pub const FREE: u32 = 12;
    /// Offset of free value `i`.
    pub const fn free(i: u32) -> u32 {
        FREE + super::WORD * i
    }
    /// Size of a closure with `n` free values.
    pub const fn size(n: u32) -> u32 {
        free(n)
    }
}

/// A primitive procedure object: one Rust primitive plus its data.
pub mod primitive {
    pub const CODE: u32 = super::procedure::CODE;
    /// Offset of the index in the VM's primitive table (a raw `u32`).
    pub const INDEX: u32 = 8;
    /// Offset of the data value (`#f`, or e.g. a record accessor's record type and field).
    pub const DATA: u32 = 12;
    pub const SIZE: u32 = 16;
}

/// An escaping continuation.
pub mod continuation {
    pub const CODE: u32 = super::procedure::CODE;
    /// Offset of the fixnum id its `call/cc` catches.
    pub const ID: u32 = 8;
    /// Offset of `#t` while its `call/cc` runs, `#f` after.
    pub const LIVE: u32 = 12;
    pub const SIZE: u32 = 16;
}

/// A parameter object.
pub mod parameter {
    pub const CODE: u32 = super::procedure::CODE;
    /// Offset of the current value.
    pub const VALUE: u32 = 8;
    /// Offset of the converter procedure (`#f` for none).
    pub const CONVERTER: u32 = 12;
    pub const SIZE: u32 = 16;
}

/// A `case-lambda` procedure: a clause count, then that many closures.
pub mod case_lambda {
    pub const CODE: u32 = super::procedure::CODE;
    /// Offset of the number of clauses (a raw `u32`).
    pub const COUNT: u32 = 8;
    /// Offset of the first clause.
    pub const CLAUSES: u32 = 12;
    /// Offset of clause `i`.
    pub const fn clause(i: u32) -> u32 {
        CLAUSES + super::WORD * i
    }
    /// Size of a case-lambda of `n` clauses.
    pub const fn size(n: u32) -> u32 {
        clause(n)
    }
}

/// The allocation region: the bump pointer and limit of the heap's current free region, at a
/// fixed address in linear memory (`heap::region` gives it; see ARCHITECTURE.md, "Inline
/// allocation"). An inline allocation of `size` bytes (a multiple of [`alloc::ALIGN`], at most
/// [`alloc::INLINE_MAX`]) reads `cursor`; if `limit - cursor >= size` it stores `cursor + size`
/// back, writes the header at `cursor` and owns the zeroed bytes; otherwise it calls the
/// runtime's refill (`kiln_rt_alloc`).
pub mod alloc {
    /// Offset of the bump pointer (the next free byte) in the region.
    pub const CURSOR: u32 = 0;
    /// Offset of the end of the free region.
    pub const LIMIT: u32 = 4;
    /// Every object size is rounded up to this (and every object is aligned to it).
    pub const ALIGN: u32 = 8;
    /// The largest object compiled code may allocate inline; bigger ones go through the runtime.
    pub const INLINE_MAX: u32 = 256;
    /// The size in bytes of an object of `size` bytes once rounded up to [`ALIGN`].
    pub const fn rounded(size: u32) -> u32 {
        (size + ALIGN - 1) & !(ALIGN - 1)
    }
}

/// Value encodings the JIT tests inline (see `interp/src/value.rs`).
pub mod value {
    pub const FALSE: u32 = 0x0E;
    pub const TRUE: u32 = 0x1E;
    pub const NIL: u32 = 0x2E;
    pub const VOID: u32 = 0x3E;
    pub const EOF: u32 = 0x4E;
    pub const UNASSIGNED: u32 = 0x6E;
    /// A fixnum is `n << FIXNUM_SHIFT | 1` (so its low bit is set).
    pub const FIXNUM_SHIFT: u32 = 1;
    /// A character is `codepoint << CHAR_SHIFT | CHAR_TAG`; `v & CHAR_MASK == CHAR_TAG` tests one.
    pub const CHAR_SHIFT: u32 = 4;
    pub const CHAR_TAG: u32 = 0b0110;
    pub const CHAR_MASK: u32 = 0xF;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout of one type as the tests see it.
    struct Shape {
        name: &'static str,
        /// Fields as (offset, bytes).
        fields: Vec<(u32, u32)>,
        /// The fixed size, or where the items of a variable-size type start.
        end: u32,
    }

    fn shape(name: &'static str, words: &[u32], end: u32) -> Shape {
        let fields = words.iter().map(|&o| (o, WORD)).collect();
        Shape { name, fields, end }
    }

    fn fixed() -> Vec<Shape> {
        vec![
            shape("pair", &[pair::CAR, pair::CDR], pair::SIZE),
            Shape {
                name: "flonum",
                fields: vec![(flonum::VALUE, 8)],
                end: flonum::SIZE,
            },
            shape("bignum", &[bignum::PAYLOAD], bignum::SIZE),
            shape("ratnum", &[ratnum::PAYLOAD], ratnum::SIZE),
            shape("string", &[string::PAYLOAD], string::SIZE),
            shape("port", &[port::PAYLOAD], port::SIZE),
            shape("symbol", &[symbol::TEXT, symbol::LEN], symbol::SIZE),
            shape("box", &[boxed::VALUE], boxed::SIZE),
            shape("cell", &[cell::VALUE, cell::NAME], cell::SIZE),
            shape(
                "record type",
                &[record_type::NAME, record_type::FIELDS, record_type::UID],
                record_type::SIZE,
            ),
            shape("promise", &[promise::STATE], promise::SIZE),
            shape(
                "error",
                &[error::KIND, error::MESSAGE, error::IRRITANTS],
                error::SIZE,
            ),
            shape("environment", &[environment::NUMBER], environment::SIZE),
            shape(
                "primitive",
                &[primitive::CODE, primitive::INDEX, primitive::DATA],
                primitive::SIZE,
            ),
            shape(
                "continuation",
                &[continuation::CODE, continuation::ID, continuation::LIVE],
                continuation::SIZE,
            ),
            shape(
                "parameter",
                &[parameter::CODE, parameter::VALUE, parameter::CONVERTER],
                parameter::SIZE,
            ),
        ]
    }

    /// The fixed fields of the variable-size types, up to where their items start.
    fn variable() -> Vec<Shape> {
        vec![
            shape("vector", &[vector::LENGTH], vector::ELEMENTS),
            shape("values", &[values::LENGTH], values::ELEMENTS),
            shape("bytevector", &[bytevector::LENGTH], bytevector::ELEMENTS),
            shape("record", &[record::LENGTH, record::TYPE], record::FIELDS),
            shape("closure", &[closure::CODE, closure::LAMBDA], closure::FREE),
            shape(
                "case-lambda",
                &[case_lambda::CODE, case_lambda::COUNT],
                case_lambda::CLAUSES,
            ),
        ]
    }

    /// Fields after the header, before `end`, aligned to their own size, not overlapping.
    fn check(s: &Shape) {
        let (name, end) = (s.name, s.end);
        let mut used = vec![false; end as usize];
        for &(off, bytes) in &s.fields {
            assert!(
                off >= header::SIZE,
                "{name}: field at {off} overlaps the header"
            );
            assert!(
                off + bytes <= end,
                "{name}: field at {off} ({bytes} bytes) lies outside its {end} bytes"
            );
            assert_eq!(off % bytes, 0, "{name}: field at {off} is misaligned");
            for b in off..off + bytes {
                assert!(!used[b as usize], "{name}: field at {off} overlaps another");
                used[b as usize] = true;
            }
        }
    }

    #[test]
    fn fixed_size_fields_lie_inside_their_size() {
        for s in fixed() {
            check(&s);
        }
    }

    #[test]
    fn variable_size_items_follow_their_fixed_fields() {
        for s in variable() {
            check(&s);
            assert_eq!(s.end % WORD, 0, "{}: items are misaligned", s.name);
        }
        // An empty object ends where its items start; each item is one word (a byte for
        // bytevectors).
        assert_eq!((vector::size(0), vector::size(3)), (8, 20));
        assert_eq!(vector::element(2), vector::ELEMENTS + 8);
        assert_eq!((values::size(0), values::element(1)), (8, 12));
        assert_eq!((bytevector::size(0), bytevector::size(5)), (8, 13));
        assert_eq!((record::size(0), record::field(1)), (12, 16));
        assert_eq!((closure::size(0), closure::free(2)), (12, 20));
        assert_eq!((case_lambda::size(0), case_lambda::clause(1)), (12, 16));
    }

    #[test]
    fn tags_fit_below_the_mark_bit() {
        for t in [tag::RECORD_TYPE, tag::CASE_LAMBDA, tag::PROC_MASK] {
            assert_eq!(t & !header::TAG_MASK, 0, "tag {t:#x} outside the tag bits");
        }
        assert_eq!(header::TAG_MASK & header::MARK_BIT, 0);
        for t in [
            tag::CLOSURE,
            tag::PRIMITIVE,
            tag::CONTINUATION,
            tag::PARAMETER,
            tag::CASE_LAMBDA,
        ] {
            assert_eq!(t & tag::PROC_MASK, tag::PROC_BITS, "procedure tag {t:#x}");
        }
    }
}
