//! Hash functions for the hash tables: one per equivalence, each consistent with it (`eqv?`
//! keys hash by number value, `equal?` keys by structure). Objects other than numbers, strings
//! and structure hash by address: the collector never moves objects, so an address hash stays
//! right across collections (and the table, holding the key, keeps it alive).

use crate::heap::object::tag;
use crate::obj::{self, type_of};
use crate::value::Value;

/// How deep and how wide `equal_hash` looks into pairs and vectors: enough to spread real keys,
/// and bounded, so circular structure terminates and long lists cost O(1).
const DEPTH: u32 = 4;
const WIDTH: u32 = 16;

/// An FNV-1a step.
fn mix(h: u32, x: u32) -> u32 {
    let mut h = h;
    for b in x.to_le_bytes() {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    h
}

const SEED: u32 = 0x811c_9dc5;

/// FNV-1a of bytes.
pub fn bytes_hash(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(SEED, |h, &b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

/// Spreads an address or immediate (their low bits are mostly tag).
pub fn eq_hash(v: Value) -> u32 {
    let x = v.0.wrapping_mul(0x9E37_79B1);
    x ^ (x >> 15)
}

/// Whether `v` is a number kept on the heap (whose `eqv?` is by value).
fn boxed_number(v: Value) -> bool {
    matches!(type_of(v), tag::FLONUM | tag::BIGNUM | tag::RATNUM)
}

/// The hash of a heap number, by value (within its exactness, as `eqv?` compares).
fn number_hash(v: Value) -> u32 {
    match type_of(v) {
        tag::FLONUM => {
            let x = obj::flonum(v);
            // All NaNs are `eqv?` to each other.
            let bits = if x.is_nan() { u64::MAX } else { x.to_bits() };
            mix(mix(SEED ^ 1, bits as u32), (bits >> 32) as u32)
        }
        _ => match crate::numeric::to_number(v) {
            Some(n) => bytes_hash(n.to_string().as_bytes()),
            None => eq_hash(v),
        },
    }
}

/// A hash consistent with `eqv?`.
pub fn eqv_hash(v: Value) -> u32 {
    if boxed_number(v) {
        number_hash(v)
    } else {
        eq_hash(v)
    }
}

/// A hash consistent with `string=?` (of a string's characters).
pub fn string_hash(s: &str) -> u32 {
    bytes_hash(s.as_bytes())
}

/// A hash consistent with `string-ci=?`.
pub fn string_ci_hash(s: &str) -> u32 {
    string_hash(&crate::unicode::fold_case(s))
}

/// A hash consistent with `equal?`.
pub fn equal_hash(v: Value) -> u32 {
    equal_hash_at(v, DEPTH)
}

fn equal_hash_at(v: Value, depth: u32) -> u32 {
    match type_of(v) {
        tag::STRING => string_hash(obj::string(v).as_str()),
        tag::BYTEVECTOR => mix(bytes_hash(obj::bytes(v)), 7),
        tag::PAIR => {
            if depth == 0 {
                return 11;
            }
            let mut h = SEED ^ 13;
            let mut x = v;
            let mut n = 0;
            while obj::is_pair(x) && n < WIDTH {
                h = mix(h, equal_hash_at(obj::car(x), depth - 1));
                x = obj::cdr(x);
                n += 1;
            }
            if !obj::is_pair(x) {
                h = mix(h, equal_hash_at(x, depth - 1));
            }
            h
        }
        tag::VECTOR => {
            let len = obj::length(v);
            let mut h = mix(SEED ^ 17, len);
            if depth > 0 {
                for i in 0..len.min(WIDTH) {
                    h = mix(h, equal_hash_at(obj::elem(v, i), depth - 1));
                }
            }
            h
        }
        _ => eqv_hash(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hashes_follow_their_equivalences() {
        assert_eq!(string_hash("abc"), string_hash("abc"));
        assert_ne!(string_hash("abc"), string_hash("abd"));
        assert_eq!(string_ci_hash("Straße"), string_ci_hash("STRASSE"));
        assert_eq!(eq_hash(Value::fixnum(3)), eq_hash(Value::fixnum(3)));
        assert_ne!(eq_hash(Value::fixnum(3)), eq_hash(Value::fixnum(4)));
    }
}
