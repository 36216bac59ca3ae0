//! Big integers to and from digit strings in sub-quadratic time (divide and conquer).
//!
//! Parsing: num-bigint parses power-of-two radixes in linear time, but other radixes in
//! quadratic time (it multiplies by one limb-sized power at a time: over 40 s for 10^6 decimal
//! digits on wasm32). Here the digits split at powers `P_k = radix^(W·2^k)` (`W` digits fill a
//! `u64`), computed once per conversion by squaring: `value(hi ++ lo) = value(hi) · P_k +
//! value(lo)`, with `lo` the last `W·2^k` digits, so the work is a few multiplications per
//! level: O(M(n) log n), with the transform multiplication of `ntt.rs`.
//!
//! Printing: num-bigint's `to_str_radix` splits at squared powers too, but divides by
//! Burnikel–Ziegler on its Toom-3 product (3.6 s for 10^6 digits on wasm32, minutes for
//! 3·10^7). Here the number splits at powers `Q_k = radix^(V·L·2^k)` (`V` digits fill a `u32`,
//! `L` limb-sized chunks in the smallest), each divided by through its Newton reciprocal
//! (`reciprocal.rs`): two transform products per division. Pieces below `Q_0` are printed
//! by repeated division by `radix^V` in 64-bit arithmetic.

use super::ntt;
use super::reciprocal::Divisor;
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
        powers.push(ntt::square(last));
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
    Some(
        ntt::mul(&parse_split(hi, radix, w, powers)?, &powers[k])
            + parse_split(lo, radix, w, powers)?,
    )
}

/// Numbers of at most this many limbs print by num-bigint directly.
const PRINT_LIMBS: usize = 64;

/// `L`: the smallest power `Q_0` of the printing splits is `radix^(V·L)`, of at most 1,020
/// bits, so that a division's product of two `Q_k`-sized numbers (`2·bits(Q_k) + 2` bits) just
/// fits the transform length of a power of two times 64 limbs.
fn leaf_chunks(radix: u32, v: usize) -> usize {
    (1_020.0 / (v as f64 * (radix as f64).log2())) as usize
}

/// `(V, radix^V)`: the largest `V` with `radix^V < 2^32`.
fn chunk_u32(radix: u32) -> (usize, u32) {
    let (mut v, mut p) = (0, 1u32);
    while let Some(next) = p.checked_mul(radix) {
        p = next;
        v += 1;
    }
    (v, p)
}

/// The digits of `x` in `radix`, upper case above 9, without a sign.
pub fn to_radix_string(x: &BigUint, radix: u32) -> String {
    if radix.is_power_of_two() || x.iter_u32_digits().len() <= PRINT_LIMBS {
        let mut s = x.to_str_radix(radix);
        s.make_ascii_uppercase();
        return s;
    }
    let (v, base) = chunk_u32(radix);
    let leaf = leaf_chunks(radix, v);
    let printer = Printer {
        radix,
        v,
        base,
        chunks_in_q0: leaf,
        powers: printing_powers(x, radix, v * leaf),
    };
    let mut out = Vec::with_capacity((x.bits() as f64 / (radix as f64).log2()) as usize + 2);
    printer.top(x, &mut out);
    String::from_utf8(out).expect("ASCII digits")
}

/// `Q_0, Q_1 = Q_0², …`, up to the largest that can still be at most `x`.
fn printing_powers(x: &BigUint, radix: u32, leaf_digits: usize) -> Vec<Divisor> {
    let mut powers = vec![Divisor::new(BigUint::from(radix).pow(leaf_digits as u32))];
    loop {
        let last = powers.last().expect("one power");
        // last² ≥ 2^(2·bits - 2) > x: no use for it.
        if 2 * last.value().bits() - 1 > x.bits() {
            return powers;
        }
        let next = last.square();
        powers.push(next);
    }
}

/// The state of one printing: the radix's chunk and the split powers.
struct Printer {
    radix: u32,
    v: usize,
    base: u32,
    /// `L`, the chunks of `Q_0`.
    chunks_in_q0: usize,
    powers: Vec<Divisor>,
}

impl Printer {
    /// The digits of `x` without leading zeros (`x > 0` or a lone "0").
    fn top(&self, x: &BigUint, out: &mut Vec<u8>) {
        // The largest Q_k ≤ x; x < Q_{k+1} = Q_k² (or Q_k² > x when Q_{k+1} was not computed).
        let Some(k) = (0..self.powers.len())
            .rev()
            .find(|&k| *self.powers[k].value() <= *x)
        else {
            return self.leaf(x, None, out);
        };
        let (hi, lo) = self.powers[k].div_rem(x);
        self.top(&hi, out);
        self.padded(&lo, k, out);
    }

    /// The digits of `x < Q_k`, with leading zeros to the full `V·L·2^k`.
    fn padded(&self, x: &BigUint, k: usize, out: &mut Vec<u8>) {
        if k == 0 {
            return self.leaf(x, Some(self.v * self.chunks_in_q0), out);
        }
        let (hi, lo) = self.powers[k - 1].div_rem(x);
        self.padded(&hi, k - 1, out);
        self.padded(&lo, k - 1, out);
    }

    /// The digits of `x < Q_0` by repeated division by `radix^V`, padded to `width` digits.
    fn leaf(&self, x: &BigUint, width: Option<usize>, out: &mut Vec<u8>) {
        let mut limbs: Vec<u32> = x.iter_u32_digits().collect();
        let mut chunks = Vec::with_capacity(self.chunks_in_q0 + 1);
        while !limbs.is_empty() {
            let mut rem = 0u64;
            for limb in limbs.iter_mut().rev() {
                let cur = (rem << 32) | *limb as u64;
                *limb = (cur / self.base as u64) as u32;
                rem = cur % self.base as u64;
            }
            chunks.push(rem as u32);
            while limbs.last() == Some(&0) {
                limbs.pop();
            }
        }
        let start = out.len();
        for &chunk in chunks.iter().rev() {
            let mut c = chunk;
            let at = out.len();
            out.resize(at + self.v, b'0');
            for slot in out[at..].iter_mut().rev() {
                *slot = digit_byte(c % self.radix);
                c /= self.radix;
            }
        }
        let len = out.len() - start;
        match width {
            Some(w) => {
                debug_assert!(len <= w, "a piece below Q_0 fits in its width");
                out.splice(start..start, std::iter::repeat_n(b'0', w - len));
            }
            None => {
                let zeros = out[start..].iter().take_while(|&&b| b == b'0').count();
                out.drain(start..start + zeros);
                if out.len() == start {
                    out.push(b'0');
                }
            }
        }
    }
}

/// A digit's ASCII byte, upper case above 9.
fn digit_byte(d: u32) -> u8 {
    if d < 10 {
        b'0' + d as u8
    } else {
        b'A' + (d - 10) as u8
    }
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

    /// num-bigint's printer in upper case: the reference for printing.
    fn upper(x: &BigUint, radix: u32) -> String {
        reference(x, radix).to_ascii_uppercase()
    }

    #[test]
    fn printing_agrees_with_num_bigint_in_every_radix() {
        for radix in 2..=36 {
            for (bits, seed) in [(1, 1), (2_000, 2), (2_049, 3), (9_000, 4), (30_000, 5)] {
                let x = number(bits, seed + radix as u64);
                assert_eq!(
                    to_radix_string(&x, radix),
                    upper(&x, radix),
                    "{bits} bits, radix {radix}"
                );
            }
        }
        // Long enough for the reciprocal divisions (divisors above 48,000 bits).
        for radix in [10, 3, 7, 36, 16] {
            let x = number(400_000, radix as u64);
            assert_eq!(
                to_radix_string(&x, radix),
                upper(&x, radix),
                "radix {radix}"
            );
        }
        assert_eq!(to_radix_string(&BigUint::default(), 10), "0");
    }

    #[test]
    fn printing_at_the_split_points() {
        for radix in [10, 3, 36] {
            let (v, _) = chunk_u32(radix);
            // Q_k = radix^(V·L·2^k) and its neighbours; powers of the radix and one less.
            for k in 0..6 {
                let digits = (v * leaf_chunks(radix, v)) << k;
                let q = BigUint::from(radix).pow(digits as u32);
                for x in [
                    &q - 1u32,
                    q.clone(),
                    &q + 1u32,
                    &q * &q - 1u32,
                    &q * &q,
                    &q * &q + 1u32,
                ] {
                    assert_eq!(
                        to_radix_string(&x, radix),
                        upper(&x, radix),
                        "Q_{k} in radix {radix}"
                    );
                }
            }
            let p = BigUint::from(radix).pow(123_457);
            assert_eq!(
                to_radix_string(&p, radix),
                format!("1{}", "0".repeat(123_457))
            );
            let below = &p - 1u32;
            let top = char::from_digit(radix - 1, 36)
                .unwrap()
                .to_ascii_uppercase();
            assert_eq!(
                to_radix_string(&below, radix),
                top.to_string().repeat(123_457)
            );
        }
    }

    #[test]
    fn large_round_trips() {
        for (radix, bits) in [(10, 3_000_000), (7, 1_000_000), (36, 700_000)] {
            let x = number(bits, 99);
            let text = to_radix_string(&x, radix);
            assert_eq!(
                parse_biguint(text.as_bytes(), radix),
                Some(x),
                "radix {radix}"
            );
        }
    }
}
