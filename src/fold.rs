//! Text folded for matching: what a user types and what a file calls a column or a place
//! compare equal whatever the case, the diacritics and the punctuation. Column finding,
//! coordinate-system names and the window's search all use it.

use unicode_normalization::UnicodeNormalization;

/// Folds text for matching: lower case, Vietnamese diacritics removed (`đ` → `d`), and
/// everything but letters and digits dropped. `Tên_Xã`, `ten xa` and `TENXA` all fold to
/// `tenxa`.
///
/// ```
/// use phusong::fold::fold_key;
/// assert_eq!(fold_key("Tên_Xã"), "tenxa");
/// assert_eq!(fold_key("Đồng Văn"), "dongvan");
/// ```
pub fn fold_key(text: &str) -> String {
    fold_letters(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Lower case without diacritics, keeping spaces and punctuation: `Nà Lẹng` → `na leng`.
///
/// ```
/// assert_eq!(phusong::fold::fold_letters("Nà Lẹng"), "na leng");
/// ```
pub fn fold_letters(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}
