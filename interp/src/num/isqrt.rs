//! Integer square roots in a few divisions' time.
//!
//! num-bigint's `sqrt` runs Newton's iteration at full precision from a 53-bit estimate, so it
//! pays about log2(bits / 53) full-size divisions (959 ms for a 10^5-digit square on wasm32).
//! Here the root of the high half of the number gives a root with half the bits right, and one
//! Newton step at full size doubles that: one full division, one half-size, one quarter-size…,
//! about two divisions in all (by `reciprocal.rs`, on the transform product of `ntt.rs`).

use super::ntt;
use num_bigint::BigUint;
use num_traits::One;

/// Below this many bits num-bigint's own square root is as fast.
const DIRECT_BITS: u64 = 4_096;

/// `floor(sqrt(n))`.
pub fn isqrt(n: &BigUint) -> BigUint {
    let bits = n.bits();
    if bits <= DIRECT_BITS {
        return n.sqrt();
    }
    // n = high · 4^k + low, and sqrt(n) ≈ sqrt(high) · 2^k with about bits/4 bits right.
    let k = bits / 4;
    let high = n >> (2 * k);
    let mut s = isqrt(&high) << k;
    // Newton's step: its error is about the square of the estimate's relative error, a few units.
    s = (&s + super::reciprocal::div_rem(n, &s).0) >> 1u32;
    // Exact to the unit: the largest s with s² ≤ n.
    while ntt::square(&s) > *n {
        s -= 1u32;
    }
    loop {
        let next = &s + BigUint::one();
        if ntt::square(&next) > *n {
            return s;
        }
        s = next;
    }
}

#[cfg(test)]
mod tests {
    use super::isqrt;
    use crate::num::testutil::number;
    use num_bigint::BigUint;

    #[test]
    fn agrees_with_num_bigint() {
        for (bits, seed) in [
            (5_000, 1),
            (8_193, 2),
            (30_000, 3),
            (100_001, 4),
            (250_000, 5),
        ] {
            let n = number(bits, seed);
            assert_eq!(isqrt(&n), n.sqrt(), "{bits} bits");
        }
    }

    #[test]
    fn exact_at_perfect_squares_and_their_neighbours() {
        for (bits, seed) in [(6_000, 6), (40_000, 7)] {
            let s = number(bits, seed);
            let sq = &s * &s;
            assert_eq!(isqrt(&sq), s);
            assert_eq!(isqrt(&(&sq - 1u32)), &s - 1u32);
            assert_eq!(isqrt(&(&sq + &s + &s)), s, "(s+1)² - 1");
            assert_eq!(isqrt(&(&sq + &s + &s + 1u32)), &s + 1u32, "(s+1)²");
        }
        let p = BigUint::from(1u32) << 20_000;
        assert_eq!(isqrt(&p), BigUint::from(1u32) << 10_000);
    }
}
