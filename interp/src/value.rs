//! `Value`: one 32-bit word, the unit every part of Kiln (interpreter, primitives, JIT code) shares.
//!
//! Encoding (low bits decide):
//! - `…xxx1` fixnum: a 31-bit signed integer `n`, stored as `n << 1 | 1`. JIT code adds two fixnums
//!   as `a + b - 1` and detects overflow with one check.
//! - `…x00` heap pointer: the linear-memory address of an object (8-byte aligned, never 0). JIT code
//!   loads fields with `i32.load offset=K` directly, no untagging.
//! - `…0110` character: `codepoint << 4 | 0b0110`.
//! - `…1110` special constants: `#f #t () unspecified eof default unassigned`.
//! - `0` is never a value: JIT code and the runtime use it as "not a value, look at the VM status"
//!   (an exception is unwinding, or a tail call is pending).

/// A Scheme value (see the module docs for the encoding).
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Value(pub u32);

/// The smallest fixnum.
pub const FIXNUM_MIN: i64 = -(1 << 30);
/// The largest fixnum.
pub const FIXNUM_MAX: i64 = (1 << 30) - 1;

impl Value {
    pub const FALSE: Value = Value(0x0E);
    pub const TRUE: Value = Value(0x1E);
    pub const NIL: Value = Value(0x2E);
    /// The unspecified value (what `set!`, `display`, one-armed `if` return).
    pub const VOID: Value = Value(0x3E);
    pub const EOF: Value = Value(0x4E);
    /// The default object: marks an optional argument that was not given.
    pub const DEFAULT: Value = Value(0x5E);
    /// Contents of an unbound global or a `letrec` variable not yet initialised.
    pub const UNASSIGNED: Value = Value(0x6E);
    /// Not a value: "look at the VM status" (see module docs).
    pub const SPECIAL: Value = Value(0);
    /// Interpreter-internal: "the frame has set up a tail call" (see `eval::exec`). Never escapes
    /// to Scheme code; address 4 is never an object.
    pub const TAIL: Value = Value(4);
    /// Interpreter-internal: "the primitive staged a call and made its frame a continuation
    /// frame" (see `vm::kont`). Never escapes to Scheme code; address 12 is never an object.
    pub const KCALL: Value = Value(12);

    /// A fixnum; the caller guarantees `FIXNUM_MIN <= n <= FIXNUM_MAX`.
    #[inline]
    pub fn fixnum(n: i32) -> Value {
        debug_assert!((FIXNUM_MIN..=FIXNUM_MAX).contains(&(n as i64)));
        Value(((n as u32) << 1) | 1)
    }
    /// A fixnum if `n` fits.
    #[inline]
    pub fn try_fixnum(n: i64) -> Option<Value> {
        if (FIXNUM_MIN..=FIXNUM_MAX).contains(&n) {
            Some(Value::fixnum(n as i32))
        } else {
            None
        }
    }
    #[inline]
    pub fn is_fixnum(self) -> bool {
        self.0 & 1 == 1
    }
    /// The integer of a fixnum (garbage for other values).
    #[inline]
    pub fn fixnum_value(self) -> i32 {
        (self.0 as i32) >> 1
    }
    #[inline]
    pub fn is_ptr(self) -> bool {
        self.0 & 3 == 0 && self.0 != 0
    }
    #[inline]
    pub fn char(c: char) -> Value {
        Value(((c as u32) << 4) | 0b0110)
    }
    #[inline]
    pub fn is_char(self) -> bool {
        self.0 & 0xF == 0b0110
    }
    /// The character of a char value (garbage for other values).
    #[inline]
    pub fn char_value(self) -> char {
        char::from_u32(self.0 >> 4).unwrap_or('\u{FFFD}')
    }
    #[inline]
    pub fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }
    /// Scheme truth: everything but `#f`.
    #[inline]
    pub fn is_true(self) -> bool {
        self != Value::FALSE
    }
    #[inline]
    pub fn is_null(self) -> bool {
        self == Value::NIL
    }
    #[inline]
    pub fn is_bool(self) -> bool {
        self == Value::TRUE || self == Value::FALSE
    }
}
