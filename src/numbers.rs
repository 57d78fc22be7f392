//! Numbers and dates as the reader's language writes them: thousands grouped, shares with
//! one decimal, the decimal mark of Vietnamese (comma) or English (point), and dates as
//! dd/mm/yyyy in Vietnamese and yyyy-mm-dd in English. One place, so that the window, the
//! command line and every report write a figure the same way.

use chrono::NaiveDate;

use crate::lang::Lang;

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
pub fn percent_text(lang: Lang, part: impl Into<u64>, whole: impl Into<u64>) -> String {
    let (part, whole) = (part.into(), whole.into());
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

/// `v` with `places` decimals in the decimal mark of `lang`: `-105,5` in Vietnamese,
/// `-105.5` in English.
pub fn decimal_text(lang: Lang, v: f64, places: usize) -> String {
    let text = format!("{v:.places$}");
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A number the user typed, with either decimal mark (`-105,5` or `-105.5`).
pub fn parse_decimal(text: &str) -> Option<f64> {
    text.trim().replace(',', ".").parse().ok()
}

/// A signal level, to the decibel: `-117 dBm`.
pub fn dbm_text(v: f64) -> String {
    format!("{v:.0} dBm")
}

/// A position, latitude first, five decimals (about a metre): `21,98764; 105,81006` in
/// Vietnamese (the comma being the decimal mark), `21.98764, 105.81006` in English.
pub fn lat_lon_text(lang: Lang, lat: f64, lon: f64) -> String {
    let separator = match lang {
        Lang::Vi => "; ",
        Lang::En => ", ",
    };
    format!(
        "{}{separator}{}",
        decimal_text(lang, lat, 5),
        decimal_text(lang, lon, 5)
    )
}

/// A date as `lang` writes it: `09/03/2026` in Vietnamese, `2026-03-09` in English.
pub fn date_text(lang: Lang, date: NaiveDate) -> String {
    date.format(date_format(lang)).to_string()
}

/// The chrono format of [`date_text`].
pub fn date_format(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "%d/%m/%Y",
        Lang::En => "%Y-%m-%d",
    }
}

/// What a date field shows before anything is typed: `dd/mm/yyyy` or `yyyy-mm-dd`.
pub fn date_hint(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "dd/mm/yyyy",
        Lang::En => "yyyy-mm-dd",
    }
}

/// A date the user typed, in either language's way (`9/3/2026`, `09/03/2026`, `2026-03-09`).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
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
        assert_eq!(percent_text(Lang::Vi, 100u32, 123u32), "81,3%");
        assert_eq!(percent_text(Lang::En, 100u32, 123u32), "81.3%");
        assert_eq!(percent_text(Lang::Vi, 1u32, 0u32), "—");
    }

    #[test]
    fn decimals_dates_and_positions_follow_the_language() {
        assert_eq!(decimal_text(Lang::Vi, -105.5, 1), "-105,5");
        assert_eq!(decimal_text(Lang::En, -105.5, 1), "-105.5");
        assert_eq!(parse_decimal(" -105,5 "), Some(-105.5));
        assert_eq!(parse_decimal("-105.5"), Some(-105.5));
        assert_eq!(dbm_text(-116.6), "-117 dBm");
        assert_eq!(
            lat_lon_text(Lang::Vi, 21.987_64, 105.810_06),
            "21,98764; 105,81006"
        );
        assert_eq!(
            lat_lon_text(Lang::En, 21.987_64, 105.810_06),
            "21.98764, 105.81006"
        );
        let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(date_text(Lang::Vi, day), "09/03/2026");
        assert_eq!(date_text(Lang::En, day), "2026-03-09");
        for typed in ["9/3/2026", "09/03/2026", "2026-03-09"] {
            assert_eq!(parse_date(typed), Some(day), "{typed}");
        }
        assert_eq!(parse_date("2026-13-01"), None);
    }
}
