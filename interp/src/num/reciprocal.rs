//! Division by a fixed divisor through its Newton reciprocal, in two multiplications.
//!
//! num-bigint divides by Burnikel–Ziegler on top of its own Toom-3 product, which cannot use
//! the transform multiplication of `ntt.rs`. Printing divides by the same few powers of the
//! radix many times, so each gets a reciprocal `R ≈ 2^(2n) / d` (`n` the divisor's bits),
//! computed once by Newton's iteration (one step per doubling of precision); a quotient is then
//! the high part of one product and the remainder one more product away, corrected exactly.

use super::ntt;
use num_bigint::BigUint;
use num_traits::Zero;

/// Divisors of at most this many bits divide by num-bigint directly (its schoolbook division is
/// as fast there), and reciprocals of at most this many bits come from one num-bigint division.
const DIRECT_BITS: u64 = 32 * 1_500;

/// A divisor prepared for many divisions of numbers below its square.
pub struct Divisor {
    d: BigUint,
    bits: u64,
    /// The reciprocal's parts, or `None` for a short divisor.
    fast: Option<Fast>,
}

/// What a long divisor's divisions reuse: the transforms of `R` and of `d` itself.
struct Fast {
    /// `R` itself, for the reciprocal of `d²`.
    value: BigUint,
    /// `R ≈ 2^(2·bits) / d` (a few units off), transformed long enough for the full product
    /// with a dividend's high `bits + 1` bits.
    recip: ntt::Transform,
    /// `d`, transformed at a length `m` of a few limbs more than `d`'s: products with it wrap
    /// modulo `2^(32 m) - 1`, enough to know a remainder below `2^64 · d`.
    d: ntt::Transform,
    /// `2^(32 m) - 1`.
    modulus: BigUint,
}

impl Divisor {
    /// Prepares `d` (nonzero).
    pub fn new(d: BigUint) -> Divisor {
        assert!(!d.is_zero(), "division by zero");
        Divisor::with_reciprocal(d, reciprocal)
    }

    /// `d²`, prepared: its reciprocal comes from one Newton step from the square of `d`'s
    /// (exact, so the square has about `bits - 1` bits right), not from a full iteration.
    pub fn square(&self) -> Divisor {
        let square = ntt::square(&self.d);
        match &self.fast {
            None => Divisor::new(square),
            Some(fast) => {
                let (r, n) = (&fast.value, self.bits);
                Divisor::with_reciprocal(square, |q| {
                    // R² ≈ 2^(4n) / q, and 2·q.bits() is 4n or 4n - 2.
                    let x0 = ntt::square(r) >> (4 * n - 2 * q.bits());
                    newton(q, x0, n - 2)
                })
            }
        }
    }

    fn with_reciprocal(d: BigUint, reciprocal: impl FnOnce(&BigUint) -> BigUint) -> Divisor {
        let bits = d.bits();
        let limbs = d.iter_u32_digits().len();
        // Beyond the transforms' exact range (2^22 limbs, 4·10^7 digits) num-bigint divides.
        let fast = (bits > DIRECT_BITS && limbs + 2 < ntt::MAX_SHORT_LIMBS).then(|| {
            let m = (limbs + 3).next_power_of_two();
            let d_t = ntt::Transform::new(&d, m);
            let modulus = (BigUint::from(1u32) << (32 * m)) - 1u32;
            // Made exact (floor) by one half-length product: 2^(2n) - R·d modulo the modulus
            // is the small remainder, so squares of it start Newton with every bit right.
            let approx = reciprocal(&d);
            let rd = fold(d_t.mul_cyclic(&approx), &modulus);
            let one = BigUint::from(1u32) << ((2 * bits) % (32 * m as u64));
            let (recip, _) = settle(
                &d,
                approx,
                sub_mod(fold(one, &modulus), rd, &modulus),
                &modulus,
            );
            let high_limbs = (bits + 1).div_ceil(32) as usize;
            let recip_t = ntt::Transform::new(
                &recip,
                (high_limbs + recip.iter_u32_digits().len()).next_power_of_two(),
            );
            Fast {
                recip: recip_t,
                value: recip,
                d: d_t,
                modulus,
            }
        });
        Divisor { d, bits, fast }
    }

    /// The divisor.
    pub fn value(&self) -> &BigUint {
        &self.d
    }

    /// `(a / d, a % d)`, for any `a`; fastest for `a < d²`, and one reciprocal-sized step per
    /// `bits` bits of quotient beyond that.
    pub fn div_rem(&self, a: &BigUint) -> (BigUint, BigUint) {
        let Some(fast) = &self.fast else {
            return num_integer::Integer::div_rem(a, &self.d);
        };
        let n = self.bits;
        if a.bits() > 2 * n {
            // Long division in base 2^n: each step divides a number below 2^n · d.
            return self.div_rem_long(a);
        }
        // a < 2^(2n): q ≈ (a / 2^(n-1)) · R / 2^(n+1), within a few units of the quotient.
        let q = fast.recip.mul_cyclic(&(a >> (n - 1))) >> (n + 1);
        // a - q·d modulo 2^(32 m) - 1: its true value is a few d either side of 0.
        let qd = fold(fast.d.mul_cyclic(&q), &fast.modulus);
        let r = sub_mod(fold(a.clone(), &fast.modulus), qd, &fast.modulus);
        settle(&self.d, q, r, &fast.modulus)
    }

    /// `div_rem` of a number of more than `2·bits` bits, by pieces of `bits` bits from the top.
    fn div_rem_long(&self, a: &BigUint) -> (BigUint, BigUint) {
        let n = self.bits;
        let pieces = a.bits().div_ceil(n);
        let mask = (BigUint::from(1u32) << n) - 1u32;
        let mut q = BigUint::zero();
        let mut r = BigUint::zero();
        for i in (0..pieces).rev() {
            // r < d, so (r · 2^n + piece) < d · 2^n < 2^(2n).
            let piece = (a >> (i * n)) & &mask;
            let (qi, ri) = self.div_rem(&((r << n) | piece));
            q = (q << n) | qi;
            r = ri;
        }
        (q, r)
    }
}

/// `(a / b, a % b)` for any `a` and nonzero `b`: num-bigint's division for short divisors;
/// for long ones, a quotient of `m` bits comes from the top `m + 64` bits of `b` (and the
/// matching bits of `a`), off by at most one, then one product `q · b` corrects it exactly.
pub fn div_rem(a: &BigUint, b: &BigUint) -> (BigUint, BigUint) {
    let nb = b.bits();
    if nb <= DIRECT_BITS || a < b {
        return num_integer::Integer::div_rem(a, b);
    }
    let m = a.bits() - nb + 1;
    if m + 64 >= nb {
        return Divisor::new(b.clone()).div_rem(a);
    }
    // With s low bits dropped from both, the quotient moves by less than 2^-63 plus one unit.
    let s = nb - (m + 64);
    let (mut q, _) = div_rem(&(a >> s), &(b >> s));
    let mut qb = ntt::mul(&q, b);
    while qb > *a {
        q -= 1u32;
        qb -= b;
    }
    let mut r = a - qb;
    while r >= *b {
        r -= b;
        q += 1u32;
    }
    (q, r)
}

/// `(x - y) mod modulus` for `x, y < modulus`.
fn sub_mod(x: BigUint, y: BigUint, modulus: &BigUint) -> BigUint {
    if x >= y {
        x - y
    } else {
        modulus - (y - x)
    }
}

/// `(q + e / d, e mod d)` where `e = a - q·d` is known only as `r ≡ e (mod modulus)` and
/// `|e|` is below a few thousand `d` (so `modulus / 2` tells its sign): linear time.
fn settle(d: &BigUint, mut q: BigUint, r: BigUint, modulus: &BigUint) -> (BigUint, BigUint) {
    let mut r = if r > (modulus >> 1u32) {
        // Negative: e = -(modulus - r); q drops by at least deficit / d, rounded up.
        let deficit = modulus - r;
        let t = small_quotient(d, &deficit) + 1u32;
        q -= &t;
        d * t - deficit
    } else {
        r
    };
    while r >= *d {
        let t = small_quotient(d, &r).max(BigUint::from(1u32));
        r -= d * &t;
        q += t;
    }
    (q, r)
}

/// At most `x / d`, and within a unit of it for `x < 2^60 · d`: from the high 64 bits.
fn small_quotient(d: &BigUint, x: &BigUint) -> BigUint {
    let s = d.bits().saturating_sub(64);
    (x >> s) / ((d >> s) + 1u32)
}

/// `x mod modulus` for `modulus = 2^k - 1`: `2^k ≡ 1`, so the `k`-bit pieces add up.
fn fold(mut x: BigUint, modulus: &BigUint) -> BigUint {
    let k = modulus.bits();
    while x > *modulus {
        x = (&x >> k) + (&x & modulus);
    }
    if x == *modulus {
        BigUint::zero()
    } else {
        x
    }
}

/// `floor(2^(2n) / d)` up to a few units, `n = d.bits()`.
fn reciprocal(d: &BigUint) -> BigUint {
    let n = d.bits();
    if n <= DIRECT_BITS {
        return (BigUint::from(1u32) << (2 * n)) / d;
    }
    // The reciprocal of d's high h bits, scaled, has about h - 2 bits right.
    let h = n / 2 + 32;
    newton(d, reciprocal(&(d >> (n - h))) << (n - h), h - 2)
}

/// One Newton step towards `2^(2n) / d` (`n = d.bits()`) from `x0` with about `good` bits
/// right: `x1 = x0 + x0 · (2^(2n) - d · x0) / 2^(2n)` has about `2·good` right.
fn newton(d: &BigUint, x0: BigUint, good: u64) -> BigUint {
    let n = d.bits();
    let dx = ntt::mul(d, &x0);
    let one = BigUint::from(1u32) << (2 * n);
    let (e, negative) = if dx <= one {
        (one - dx, false)
    } else {
        (dx - one, true)
    };
    // The correction is about 2^(n + 1 - good) in size: t bits of x0 and of e give it to
    // within a unit.
    let t = n + 1 - good.min(n) + 64;
    let s = x0.bits().saturating_sub(t);
    let u = e.bits().saturating_sub(t);
    let correction = ntt::mul(&(&x0 >> s), &(&e >> u)) >> (2 * n - s - u);
    if negative {
        x0 - correction
    } else {
        x0 + correction
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::testutil::number;
    use num_integer::Integer;

    #[test]
    fn reciprocals_are_within_a_few_units() {
        for (bits, seed) in [(60_000, 1), (100_001, 2), (250_000, 3)] {
            let d = number(bits, seed);
            let exact = (BigUint::from(1u32) << (2 * d.bits())) / &d;
            let approx = reciprocal(&d);
            let diff = if approx > exact {
                &approx - &exact
            } else {
                &exact - &approx
            };
            assert!(diff <= BigUint::from(4u32), "{bits} bits: off by {diff}");
        }
    }

    #[test]
    fn divisions_agree_with_num_bigint() {
        for (dbits, seed) in [(1_000, 4), (48_001, 5), (70_000, 6), (200_000, 7)] {
            let d = Divisor::new(number(dbits, seed));
            for (abits, aseed) in [
                (dbits / 2, 10),
                (dbits, 11),
                (dbits + 1, 12),
                (2 * dbits - 1, 13),
                (2 * dbits, 14),
                (5 * dbits + 17, 15),
            ] {
                let a = number(abits, aseed);
                assert_eq!(
                    d.div_rem(&a),
                    a.div_rem(d.value()),
                    "{abits} / {dbits} bits"
                );
            }
            // Multiples of d and their neighbours: the corrections' edges.
            let q = number(dbits - 3, 16);
            let m = &q * d.value();
            assert_eq!(d.div_rem(&m), (q.clone(), BigUint::zero()));
            assert_eq!(d.div_rem(&(&m - 1u32)), (&q - 1u32, d.value() - 1u32));
            let square = d.value() * d.value() - 1u32;
            assert_eq!(d.div_rem(&square), square.div_rem(d.value()));
        }
    }

    #[test]
    fn squared_divisors_divide_exactly() {
        let mut d = Divisor::new(BigUint::from(10u32).pow(15_000));
        for _ in 0..3 {
            d = d.square();
            let fast = d.fast.as_ref().expect("a long divisor");
            let exact = (BigUint::from(1u32) << (2 * d.bits)) / &d.d;
            let diff = if fast.value > exact {
                &fast.value - &exact
            } else {
                &exact - &fast.value
            };
            assert!(diff.is_zero(), "{} bits: off by {diff}", d.bits);
            for (abits, seed) in [(2 * d.bits - 1, 20), (2 * d.bits, 21), (d.bits + 5, 22)] {
                let a = number(abits, seed);
                assert_eq!(d.div_rem(&a), a.div_rem(&d.d), "{abits} bits");
            }
            let q = number(d.bits, 23);
            let m = &q * &d.d;
            assert_eq!(d.div_rem(&m), (q.clone(), BigUint::zero()));
            assert_eq!(d.div_rem(&(&m - 1u32)), (&q - 1u32, &d.d - 1u32));
        }
    }

    #[test]
    fn one_off_divisions_agree_with_num_bigint() {
        for (abits, bbits, seed) in [
            (3_300_000, 3_000_000, 1),
            (500_000, 100_000, 2),
            (200_000, 199_990, 3),
            (200_000, 100_000, 4),
            (100_000, 49_000, 5),
            (40_000, 200_000, 6),
        ] {
            let (a, b) = (number(abits, seed), number(bbits, seed + 50));
            assert_eq!(div_rem(&a, &b), a.div_rem(&b), "{abits} / {bbits} bits");
        }
        // Exact multiples and one below, where the truncated quotient is most often one off.
        let b = number(300_000, 7);
        let q = number(20_000, 8);
        let m = &q * &b;
        assert_eq!(div_rem(&m, &b), (q.clone(), BigUint::zero()));
        assert_eq!(div_rem(&(&m - 1u32), &b), (&q - 1u32, &b - 1u32));
    }
}
