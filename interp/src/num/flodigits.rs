//! The shortest digit string that reads back as a given flonum ("free-format" printing,
//! Steele & White / Burger & Dybvig), in any radix from 2 to 36.

use super::convert::decode;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::ToPrimitive;

/// The shortest digits of a finite, non-negative flonum and the exponent of the first one:
/// `x ≈ d0.d1d2... × radix^exponent`. Zero gives `([0], 0)`.
pub(crate) fn shortest_digits(x: f64, radix: u32) -> (Vec<u8>, i32) {
    debug_assert!(x.is_finite() && x >= 0.0);
    if x == 0.0 {
        return (vec![0], 0);
    }
    if radix == 10 {
        decimal_digits(x)
    } else {
        free_format(x, radix)
    }
}

/// Radix 10 via the standard library, whose `{:e}` output is the shortest round-trip form
/// (tests check it agrees with `free_format`).
fn decimal_digits(x: f64) -> (Vec<u8>, i32) {
    let text = format!("{x:e}");
    let (mantissa, exponent) = text.split_once('e').expect("{:e} has an exponent");
    let digits = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    (digits, exponent.parse().expect("{:e} exponent"))
}

/// The Burger & Dybvig free-format algorithm with exact integer arithmetic. When the value is
/// exactly halfway between two shortest candidates for the last digit, it rounds up (as Chez).
fn free_format(x: f64, radix: u32) -> (Vec<u8>, i32) {
    let (f, e) = decode(x);
    // The rounding interval is closed when the mantissa is even (round-half-even reading).
    let inclusive = f % 2 == 0;
    // At a power of two the gap below is half the gap above.
    let boundary = e > -1074 && f == 1u64 << 52;
    let (mut r, mut s, mut m_minus, mut m_plus) = initial_state(f, e, boundary);
    let radix_big = BigInt::from(radix);
    let mut k = estimate_exponent(f, e, radix);
    if k >= 0 {
        s *= radix_big.pow(k as u32);
    } else {
        let scale = radix_big.pow((-k) as u32);
        r *= &scale;
        m_minus *= &scale;
        m_plus *= &scale;
    }
    // The estimate may be one too small.
    if too_high(&r, &m_plus, &s, inclusive) {
        k += 1;
        s *= &radix_big;
    }
    let mut digits = Vec::new();
    loop {
        r *= &radix_big;
        m_minus *= &radix_big;
        m_plus *= &radix_big;
        let (d, rest) = r.div_rem(&s);
        r = rest;
        let d = d.to_u8().expect("one digit");
        let low = if inclusive { r <= m_minus } else { r < m_minus };
        let high = too_high(&r, &m_plus, &s, inclusive);
        if !low && !high {
            digits.push(d);
            continue;
        }
        let up = match (low, high) {
            (true, false) => false,
            (false, true) => true,
            _ => (&r << 1usize) >= s,
        };
        digits.push(if up { d + 1 } else { d });
        return (digits, k - 1);
    }
}

/// `r / s` is the value, `m_minus / s` and `m_plus / s` the half-gaps to its neighbours.
fn initial_state(f: u64, e: i32, boundary: bool) -> (BigInt, BigInt, BigInt, BigInt) {
    let f = BigInt::from(f);
    let one = BigInt::from(1);
    match (e >= 0, boundary) {
        (true, false) => {
            let be = &one << e as usize;
            ((&f << (e as usize + 1)), BigInt::from(2), be.clone(), be)
        }
        (true, true) => {
            let be = &one << e as usize;
            (
                (&f << (e as usize + 2)),
                BigInt::from(4),
                be.clone(),
                be << 1usize,
            )
        }
        (false, false) => (f << 1usize, &one << (1 - e) as usize, one.clone(), one),
        (false, true) => (f << 2usize, &one << (2 - e) as usize, one, BigInt::from(2)),
    }
}

/// Whether `r + m_plus` reaches past `s` (the value's upper bound rounds up a digit position).
fn too_high(r: &BigInt, m_plus: &BigInt, s: &BigInt, inclusive: bool) -> bool {
    let sum = r + m_plus;
    if inclusive {
        sum >= *s
    } else {
        sum > *s
    }
}

/// A lower bound (by at most one) of the number of radix digits before the point, from the
/// bit length of the value; the small bias keeps float error from overshooting at exact powers.
fn estimate_exponent(f: u64, e: i32, radix: u32) -> i32 {
    let bits = (64 - f.leading_zeros()) as i32;
    let log_radix_2 = std::f64::consts::LN_2 / (radix as f64).ln();
    (((bits + e - 1) as f64) * log_radix_2 - 1e-10).floor() as i32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits_string(x: f64, radix: u32) -> String {
        let (d, k) = free_format(x, radix);
        let s: String = d
            .iter()
            .map(|d| char::from_digit(*d as u32, radix).unwrap())
            .collect();
        format!("{s}e{k}")
    }

    #[test]
    fn free_format_matches_std_in_radix_10() {
        let mut x = 0x243F6A8885A308D3u64;
        let mut checked = 0;
        while checked < 3000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x).abs();
            if !f.is_finite() || f == 0.0 {
                continue;
            }
            assert_eq!(free_format(f, 10), decimal_digits(f), "{f:e}");
            checked += 1;
        }
        for f in [
            1e23,
            5e-324,
            f64::MAX,
            2.2250738585072014e-308,
            0.1,
            1.0,
            9007199254740993.0,
        ] {
            assert_eq!(free_format(f, 10), decimal_digits(f), "{f:e}");
        }
    }

    #[test]
    fn other_radixes() {
        assert_eq!(digits_string(1.5, 2), "11e0");
        assert_eq!(digits_string(0.1, 16), "1999999999999ae-1");
        assert_eq!(digits_string(255.0, 16), "ffe1");
        assert_eq!(digits_string(1e10, 8), "112402762e11");
        assert_eq!(
            digits_string(0.5, 3),
            "1111111111111111111111111111111112e-1"
        );
    }

    #[test]
    fn zero() {
        assert_eq!(shortest_digits(0.0, 10), (vec![0], 0));
        assert_eq!(shortest_digits(0.0, 2), (vec![0], 0));
    }
}
