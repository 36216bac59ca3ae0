//! Heap object layout constants shared by the runtime (`kiln-interp`) and the code generator: JIT code
//! inlines type tests and field loads, so both must agree on every offset. The runtime re-exports
//! this module as `heap::object`; the table of layouts is documented there.

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

/// Header bit set on objects the current collection has reached.
pub const MARK_BIT: u32 = 1 << 8;
/// Byte offset of the first field after the header.
pub const FIELD0: u32 = 4;
/// Offset of `car`/`cdr` in a pair.
pub const CAR: u32 = 4;
pub const CDR: u32 = 8;
/// Offset of the `f64` in a flonum.
pub const FLONUM_VALUE: u32 = 8;
/// Offset of the length word in vectors, bytevectors, records and values.
pub const LENGTH: u32 = 4;
/// Offset of the first element of a vector / values object, of the first byte of a bytevector.
pub const ELEMENTS: u32 = 8;
/// Offset of the code slot of every procedure.
pub const CODE: u32 = 4;
/// Offset of the `*const Lambda` in a closure, and of its first free value.
pub const CLOSURE_LAMBDA: u32 = 8;
pub const CLOSURE_FREE: u32 = 12;
/// Offset of the value in a box or a global cell.
pub const BOX_VALUE: u32 = 4;
/// Offset of the record type and first field of a record.
pub const RECORD_TYPE: u32 = 8;
pub const RECORD_FIELDS: u32 = 12;

/// Value encodings the JIT tests inline (see `interp/src/value.rs`).
pub mod value {
    pub const FALSE: u32 = 0x0E;
    pub const TRUE: u32 = 0x1E;
    pub const NIL: u32 = 0x2E;
    pub const VOID: u32 = 0x3E;
    pub const UNASSIGNED: u32 = 0x6E;
}
