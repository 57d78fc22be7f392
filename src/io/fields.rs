//! Finding the columns a user's file calls by one of many usual names.

use crate::fold::fold_key;

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
            crate::Error::usage(crate::message::Msg::NoColumnIn {
                file: path.display().to_string(),
                column: name.to_string(),
                what: what.to_string(),
                columns: columns.join(", "),
            })
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
    "quan_huyen",
    "huyen_thi_xa",
    "huyen_thanh_pho",
    "huyen_thi_xa_thanh_pho",
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
    "tinh_thanh_pho",
    "tinh_thanh",
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
    "ten_thon_ban",
    "thon_ban",
    "ten_thon_xom",
    "thon_xom",
    "thon_ban_xom",
    "thon_to_dan_pho",
    "ten_lang",
    "lang",
    "ten_buon",
    "buon",
    "ten_bon",
    "bon",
    "ap",
    "ten_diem_dan_cu",
    "diem_dan_cu",
];

/// Beginnings of longer village-name headings (`Tên thôn, bản, tổ dân phố`), compared by
/// [`fold_key`].
pub const VILLAGE_NAME_STEMS: &[&str] = &[
    "tenthon",
    "thonban",
    "thonxom",
    "tenban",
    "tenxom",
    "tenap",
    "tenlang",
    "tenbuon",
    "diemdancu",
];

/// Usual names of the commune column of a village list (`Xã`, `Xã/phường`, `Tên xã`).
pub const VILLAGE_COMMUNE: &[&str] = &[
    "ten_xa",
    "tenxa",
    "xa",
    "xa_phuong",
    "ten_xa_phuong",
    "phuong_xa",
    "xa_phuong_thi_tran",
    "xa_thi_tran",
    "phuong",
    "ten_phuong",
    "thi_tran",
    "don_vi_cap_xa",
    "commune_vn",
    "commune_name",
    "commune",
    "ward",
];

/// Beginnings of longer commune headings (`Xã, phường, thị trấn (trước 01/7/2025)`).
pub const VILLAGE_COMMUNE_STEMS: &[&str] = &["tenxa", "xaphuong", "phuongxa", "xathitran"];

/// Beginnings of longer district headings (`Huyện, thị xã, thành phố`).
pub const DISTRICT_STEMS: &[&str] = &["tenhuyen", "huyen", "quanhuyen"];

/// Beginnings of longer province headings (`Tỉnh/thành phố`).
pub const PROVINCE_STEMS: &[&str] = &["tentinh", "tinhthanh"];

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
    "kinh_do_dong",
];

/// Beginnings of longer longitude headings (`Kinh độ (WGS84)`, `Kinh độ Đông`).
pub const LONGITUDE_STEMS: &[&str] = &["kinhdo", "longitude"];

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
    "vi_do_bac",
];

/// Beginnings of longer latitude headings (`Vĩ độ (WGS84)`, `Vĩ độ Bắc`).
pub const LATITUDE_STEMS: &[&str] = &["vido", "latitude"];

/// Usual names of projected X and Y columns (VN-2000 or UTM metres). In Vietnamese surveys
/// X is the northing and Y the easting.
pub const PROJECTED_X: &[&str] = &["x", "toa_do_x", "x_vn2000", "x_m", "coord_x", "x_utm"];

/// See [`PROJECTED_X`].
pub const PROJECTED_Y: &[&str] = &["y", "toa_do_y", "y_vn2000", "y_m", "coord_y", "y_utm"];

/// Beginnings of longer projected headings (`Tọa độ X (VN-2000)`).
pub const PROJECTED_X_STEMS: &[&str] = &["toadox", "xvn2000"];

/// See [`PROJECTED_X_STEMS`].
pub const PROJECTED_Y_STEMS: &[&str] = &["toadoy", "yvn2000"];

/// Usual names of a village list's own village code (`Mã thôn`).
pub const VILLAGE_CODE: &[&str] = &[
    "ma_thon",
    "mathon",
    "ma_ban",
    "ma_thon_ban",
    "ma_dia_ban",
    "village_code",
    "village_id",
    "code_thon",
];

/// Beginnings of longer village-code headings (`Mã thôn, bản`).
pub const VILLAGE_CODE_STEMS: &[&str] = &["mathon", "maban", "villagecode"];

/// Usual names of a households column (`Số hộ`).
pub const HOUSEHOLDS: &[&str] = &[
    "so_ho",
    "soho",
    "so_ho_dan",
    "tong_so_ho",
    "ho",
    "households",
    "household",
    "hh",
    "num_households",
];

/// Beginnings of longer households headings (`Số hộ gia đình`, `Tổng số hộ (hộ)`).
pub const HOUSEHOLDS_STEMS: &[&str] = &["soho", "tongsoho", "household"];

/// Usual names of a population column (`Số dân`, `Nhân khẩu`).
pub const POPULATION: &[&str] = &[
    "dan_so",
    "danso",
    "so_dan",
    "sodan",
    "nhan_khau",
    "nhankhau",
    "so_nhan_khau",
    "so_khau",
    "population",
    "pop",
];

/// Beginnings of longer population headings (`Số nhân khẩu (người)`).
pub const POPULATION_STEMS: &[&str] = &["danso", "sodan", "nhankhau", "sonhankhau", "population"];

/// Usual names of a grid-power column (`Điện lưới`, `Có điện`).
pub const GRID_POWER: &[&str] = &[
    "dien_luoi",
    "dienluoi",
    "co_dien",
    "codien",
    "dien",
    "co_dien_luoi",
    "dien_luoi_quoc_gia",
    "grid_power",
    "power",
    "electricity",
    "electrified",
];

/// Beginnings of longer grid-power headings (`Điện lưới quốc gia (có/không)`).
pub const GRID_POWER_STEMS: &[&str] = &["dienluoi", "codien", "gridpower", "electric"];

/// Headings of columns a village list often has besides the ones phusong reads: the row
/// number (`STT`), codes, notes. They help find the header row.
pub const OTHER_LIST_COLUMNS: &[&str] = &[
    "stt",
    "tt",
    "so_tt",
    "so_thu_tu",
    "ma",
    "ma_thon",
    "ma_xa",
    "ma_huyen",
    "id",
    "ghi_chu",
    "note",
    "notes",
    "toa_do",
    "so_ho",
    "dan_so",
    "so_khau",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold_letters;

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
