//! Comparing names as people type them: "Kec. Sarolangun", "DESA  Panti", "Siti-Aminah".
//! One folding for every search and match (regions, organisations, children, imports), so
//! that a name found in one place is found the same way in another.

/// Lower-case words of `s`, letters and digits only ("Kec. Sarolangun" → `kec`, `sarolangun`).
pub fn fold_words(s: &str) -> Vec<String> {
    fold_name(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Folds a name for comparison and for the stored search key (`children.name_key`): lower
/// case, letters and digits only, single spaces.
pub fn fold_name(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The search key of a name (`regions.name_key`, `organizations.name_key`, `people.name_key`):
/// lower case, letters and digits only, no spaces. "Kota Pangkal Pinang" and "pangkalpinang"
/// meet on `kotapangkalpinang` ⊇ `pangkalpinang`.
pub fn name_key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_case_fold_away() {
        assert_eq!(fold_name("  Kec.  SAROLANGUN-Kota "), "kec sarolangun kota");
        assert_eq!(fold_words("Desa Panti (lama)"), ["desa", "panti", "lama"]);
        assert!(fold_words("%_ 🙂").is_empty());
        assert_eq!(fold_name(""), "");
        assert_eq!(name_key("Kota Pangkal-Pinang"), "kotapangkalpinang");
    }
}
