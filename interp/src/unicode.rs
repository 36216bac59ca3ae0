//! Unicode case folding (full, as `string-foldcase` and `string-ci=?` need: "Maß" folds to
//! "mass"), from ICU4X's case data.

/// The full case folding of `s`.
pub fn fold_case(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    icu_casemap::CaseMapper::new().fold_string(s).into_owned()
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
    }
}
