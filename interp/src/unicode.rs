//! Unicode case folding (full, as `string-foldcase`, `string-ci=?` and `#!fold-case` need:
//! "Maß" folds to "mass"; simple, one character to one, as `char-foldcase` needs), from ICU4X's
//! case data (`icu_casemap`, compiled in: no data files).

use writeable::Writeable;

/// The full case folding of `s`.
pub fn fold_case(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    icu_casemap::CaseMapper::new().fold_string(s).into_owned()
}

/// The characters of the full case folding of `s`, folded one by one as they are read, so that
/// comparing two texts (`string-ci<?` in a sort) builds neither. Full folding maps every
/// character on its own (no context, unlike lowercasing a final sigma), so this is
/// `fold_case(s).chars()`.
pub fn fold_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(Folded::of)
}

/// The full folding of one character: at most 3 characters (`ΐ` → `ΐ`), 9 bytes of UTF-8.
struct Folded {
    buf: [u8; 16],
    len: usize,
    at: usize,
}

impl Folded {
    fn of(c: char) -> Folded {
        let mut f = Folded {
            buf: [0; 16],
            len: 0,
            at: 0,
        };
        if c.is_ascii() {
            f.buf[0] = c.to_ascii_lowercase() as u8;
            f.len = 1;
        } else {
            let mut utf8 = [0; 4];
            icu_casemap::CaseMapper::new()
                .fold(c.encode_utf8(&mut utf8))
                .write_to(&mut f)
                .expect("a character folds to at most 16 bytes");
        }
        f
    }
}

impl std::fmt::Write for Folded {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Iterator for Folded {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        // Only whole characters were written (`write_str` takes `str`s).
        let rest = std::str::from_utf8(&self.buf[self.at..self.len]).ok()?;
        let c = rest.chars().next()?;
        self.at += c.len_utf8();
        Some(c)
    }
}

/// The simple case folding of `c` (one character to one character), as `char-foldcase` needs.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    icu_casemap::CaseMapper::new().simple_fold(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_is_full_for_strings_and_simple_for_characters() {
        assert_eq!(fold_case("Maß"), "mass");
        assert_eq!(fold_case("ΣΑΣ"), "σασ");
        assert_eq!(fold_case("ABC"), "abc");
        assert_eq!(fold_char('ß'), 'ß');
        assert_eq!(fold_char('ẞ'), 'ß');
        assert_eq!(fold_char('Σ'), 'σ');
        assert_eq!(fold_char('ς'), 'σ');
        assert_eq!(fold_char('A'), 'a');
        assert_eq!(fold_char('\u{3A3}'), 'σ');
        assert_eq!(fold_char('İ'), 'İ');
    }

    #[test]
    fn folding_character_by_character_is_folding_the_text() {
        for s in [
            "Maß",
            "STRASSE",
            "ﬁ ΐ ŉ",
            "ᾼ Ω K Å",
            "İstanbul",
            "abc",
            "",
            "Ǆ ǅ ǆ",
        ] {
            assert_eq!(fold_chars(s).collect::<String>(), fold_case(s), "{s}");
        }
        assert_eq!(fold_chars("ﬃ").collect::<String>(), "ffi");
    }
}
