//! Digit strings to big integers in sub-quadratic time (divide and conquer).
//!
//! num-bigint parses power-of-two radixes in linear time, but other radixes in quadratic time (it
//! multiplies by one limb-sized power at a time: over 40 s for 10^6 decimal digits on wasm32).
//! Here the digits split at powers `P_k = radix^(W·2^k)` (`W` digits fill a `u64`), computed
//! once per conversion by squaring: `value(hi ++ lo) = value(hi) · P_k + value(lo)`, with `lo`
//! the last `W·2^k` digits, so the work is a few multiplications per level: O(M(n) log n).
//!
//! Printing needs nothing of ours: num-bigint's `to_str_radix` already splits at squared powers
//! of the radix and divides with Burnikel–Ziegler, so it is sub-quadratic too.

use num_bigint::BigUint;

/// Digit strings at most this long are parsed by num-bigint directly.
const PARSE_DIGITS: usize = 2_000;

/// `W`, the digits of the smallest power: the largest `w` with `radix^w < 2^64`.
fn chunk_digits(radix: u32) -> usize {
    let (mut w, mut p) = (0, 1u64);
    while let Some(next) = p.checked_mul(radix as u64) {
        p = next;
        w += 1;
    }
    w
}

/// The unsigned value of `digits` (ASCII digits valid in `radix`, checked by the caller).
/// `None` only if a digit is not valid after all.
pub fn parse_biguint(digits: &[u8], radix: u32) -> Option<BigUint> {
    if radix.is_power_of_two() || digits.len() <= PARSE_DIGITS {
        return BigUint::parse_bytes(digits, radix);
    }
    let w = chunk_digits(radix);
    // powers[k] = radix^(w · 2^k), as many as the longest split needs.
    let mut powers = vec![BigUint::from(radix).pow(w as u32)];
    while w << powers.len() < digits.len() {
        let last = powers.last().expect("one power");
        powers.push(last * last);
    }
    parse_split(digits, radix, w, &powers)
}

/// `parse_biguint` of a piece, split at the largest power that leaves a non-empty high part.
fn parse_split(digits: &[u8], radix: u32, w: usize, powers: &[BigUint]) -> Option<BigUint> {
    if digits.len() <= PARSE_DIGITS {
        return BigUint::parse_bytes(digits, radix);
    }
    let k = (0..powers.len())
        .rev()
        .find(|&k| w << k < digits.len())
        .expect("the smallest power is shorter than a long piece");
    let (hi, lo) = digits.split_at(digits.len() - (w << k));
    Some(parse_split(hi, radix, w, powers)? * &powers[k] + parse_split(lo, radix, w, powers)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::testutil::number;

    /// num-bigint's own printer: independent of the code under test.
    fn reference(x: &BigUint, radix: u32) -> String {
        x.to_str_radix(radix)
    }

    #[test]
    fn chunk_digits_fill_a_u64() {
        assert_eq!(chunk_digits(10), 19);
        assert_eq!(chunk_digits(2), 63);
        assert_eq!(chunk_digits(36), 12);
    }

    #[test]
    fn parsing_round_trips() {
        for radix in [10, 3, 36, 8] {
            for (bits, seed) in [(10_000, 8), (150_000, 9), (400_000, 10)] {
                let x = number(bits, seed);
                let text = reference(&x, radix);
                assert_eq!(
                    parse_biguint(text.as_bytes(), radix),
                    Some(x),
                    "{bits} bits in radix {radix}"
                );
            }
        }
        let zeros = format!("1{}", "0".repeat(100_000));
        assert_eq!(
            parse_biguint(zeros.as_bytes(), 10),
            Some(BigUint::from(10u32).pow(100_000))
        );
        assert_eq!(parse_biguint(b"12x4", 10), None);
    }
}
