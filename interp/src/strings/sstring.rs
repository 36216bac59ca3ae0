//! `SString`: the payload of a string object — UTF-8 text indexed by character.
//!
//! The layout is `#[repr(C)]` and documented in `kiln_jit::layout::sstring`, because compiled
//! code reads it inline: `string-length` is the `chars` word, and while `chars == bytes` the text
//! is ASCII and `string-ref`/`string-set!` of an ASCII character are one byte load or store at
//! `data + k`. Text with other characters keeps a sparse index (the byte offset of every
//! `STRIDE`-th character, built on first use), so indexing it is O(`STRIDE`).

use std::cell::UnsafeCell;
use std::fmt;

/// Characters between two entries of the index of a non-ASCII string.
const STRIDE: usize = 32;

/// A mutable Scheme string: the raw parts of a `Vec<u8>` of valid UTF-8, its length in
/// characters, and the index of a non-ASCII text.
#[repr(C)]
pub struct SString {
    /// The UTF-8 bytes (`kiln_jit::layout::sstring::DATA`).
    data: *mut u8,
    /// Length in bytes (`sstring::BYTES`).
    bytes: usize,
    /// Length in characters (`sstring::CHARS`); equal to `bytes` exactly when the text is ASCII.
    chars: usize,
    /// Capacity of the buffer.
    cap: usize,
    /// Byte offsets of characters 0, STRIDE, 2·STRIDE, … (non-ASCII text; `None` until needed).
    /// Built lazily behind `&self` (the guest is single-threaded, and the index is only ever
    /// replaced while no slice of it is out: see `index` and `set_char`).
    index: UnsafeCell<Option<Vec<u32>>>,
}

#[cfg(target_arch = "wasm32")]
mod layout_check {
    use super::SString;
    use kiln_jit::layout::sstring;
    use std::mem::offset_of;
    const _: () = assert!(offset_of!(SString, data) == sstring::DATA as usize);
    const _: () = assert!(offset_of!(SString, bytes) == sstring::BYTES as usize);
    const _: () = assert!(offset_of!(SString, chars) == sstring::CHARS as usize);
}

impl SString {
    /// A string owning `text`.
    pub fn new(text: String) -> SString {
        let chars = if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        let mut v = std::mem::ManuallyDrop::new(text.into_bytes());
        SString {
            data: v.as_mut_ptr(),
            bytes: v.len(),
            chars,
            cap: v.capacity(),
            index: UnsafeCell::new(None),
        }
    }

    /// Runs `f` on the buffer as a `Vec` (for edits that may reallocate), then takes its parts
    /// back. `f` must leave valid UTF-8; the caller updates `chars` and the index.
    fn edit<R>(&mut self, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
        // SAFETY: the parts came from a `Vec<u8>` and are given back below; nothing else owns them.
        let mut v = unsafe { Vec::from_raw_parts(self.data, self.bytes, self.cap) };
        let r = f(&mut v);
        let mut v = std::mem::ManuallyDrop::new(v);
        self.data = v.as_mut_ptr();
        self.bytes = v.len();
        self.cap = v.capacity();
        r
    }

    /// The UTF-8 bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: `data` points at `bytes` initialised bytes.
        unsafe { std::slice::from_raw_parts(self.data, self.bytes) }
    }

    /// The UTF-8 text.
    #[inline]
    pub fn as_str(&self) -> &str {
        // SAFETY: the buffer always holds valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(self.as_bytes()) }
    }

    /// Length in characters.
    #[inline]
    pub fn len(&self) -> usize {
        self.chars
    }

    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }

    /// Whether every character is ASCII (then character and byte indices agree).
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.chars == self.bytes
    }

    /// The index of a non-ASCII text, built if missing.
    fn index(&self) -> &[u32] {
        // SAFETY: single-threaded; the slot is written only while it is empty, when no slice
        // of it can be out.
        let slot = unsafe { &mut *self.index.get() };
        if slot.is_none() {
            let idx: Vec<u32> = self
                .as_str()
                .char_indices()
                .step_by(STRIDE)
                .map(|(i, _)| i as u32)
                .collect();
            *slot = Some(idx);
        }
        slot.as_deref().unwrap_or(&[])
    }

    /// Byte offset of character `k` (`k == len()` gives the end).
    pub fn byte_offset(&self, k: usize) -> usize {
        if self.is_ascii() {
            return k.min(self.bytes);
        }
        if k >= self.chars {
            return self.bytes;
        }
        let from = self.index()[k / STRIDE] as usize;
        let rest = &self.as_str()[from..];
        rest.char_indices()
            .nth(k % STRIDE)
            .map_or(self.bytes, |(i, _)| from + i)
    }

    /// Character `k`, if in range.
    pub fn char_at(&self, k: usize) -> Option<char> {
        if k >= self.chars {
            return None;
        }
        if self.is_ascii() {
            return Some(self.as_bytes()[k] as char);
        }
        let at = self.byte_offset(k);
        self.as_str()[at..].chars().next()
    }

    /// Replaces character `k` (in range) with `c`.
    pub fn set_char(&mut self, k: usize, c: char) {
        if self.is_ascii() && c.is_ascii() {
            // SAFETY: `k < chars == bytes`; an ASCII byte over an ASCII byte keeps it UTF-8.
            unsafe { *self.data.add(k) = c as u8 };
            return;
        }
        let start = self.byte_offset(k);
        let old = self.as_str()[start..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        let mut buf = [0u8; 4];
        let new = c.encode_utf8(&mut buf).as_bytes();
        if new.len() == old {
            // Same width: overwrite in place; every byte offset stays right.
            // SAFETY: `start + old <= bytes`; a whole character replaces a whole character.
            unsafe { std::ptr::copy_nonoverlapping(new.as_ptr(), self.data.add(start), old) };
        } else {
            self.edit(|v| {
                v.splice(start..start + old, new.iter().copied());
            });
            let delta = new.len() as i64 - old as i64;
            if let Some(idx) = self.index.get_mut().as_deref_mut() {
                for off in idx.iter_mut().skip(k / STRIDE + 1) {
                    *off = (*off as i64 + delta) as u32;
                }
            }
        }
    }

    /// Characters `start..end` (in range) as a new `String`.
    pub fn substring(&self, start: usize, end: usize) -> String {
        let (a, b) = (self.byte_offset(start), self.byte_offset(end));
        self.as_str()[a..b].to_string()
    }

    /// Characters `start..end` (in range) as a new `SString`, without recounting characters.
    pub fn slice(&self, start: usize, end: usize) -> SString {
        let (a, b) = (self.byte_offset(start), self.byte_offset(end));
        let text = self.as_str()[a..b].to_string();
        SString::new_unchecked_count(text, end - start)
    }

    /// A string owning `text` of `chars` characters (the caller counted them).
    pub fn new_unchecked_count(text: String, chars: usize) -> SString {
        debug_assert_eq!(text.chars().count(), chars);
        let mut v = std::mem::ManuallyDrop::new(text.into_bytes());
        SString {
            data: v.as_mut_ptr(),
            bytes: v.len(),
            chars,
            cap: v.capacity(),
            index: UnsafeCell::new(None),
        }
    }

    /// Appends text.
    pub fn push_str(&mut self, s: &str) {
        self.chars += if s.is_ascii() {
            s.len()
        } else {
            s.chars().count()
        };
        self.edit(|v| v.extend_from_slice(s.as_bytes()));
        *self.index.get_mut() = None;
    }
}

impl Drop for SString {
    fn drop(&mut self) {
        // SAFETY: the parts came from a `Vec<u8>` that nothing else owns.
        drop(unsafe { Vec::from_raw_parts(self.data, self.bytes, self.cap) });
    }
}

impl Clone for SString {
    fn clone(&self) -> SString {
        SString::new_unchecked_count(self.as_str().to_string(), self.chars)
    }
}

impl Default for SString {
    fn default() -> SString {
        SString::new(String::new())
    }
}

impl fmt::Debug for SString {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_indexing_and_setting_stay_ascii() {
        let mut s = SString::new("hello".into());
        assert!(s.is_ascii());
        assert_eq!(s.char_at(1), Some('e'));
        s.set_char(0, 'j');
        assert_eq!((s.as_str(), s.is_ascii()), ("jello", true));
        s.set_char(4, 'λ');
        assert_eq!((s.as_str(), s.len(), s.is_ascii()), ("jellλ", 5, false));
        assert_eq!(s.char_at(4), Some('λ'));
        assert_eq!(s.char_at(5), None);
    }

    #[test]
    fn long_non_ascii_text_is_indexed_correctly_after_edits() {
        let text: String = (0..500)
            .map(|i| if i % 3 == 0 { 'é' } else { 'a' })
            .collect();
        let mut s = SString::new(text.clone());
        let mut model: Vec<char> = text.chars().collect();
        for (k, c) in [(7, '€'), (100, 'b'), (250, '😀'), (33, 'é'), (499, 'z')] {
            s.set_char(k, c);
            model[k] = c;
        }
        for (k, &c) in model.iter().enumerate() {
            assert_eq!(s.char_at(k), Some(c), "character {k}");
        }
        let expected: String = model[40..300].iter().collect();
        assert_eq!(s.substring(40, 300), expected);
        assert_eq!(s.slice(40, 300).as_str(), expected);
        assert_eq!(s.len(), 500);
    }

    #[test]
    fn push_str_counts_characters() {
        let mut s = SString::default();
        s.push_str("ab");
        s.push_str("ñ€");
        assert_eq!((s.len(), s.as_str()), (4, "abñ€"));
        assert_eq!(s.clone().char_at(3), Some('€'));
    }
}
