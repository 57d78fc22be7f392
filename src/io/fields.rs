//! Finding the columns a user's file calls by one of many usual names.

use unicode_normalization::UnicodeNormalization;

/// Folds text for matching: lower case, Vietnamese diacritics removed (`đ` → `d`), and
/// everything but letters and digits dropped. `Tên_Xã`, `ten xa` and `TENXA` all fold to
/// `tenxa`.
pub fn fold_key(text: &str) -> String {
    fold_letters(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Lower case without diacritics, keeping spaces and punctuation: `Nà Lẹng` → `na leng`.
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

/// The first of `candidates` (in order of preference) that names one of `columns`,
/// compared by [`fold_key`]. Returns the index into `columns`.
pub fn find_column(columns: &[String], candidates: &[&str]) -> Option<usize> {
    let keys: Vec<String> = columns.iter().map(|c| fold_key(c)).collect();
    candidates.iter().find_map(|cand| {
        let want = fold_key(cand);
        keys.iter().position(|k| *k == want)
    })
}

/// The column the user named: exact match first, then by [`fold_key`].
pub fn named_column(columns: &[String], name: &str) -> Option<usize> {
    columns
        .iter()
        .position(|c| c == name)
        .or_else(|| find_column(columns, &[name]))
}

/// The column for `what`: the one the user named (`given`), which must exist, or else the
/// first of the `usual` names that the file has.
pub fn choose_column(
    path: &std::path::Path,
    columns: &[String],
    given: Option<&str>,
    usual: &[&str],
    what: &str,
) -> crate::Result<Option<usize>> {
    match given {
        Some(name) => named_column(columns, name).map(Some).ok_or_else(|| {
            crate::Error::Usage(format!(
                "{}: has no column \"{name}\" for the {what}. Its columns are: {}.",
                path.display(),
                columns.join(", ")
            ))
        }),
        None => Ok(find_column(columns, usual)),
    }
}

/// Usual names of a commune's code, most specific first.
pub const COMMUNE_CODE: &[&str] = &[
    "ma_xa",
    "maxa",
    "ma_px",
    "ma_phuong_xa",
    "commune_code",
    "commune_id",
    "communeid",
    "code_xa",
    "xa_code",
    "ma_dvhc",
    "madvhc",
    "gid_3",
    "id_3",
    "adm3_pcode",
    "admin3pcode",
    "code",
    "ma",
];

/// Usual names of a commune's name; Vietnamese spellings before ASCII ones.
pub const COMMUNE_NAME: &[&str] = &[
    "ten_xa",
    "tenxa",
    "ten_px",
    "ten_phuong_xa",
    "commune_vn",
    "commune_v",
    "commune_name",
    "communename",
    "name_3",
    "adm3_vi",
    "adm3_en",
    "commune",
    "xa",
    "ten",
    "name",
];

/// Usual names of the district (absent from boundaries after the July 2025 reform).
pub const DISTRICT: &[&str] = &[
    "ten_huyen",
    "tenhuyen",
    "district_v",
    "district_vn",
    "district_name",
    "name_2",
    "adm2_vi",
    "adm2_en",
    "district",
    "huyen",
];

/// Usual names of the province.
pub const PROVINCE: &[&str] = &[
    "ten_tinh",
    "tentinh",
    "province_v",
    "province_vn",
    "province_name",
    "name_1",
    "adm1_vi",
    "adm1_en",
    "province",
    "tinh",
];

/// Usual names of a village's name.
pub const VILLAGE_NAME: &[&str] = &[
    "ten_thon",
    "tenthon",
    "ten_ban",
    "ten_xom",
    "ten_ap",
    "village_vn",
    "village_name",
    "village",
    "thon",
    "ban",
    "xom",
    "name_vi",
    "name:vi",
    "ten",
    "name",
    "ten_diem",
];

/// Usual names of a longitude column.
pub const LONGITUDE: &[&str] = &[
    "lon",
    "lng",
    "long",
    "longitude",
    "kinh_do",
    "kinhdo",
    "kinh do",
    "x",
    "lon_wgs84",
    "point_x",
];

/// Usual names of a latitude column.
pub const LATITUDE: &[&str] = &[
    "lat",
    "latitude",
    "vi_do",
    "vido",
    "vĩ độ",
    "y",
    "lat_wgs84",
    "point_y",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_diacritics_and_separators() {
        assert_eq!(fold_key("Tên_Xã"), "tenxa");
        assert_eq!(fold_key("TENXA"), "tenxa");
        assert_eq!(fold_key("Kinh độ"), "kinhdo");
        assert_eq!(fold_letters("Nà Lẹng"), "na leng");
        assert_eq!(fold_letters("Đồng Đăng"), "dong dang");
    }

    #[test]
    fn preference_order_wins_over_column_order() {
        let cols: Vec<String> = ["commune", "commune_vn", "commune_id"]
            .map(String::from)
            .to_vec();
        assert_eq!(find_column(&cols, COMMUNE_NAME), Some(1));
        assert_eq!(find_column(&cols, COMMUNE_CODE), Some(2));
        assert_eq!(find_column(&cols, DISTRICT), None);
    }
}
