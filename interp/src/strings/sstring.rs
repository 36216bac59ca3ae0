//! `SString`: the payload of a string object. UTF-8 inside; character indexing is O(1) while the
//! text is ASCII (the common case) and a scan otherwise.

/// A mutable Scheme string.
#[derive(Clone, Debug, Default)]
pub struct SString {
    text: String,
    /// Length in characters.
    chars: usize,
}

impl SString {
    /// A string owning `text`.
    pub fn new(text: String) -> SString {
        let chars = text.chars().count();
        SString { text, chars }
    }
    /// The UTF-8 text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// Length in characters.
    pub fn len(&self) -> usize {
        self.chars
    }
    pub fn is_empty(&self) -> bool {
        self.chars == 0
    }
    fn is_ascii(&self) -> bool {
        self.chars == self.text.len()
    }
    /// Byte offset of character `k` (`k == len()` gives the end).
    pub fn byte_offset(&self, k: usize) -> usize {
        if self.is_ascii() {
            k
        } else {
            self.text
                .char_indices()
                .nth(k)
                .map_or(self.text.len(), |(i, _)| i)
        }
    }
    /// Character `k`, if in range.
    pub fn char_at(&self, k: usize) -> Option<char> {
        if k >= self.chars {
            return None;
        }
        if self.is_ascii() {
            Some(self.text.as_bytes()[k] as char)
        } else {
            self.text.chars().nth(k)
        }
    }
    /// Replaces character `k` (in range) with `c`.
    pub fn set_char(&mut self, k: usize, c: char) {
        let start = self.byte_offset(k);
        let end = self.byte_offset(k + 1);
        let mut buf = [0u8; 4];
        self.text.replace_range(start..end, c.encode_utf8(&mut buf));
    }
    /// Characters `start..end` (in range) as a new `String`.
    pub fn substring(&self, start: usize, end: usize) -> String {
        self.text[self.byte_offset(start)..self.byte_offset(end)].to_string()
    }
    /// Appends text.
    pub fn push_str(&mut self, s: &str) {
        self.chars += s.chars().count();
        self.text.push_str(s);
    }
}
