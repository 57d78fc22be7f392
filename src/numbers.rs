//! Numbers as the reader's language writes them: thousands grouped, shares with one
//! decimal, with the decimal mark of Vietnamese or English. One place, so that the window,
//! the command line and every report write a figure the same way.

use crate::i18n::Lang;

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count as a sentence of `lang` writes it: `1.874` in Vietnamese, `1,874` in English.
pub fn count_text(lang: Lang, n: u64) -> String {
    let s = thousands(n);
    match lang {
        Lang::Vi => s.replace(',', "."),
        Lang::En => s,
    }
}

/// `part` of `whole` as a sentence of `lang` writes it, one decimal: `81,3%` in Vietnamese,
/// `81.3%` in English; a dash when `whole` is 0.
pub fn percent_text(lang: Lang, part: u32, whole: u32) -> String {
    if whole == 0 {
        return "—".into();
    }
    let s = format!("{:.1}%", 100.0 * part as f64 / whole as f64);
    match lang {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A percentage already computed, to one decimal without a needless `.0`, in the decimal
/// mark of `lang`: `50`, `62,5` in Vietnamese, `62.5` in English.
pub fn percent_value_text(lang: Lang, p: f64) -> String {
    let text = format!("{p:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1874), "1,874");
        assert_eq!(thousands(10_000_000), "10,000,000");
    }

    #[test]
    fn vietnamese_groups_with_points_and_decimals_with_a_comma() {
        assert_eq!(count_text(Lang::Vi, 12_340), "12.340");
        assert_eq!(count_text(Lang::En, 12_340), "12,340");
        assert_eq!(percent_text(Lang::Vi, 100, 123), "81,3%");
        assert_eq!(percent_text(Lang::En, 100, 123), "81.3%");
        assert_eq!(percent_text(Lang::Vi, 1, 0), "—");
    }
}
