//! Multiplication of big integers by number-theoretic transforms (three primes, CRT).
//!
//! num-bigint stops at Toom-3 (O(n^1.46)), and on wasm32 its limbs are `u32`: multiplying two
//! 10^6-digit numbers took it about a second, and printing a 3·10^7-digit number minutes. Here
//! the 32-bit limbs are the coefficients of two polynomials, multiplied modulo three primes
//! `p < 2^31` by cyclic convolution (forward transform, pointwise product, inverse transform) and
//! recombined by the Chinese remainder theorem: O(n log n). Every coefficient of the product is
//! below `min(len) · (2^32 - 1)^2 < 2^86`, and the three primes' product is above 2^87, so the
//! residues determine it exactly. Arithmetic is 32-bit Montgomery with 64-bit products, which
//! wasm32 has natively (no 128-bit multiplications in the inner loops).

use num_bigint::{BigInt, BigUint, Sign};
use std::cell::RefCell;
use std::rc::Rc;

/// Below this many limbs in the shorter factor, num-bigint's Karatsuba/Toom-3 is faster
/// (measured on wasm32 through `kiln run`).
const NTT_LIMBS: usize = 1_500;

/// The longest shorter factor the three primes recombine exactly: `2^22 · 2^64 < p0·p1·p2`.
pub const MAX_SHORT_LIMBS: usize = 1 << 22;

/// Twiddle tables up to this length (1 MiB each, six of them) stay cached between products.
const CACHED_TWIDDLES: usize = 1 << 18;

/// A cached twiddle table: its prime, whether inverse, the table.
type Twiddles = (u32, bool, Rc<Vec<u32>>);

thread_local! {
    /// Twiddle tables by prime and direction (the guest has one thread).
    static TWIDDLES: RefCell<Vec<Twiddles>> = const { RefCell::new(Vec::new()) };
}

/// The longest transform: the smallest prime's `p - 1` is divisible by 2^25 only.
const MAX_LEN: usize = 1 << 25;

/// A prime `p = c·2^k + 1 < 2^31`, with a generator of its multiplicative group.
#[derive(Clone, Copy)]
struct Prime {
    p: u32,
    /// `-p^-1 mod 2^32`, for Montgomery reduction.
    neg_inv: u32,
    /// `2^64 mod p`: Montgomery multiplication by it maps `x` to `x·2^32 mod p`.
    r2: u32,
    generator: u32,
}

impl Prime {
    const fn new(p: u32, generator: u32) -> Prime {
        // Newton's iteration for p^-1 mod 2^32: each step doubles the correct low bits.
        let mut inv = p;
        let mut i = 0;
        while i < 5 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(p.wrapping_mul(inv)));
            i += 1;
        }
        let r2 = ((u64::MAX % p as u64 + 1) % p as u64) as u32;
        Prime {
            p,
            neg_inv: inv.wrapping_neg(),
            r2,
            generator,
        }
    }

    /// `t · 2^-32 mod p` for `t < p · 2^32`.
    #[inline(always)]
    fn redc(self, t: u64) -> u32 {
        let m = (t as u32).wrapping_mul(self.neg_inv);
        let u = ((t + m as u64 * self.p as u64) >> 32) as u32;
        // Branch-free reductions (`min` with the wrapped difference): the butterflies' data is
        // random, and mispredicted branches made them several times slower.
        u.min(u.wrapping_sub(self.p))
    }

    /// `a · b · 2^-32 mod p`: the product when one of them is in Montgomery form.
    #[inline(always)]
    fn mont_mul(self, a: u32, b: u32) -> u32 {
        self.redc(a as u64 * b as u64)
    }

    #[inline(always)]
    fn add(self, a: u32, b: u32) -> u32 {
        let s = a + b;
        s.min(s.wrapping_sub(self.p))
    }

    #[inline(always)]
    fn sub(self, a: u32, b: u32) -> u32 {
        let d = a.wrapping_sub(b);
        d.min(d.wrapping_add(self.p))
    }

    /// `x` in Montgomery form (`x · 2^32 mod p`), for `x < p`.
    fn to_mont(self, x: u32) -> u32 {
        self.mont_mul(x, self.r2)
    }

    /// `a · b mod p`, plainly (outside the inner loops).
    fn mul_mod(self, a: u32, b: u32) -> u32 {
        (a as u64 * b as u64 % self.p as u64) as u32
    }

    fn pow_mod(self, mut base: u32, mut e: u64) -> u32 {
        let mut r = 1;
        while e > 0 {
            if e & 1 == 1 {
                r = self.mul_mod(r, base);
            }
            base = self.mul_mod(base, base);
            e >>= 1;
        }
        r
    }

    fn inverse(self, x: u32) -> u32 {
        self.pow_mod(x, self.p as u64 - 2)
    }

    /// Twiddle factors in Montgomery form: entries `len..2·len` hold the powers `0..len` of a
    /// primitive `2·len`-th root of unity (of `root`'s inverse when `inverse`), for every
    /// power of two `len < n`. Entry 0 is unused.
    fn twiddles(self, n: usize, inverse: bool) -> Vec<u32> {
        let mut table = vec![0u32; n.max(2)];
        let mut w = self.pow_mod(self.generator, (self.p as u64 - 1) / n as u64);
        if inverse {
            w = self.inverse(w);
        }
        let half = n / 2;
        if half == 0 {
            return table;
        }
        let w_mont = self.to_mont(w);
        let mut x = self.to_mont(1);
        for slot in &mut table[half..n] {
            *slot = x;
            x = self.mont_mul(x, w_mont);
        }
        // A primitive 2·len-th root is the square of a primitive 4·len-th one.
        let mut len = half / 2;
        while len >= 1 {
            for j in 0..len {
                table[len + j] = table[2 * len + 2 * j];
            }
            len /= 2;
        }
        table
    }

    /// `twiddles(n, inverse)`, kept between products up to `CACHED_TWIDDLES` entries: a table
    /// for length `N` starts with the table for every shorter length.
    fn cached_twiddles(self, n: usize, inverse: bool) -> Rc<Vec<u32>> {
        if n > CACHED_TWIDDLES {
            return Rc::new(self.twiddles(n, inverse));
        }
        TWIDDLES.with(|cache| {
            let mut cache = cache.borrow_mut();
            let slot = match cache
                .iter()
                .position(|(p, inv, _)| *p == self.p && *inv == inverse)
            {
                Some(i) => i,
                None => {
                    cache.push((self.p, inverse, Rc::new(Vec::new())));
                    cache.len() - 1
                }
            };
            if cache[slot].2.len() < n {
                cache[slot].2 = Rc::new(self.twiddles(n, inverse));
            }
            cache[slot].2.clone()
        })
    }

    /// Decimation in frequency: natural order in, bit-reversed order out.
    fn forward(self, a: &mut [u32], tw: &[u32]) {
        let mut len = a.len() / 2;
        while len >= 1 {
            let tw = &tw[len..2 * len];
            for block in a.chunks_exact_mut(2 * len) {
                let (lo, hi) = block.split_at_mut(len);
                for ((x, y), &w) in lo.iter_mut().zip(hi.iter_mut()).zip(tw) {
                    let (u, v) = (*x, *y);
                    *x = self.add(u, v);
                    *y = self.mont_mul(self.sub(u, v), w);
                }
            }
            len /= 2;
        }
    }

    /// Decimation in time with the inverse roots: bit-reversed order in, natural order out,
    /// `len` times the inverse transform.
    fn inverse_transform(self, a: &mut [u32], tw: &[u32]) {
        let mut len = 1;
        while len < a.len() {
            let tw = &tw[len..2 * len];
            for block in a.chunks_exact_mut(2 * len) {
                let (lo, hi) = block.split_at_mut(len);
                for ((x, y), &w) in lo.iter_mut().zip(hi.iter_mut()).zip(tw) {
                    let (u, v) = (*x, self.mont_mul(*y, w));
                    *x = self.add(u, v);
                    *y = self.sub(u, v);
                }
            }
            len *= 2;
        }
    }

    /// `x`'s limbs modulo p, zero-padded to `n` (`x` has at most `n` limbs).
    fn load(self, x: &BigUint, n: usize) -> Vec<u32> {
        let mut v = vec![0u32; n];
        let mut digits = x.iter_u32_digits();
        assert!(digits.len() <= n, "a factor longer than its transform");
        for (slot, d) in v.iter_mut().zip(&mut digits) {
            *slot = d % self.p;
        }
        v
    }

    /// The forward transform of `x` at length `n`.
    fn transformed(self, x: &BigUint, n: usize) -> Vec<u32> {
        let mut v = self.load(x, n);
        self.forward(&mut v, &self.cached_twiddles(n, false));
        v
    }

    /// The cyclic convolution of length `fa.len()` of the two factors whose forward transforms
    /// are `fa` (overwritten) and `fb` (`None`: `fa` squared), modulo p.
    fn convolve(self, mut fa: Vec<u32>, fb: Option<&[u32]>) -> Vec<u32> {
        let n = fa.len();
        // n^-1 in the form that cancels the two Montgomery factors of the pointwise step.
        let scale = self.to_mont(self.to_mont(self.inverse(n as u32 % self.p)));
        match fb {
            Some(fb) => {
                for (x, &y) in fa.iter_mut().zip(fb) {
                    *x = self.mont_mul(self.mont_mul(*x, y), scale);
                }
            }
            None => {
                for x in fa.iter_mut() {
                    *x = self.mont_mul(self.mont_mul(*x, *x), scale);
                }
            }
        }
        self.inverse_transform(&mut fa, &self.cached_twiddles(n, true));
        fa
    }
}

/// `2013265921 = 15·2^27 + 1`, `469762049 = 7·2^26 + 1`, `167772161 = 5·2^25 + 1`.
const PRIMES: [Prime; 3] = [
    Prime::new(2_013_265_921, 31),
    Prime::new(469_762_049, 3),
    Prime::new(167_772_161, 3),
];

/// `a · b` (`None`: `a²`) by transforms, for factors within the exact range.
fn mul_ntt(a: &BigUint, b: Option<&BigUint>) -> BigUint {
    let la = a.iter_u32_digits().len();
    let lb = b.map_or(la, |b| b.iter_u32_digits().len());
    let out_len = la + lb;
    let n = out_len.next_power_of_two();
    let residues = PRIMES.map(|p| {
        let fa = p.transformed(a, n);
        match b {
            Some(b) => p.convolve(fa, Some(&p.transformed(b, n))),
            None => p.convolve(fa, None),
        }
    });
    recombine(&residues, out_len)
}

/// `Σ c_i · 2^(32 i)` over the first `len` coefficients, each `c_i` given by its residues
/// modulo the three primes.
fn recombine(residues: &[Vec<u32>; 3], len: usize) -> BigUint {
    let [p0, p1, p2] = PRIMES;
    // Garner: x = r0 + p0·y1 + p0·p1·y2 with y1 < p1, y2 < p2.
    let inv_p0_mod_p1 = p1.inverse(p0.p % p1.p);
    let p0p1 = p0.p as u64 * p1.p as u64;
    let inv_p0p1_mod_p2 = p2.inverse((p0p1 % p2.p as u64) as u32);
    let mut limbs = Vec::with_capacity(len + 3);
    let mut carry: u128 = 0;
    let [res0, res1, res2] = residues;
    for ((&r0, &r1), &r2) in res0[..len].iter().zip(&res1[..len]).zip(&res2[..len]) {
        let y1 = p1.mul_mod(p1.sub(r1, r0 % p1.p), inv_p0_mod_p1);
        let low = r0 as u64 + p0.p as u64 * y1 as u64;
        let y2 = p2.mul_mod(p2.sub(r2, (low % p2.p as u64) as u32), inv_p0p1_mod_p2);
        carry += low as u128 + p0p1 as u128 * y2 as u128;
        limbs.push(carry as u32);
        carry >>= 32;
    }
    while carry > 0 {
        limbs.push(carry as u32);
        carry >>= 32;
    }
    BigUint::new(limbs)
}

/// One factor's forward transforms at one length, for many products with it.
pub struct Transform {
    n: usize,
    residues: [Vec<u32>; 3],
}

impl Transform {
    /// The transforms of `x` at length `n` (a power of two, at least `x`'s limbs, within the
    /// exact range: `n <= 2^25`, `x` at most 2^22 limbs).
    pub fn new(x: &BigUint, n: usize) -> Transform {
        assert!(n.is_power_of_two() && n <= MAX_LEN, "transform length {n}");
        assert!(x.iter_u32_digits().len() <= MAX_SHORT_LIMBS);
        Transform {
            n,
            residues: PRIMES.map(|p| p.transformed(x, n)),
        }
    }

    /// `Σ c_i · 2^(32 i)` for the cyclic convolution `c` of length `n` of `a` (at most `n`
    /// limbs) and this factor: congruent to their product modulo `2^(32 n) - 1`, and equal to
    /// it when their limbs add up to at most `n`.
    pub fn mul_cyclic(&self, a: &BigUint) -> BigUint {
        let residues: [Vec<u32>; 3] = std::array::from_fn(|i| {
            let p = PRIMES[i];
            p.convolve(p.transformed(a, self.n), Some(&self.residues[i]))
        });
        recombine(&residues, self.n)
    }
}

/// `a · b`: num-bigint's product for short factors, transforms for long ones.
pub fn mul(a: &BigUint, b: &BigUint) -> BigUint {
    let (la, lb) = (a.iter_u32_digits().len(), b.iter_u32_digits().len());
    let short = la.min(lb);
    if !(NTT_LIMBS..=MAX_SHORT_LIMBS).contains(&short) || la + lb > MAX_LEN {
        return a * b;
    }
    // A square (the same object, or equal digits) needs one forward transform, not two.
    if std::ptr::eq(a, b) || (la == lb && a == b) {
        mul_ntt(a, None)
    } else {
        mul_ntt(a, Some(b))
    }
}

/// `a²`, one transform fewer than `mul(a, a)` takes.
pub fn square(a: &BigUint) -> BigUint {
    mul(a, a)
}

/// `base^e` by squaring from the exponent's top bit, each square and product by `mul`.
pub fn pow(base: &BigInt, e: u32) -> BigInt {
    let magnitude = pow_unsigned(base.magnitude(), e);
    if base.sign() == Sign::Minus && e % 2 == 1 {
        -BigInt::from(magnitude)
    } else {
        BigInt::from(magnitude)
    }
}

fn pow_unsigned(base: &BigUint, e: u32) -> BigUint {
    let mut r = BigUint::from(1u32);
    for i in (0..u32::BITS - e.leading_zeros()).rev() {
        r = square(&r);
        if e >> i & 1 == 1 {
            r = mul(&r, base);
        }
    }
    r
}

/// `a · b` of signed integers.
pub fn mul_int(a: &BigInt, b: &BigInt) -> BigInt {
    let magnitude = mul(a.magnitude(), b.magnitude());
    let sign = match (a.sign(), b.sign()) {
        (Sign::NoSign, _) | (_, Sign::NoSign) => Sign::NoSign,
        (x, y) if x == y => Sign::Plus,
        _ => Sign::Minus,
    };
    BigInt::from_biguint(sign, magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::testutil::number;

    /// Every prime's generator generates: `g^((p-1)/q) != 1` for each prime factor `q` of `p-1`.
    #[test]
    fn generators_are_primitive_roots() {
        for (prime, factors) in PRIMES.iter().zip([[2, 3, 5], [2, 7, 7], [2, 5, 5]]) {
            for q in factors {
                assert_ne!(
                    prime.pow_mod(prime.generator, (prime.p as u64 - 1) / q),
                    1,
                    "{} mod {}",
                    prime.generator,
                    prime.p
                );
            }
            assert_eq!(prime.redc(prime.to_mont(12345) as u64), 12345);
        }
    }

    #[test]
    fn agrees_with_num_bigint_on_random_factors() {
        for (abits, bbits, seed) in [
            (32 * 1_500, 32 * 1_500, 1),
            (50_000, 50_001, 2),
            (100_000, 48_000, 3),
            (300_000, 300_000, 4),
            (1_000_000, 49_000, 5),
            (64 * 1_024, 64 * 1_024, 6),
        ] {
            let (a, b) = (number(abits, seed), number(bbits, seed + 100));
            assert_eq!(mul_ntt(&a, Some(&b)), &a * &b, "{abits} x {bbits} bits");
            let n = (a.iter_u32_digits().len() + b.iter_u32_digits().len()).next_power_of_two();
            let t = Transform::new(&b, n);
            assert_eq!(
                t.mul_cyclic(&a),
                &a * &b,
                "{abits} x {bbits} bits, kept transform"
            );
            assert_eq!(mul_ntt(&a, None), &a * &a, "{abits} bits squared");
        }
    }

    #[test]
    fn cyclic_products_wrap_modulo_the_transform_length() {
        let (a, b) = (number(200_000, 11), number(190_000, 12));
        let n = 8_192; // fewer limbs than the product's 12,188
        let m = (BigUint::from(1u32) << (32 * n)) - 1u32;
        let t = Transform::new(&b, n);
        assert_eq!(t.mul_cyclic(&a) % &m, (&a * &b) % &m);
    }

    #[test]
    fn extreme_limbs_and_short_factors() {
        // All-ones limbs give the largest coefficients; zero limbs and powers of two test the
        // edges of the carries.
        let ones = (BigUint::from(1u32) << 200_000u32) - 1u32;
        assert_eq!(mul_ntt(&ones, Some(&ones)), &ones * &ones);
        assert_eq!(mul_ntt(&ones, None), &ones * &ones);
        let p = BigUint::from(1u32) << 100_003u32;
        assert_eq!(mul_ntt(&p, Some(&ones)), &p * &ones);
        let one = BigUint::from(1u32);
        assert_eq!(mul_ntt(&ones, Some(&one)), ones);
        assert_eq!(
            mul_ntt(&ones, Some(&BigUint::default())),
            BigUint::default()
        );
    }

    #[test]
    fn powers_agree_with_num_bigint() {
        for (base, e) in [
            (7, 100_000),
            (-3, 77_777),
            (-10, 50_000),
            (2, 0),
            (12345, 1),
        ] {
            let b = BigInt::from(base);
            assert_eq!(pow(&b, e), num_traits::Pow::pow(&b, e), "{base}^{e}");
        }
        let big = -BigInt::from(number(3_000, 9));
        assert_eq!(pow(&big, 37), num_traits::Pow::pow(&big, 37u32));
    }

    #[test]
    fn signed_products() {
        let a = BigInt::from(number(80_000, 7));
        let b = -BigInt::from(number(90_000, 8));
        assert_eq!(mul_int(&a, &b), &a * &b);
        assert_eq!(mul_int(&b, &b), &b * &b);
        assert_eq!(mul_int(&a, &BigInt::default()), BigInt::default());
    }
}
