//! The `kiln.relocs` custom section: the same relocations the patch function performs, for
//! linkers that merge an aux module statically (`kiln bundle`) instead of running its patch.
//!
//! Format (all LEB128 u32): version (1), count, then `count` pairs of
//! (address in linear memory of a 32-bit code slot, index of the aux module's function among its
//! *defined* functions). Applying a relocation means: store the table index at which that function
//! was placed into the slot.

/// Name of the custom section.
pub const SECTION: &str = "kiln.relocs";
/// Format version.
pub const VERSION: u32 = 1;

/// One relocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    pub slot: u32,
    pub func: u32,
}

/// Encodes the section payload.
pub fn encode(relocs: &[Reloc]) -> Vec<u8> {
    let mut out = Vec::new();
    leb(&mut out, VERSION);
    leb(&mut out, relocs.len() as u32);
    for r in relocs {
        leb(&mut out, r.slot);
        leb(&mut out, r.func);
    }
    out
}

/// Decodes the section payload; `None` if malformed.
pub fn decode(mut bytes: &[u8]) -> Option<Vec<Reloc>> {
    if read_leb(&mut bytes)? != VERSION {
        return None;
    }
    let n = read_leb(&mut bytes)?;
    let mut out = Vec::with_capacity(n.min(1 << 16) as usize);
    for _ in 0..n {
        out.push(Reloc {
            slot: read_leb(&mut bytes)?,
            func: read_leb(&mut bytes)?,
        });
    }
    bytes.is_empty().then_some(out)
}

fn leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let byte = (v & 0x7F) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn read_leb(bytes: &mut &[u8]) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        v |= ((b & 0x7F) as u32).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let r = vec![
            Reloc {
                slot: 0x12345678,
                func: 0,
            },
            Reloc { slot: 8, func: 300 },
        ];
        assert_eq!(decode(&encode(&r)), Some(r));
        assert_eq!(decode(&[2, 0]), None);
        assert_eq!(decode(&[1, 1, 0x80]), None);
    }
}
