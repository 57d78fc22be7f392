//! The central meridians of the VN-2000 TM-3 zones, province by province.
//!
//! Circular 973/2001/TT-TCĐC gives each of the 63 provinces of the time the central meridian
//! of its 3° transverse Mercator zone (scale 0.9999, false easting 500,000 m). EPSG encodes the
//! same table as the areas of use of `VN-2000 / TM-3 …` (EPSG:5896–5899, 9205–9218). Since
//! 1 July 2025 there are 34 provinces; a merged province has the meridians of the provinces it
//! was made from, and a file keeps the one its data were surveyed in.

/// A province before the July 2025 reform and the central meridian of its TM-3 zone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Province {
    /// The name as Vietnamese write it, without "Tỉnh" or "Thành phố".
    pub name: &'static str,
    /// Other names users type for it (ASCII forms are matched anyway).
    pub aliases: &'static [&'static str],
    /// Central meridian of the province's TM-3 zone, degrees east.
    pub central_meridian_deg: f64,
    /// Approximate extent (west, south, east, north) in degrees, islands far offshore left out:
    /// enough to tell which provinces a layer could belong to, not a boundary.
    pub extent_deg: [f64; 4],
}

/// A province since 1 July 2025 (Resolution 202/2025/QH15) and the pre-2025 provinces it
/// was made from, first the one whose name it kept.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Province2025 {
    /// The name as Vietnamese write it, without "Tỉnh" or "Thành phố".
    pub name: &'static str,
    /// The names of the pre-2025 provinces it was made from (see [`PROVINCES`]).
    pub from: &'static [&'static str],
}

const fn p(
    name: &'static str,
    aliases: &'static [&'static str],
    central_meridian_deg: f64,
    extent_deg: [f64; 4],
) -> Province {
    Province {
        name,
        aliases,
        central_meridian_deg,
        extent_deg,
    }
}

/// The 63 provinces of Circular 973/2001/TT-TCĐC (Hà Tây, merged into Hà Nội in 2008, had
/// Hà Nội's 105°00′), north to south.
pub const PROVINCES: [Province; 63] = [
    p("Lai Châu", &[], 103.0, [102.3, 21.7, 103.9, 22.85]),
    p("Điện Biên", &[], 103.0, [102.1, 20.85, 103.6, 22.55]),
    p("Sơn La", &[], 104.0, [103.2, 20.55, 105.05, 22.05]),
    p("Lào Cai", &[], 104.75, [103.5, 21.85, 104.65, 22.9]),
    p("Yên Bái", &[], 104.75, [103.9, 21.3, 105.1, 22.3]),
    p("Hà Giang", &[], 105.5, [104.3, 22.15, 105.6, 23.4]),
    p("Tuyên Quang", &[], 106.0, [104.85, 21.45, 105.65, 22.7]),
    p("Phú Thọ", &[], 104.75, [104.8, 20.9, 105.45, 21.75]),
    p("Vĩnh Phúc", &[], 105.0, [105.3, 21.1, 105.8, 21.6]),
    p("Cao Bằng", &[], 105.75, [105.25, 22.35, 106.85, 23.15]),
    p("Lạng Sơn", &[], 107.25, [106.05, 21.3, 107.4, 22.5]),
    p("Bắc Kạn", &["Bắc Cạn"], 106.5, [105.4, 21.8, 106.3, 22.8]),
    p("Thái Nguyên", &[], 106.5, [105.45, 21.3, 106.3, 22.05]),
    p("Bắc Giang", &[], 107.0, [105.85, 21.1, 107.05, 21.65]),
    p("Bắc Ninh", &[], 105.5, [105.9, 20.95, 106.3, 21.3]),
    p("Quảng Ninh", &[], 107.75, [106.4, 20.7, 108.1, 21.7]),
    p("Hải Phòng", &[], 105.75, [106.4, 20.6, 107.15, 21.05]),
    p("Hải Dương", &[], 105.5, [106.0, 20.65, 106.65, 21.25]),
    p("Hưng Yên", &[], 105.5, [105.9, 20.6, 106.3, 21.05]),
    p("Hà Nội", &["Hà Tây"], 105.0, [105.25, 20.5, 106.05, 21.4]),
    p(
        "Hòa Bình",
        &["Hoà Bình"],
        106.0,
        [104.8, 20.3, 105.85, 21.1],
    ),
    p("Hà Nam", &[], 105.0, [105.7, 20.3, 106.2, 20.7]),
    p("Nam Định", &[], 105.5, [105.9, 19.9, 106.6, 20.5]),
    p("Thái Bình", &[], 105.5, [106.0, 20.3, 106.7, 20.8]),
    p("Ninh Bình", &[], 105.0, [105.5, 19.9, 106.2, 20.5]),
    p(
        "Thanh Hóa",
        &["Thanh Hoá"],
        105.0,
        [104.35, 19.25, 106.1, 20.7],
    ),
    p("Nghệ An", &[], 104.75, [103.85, 18.55, 105.85, 20.0]),
    p("Hà Tĩnh", &[], 105.5, [105.1, 17.9, 106.55, 18.8]),
    p("Quảng Bình", &[], 106.0, [105.6, 16.9, 107.0, 18.1]),
    p("Quảng Trị", &[], 106.25, [106.5, 16.3, 107.4, 17.2]),
    p(
        "Thừa Thiên Huế",
        &["Huế", "Thừa Thiên-Huế"],
        107.0,
        [107.0, 15.95, 108.2, 16.8],
    ),
    p("Đà Nẵng", &[], 107.75, [107.8, 15.9, 108.35, 16.2]),
    p("Quảng Nam", &[], 107.75, [107.2, 14.9, 108.75, 16.1]),
    p("Quảng Ngãi", &[], 108.0, [108.1, 14.5, 109.15, 15.45]),
    p("Kon Tum", &[], 107.5, [107.3, 13.9, 108.55, 15.45]),
    p("Gia Lai", &[], 108.5, [107.45, 12.95, 108.9, 14.6]),
    p("Bình Định", &[], 108.25, [108.6, 13.5, 109.35, 14.7]),
    p("Phú Yên", &[], 108.5, [108.65, 12.65, 109.5, 13.7]),
    p(
        "Đắk Lắk",
        &["Đắc Lắc", "Đăk Lăk"],
        108.5,
        [107.45, 12.15, 108.95, 13.45],
    ),
    p(
        "Đắk Nông",
        &["Đăk Nông"],
        108.5,
        [107.2, 11.7, 108.2, 12.85],
    ),
    p(
        "Khánh Hòa",
        &["Khánh Hoà"],
        108.25,
        [108.65, 11.8, 109.5, 12.9],
    ),
    p("Ninh Thuận", &[], 108.25, [108.55, 11.3, 109.25, 12.2]),
    p("Lâm Đồng", &[], 107.75, [107.2, 11.2, 108.75, 12.4]),
    p("Bình Thuận", &[], 108.5, [107.4, 10.5, 108.95, 11.6]),
    p("Bình Phước", &[], 106.25, [106.4, 11.3, 107.45, 12.3]),
    p("Tây Ninh", &[], 105.5, [105.8, 10.95, 106.4, 11.8]),
    p("Bình Dương", &[], 105.75, [106.3, 10.85, 106.95, 11.5]),
    p("Đồng Nai", &[], 107.75, [106.75, 10.5, 107.6, 11.6]),
    p(
        "Bà Rịa - Vũng Tàu",
        &["Bà Rịa Vũng Tàu", "Vũng Tàu"],
        107.75,
        [106.55, 8.6, 107.6, 10.8],
    ),
    p(
        "Hồ Chí Minh",
        &["TP Hồ Chí Minh", "TP HCM", "HCM", "Sài Gòn"],
        105.75,
        [106.35, 10.35, 107.05, 11.2],
    ),
    p("Long An", &[], 105.75, [105.5, 10.4, 106.8, 11.05]),
    p("Tiền Giang", &[], 105.75, [105.8, 10.2, 106.8, 10.6]),
    p("Bến Tre", &[], 105.75, [106.0, 9.8, 106.85, 10.35]),
    p("Đồng Tháp", &[], 105.0, [105.2, 10.1, 106.0, 10.95]),
    p("Vĩnh Long", &[], 105.5, [105.7, 9.9, 106.3, 10.35]),
    p("Trà Vinh", &[], 105.5, [105.95, 9.5, 106.6, 10.1]),
    p("An Giang", &[], 104.75, [104.75, 10.2, 105.6, 10.95]),
    p("Kiên Giang", &[], 104.5, [103.45, 9.25, 105.55, 10.55]),
    p("Cần Thơ", &[], 105.0, [105.2, 9.9, 105.9, 10.35]),
    p("Hậu Giang", &[], 105.0, [105.3, 9.6, 106.0, 10.05]),
    p("Sóc Trăng", &[], 105.5, [105.55, 9.2, 106.3, 9.95]),
    p("Bạc Liêu", &[], 105.0, [105.2, 9.0, 105.9, 9.6]),
    p("Cà Mau", &[], 104.5, [104.7, 8.55, 105.45, 9.6]),
];

const fn m(name: &'static str, from: &'static [&'static str]) -> Province2025 {
    Province2025 { name, from }
}

/// The 34 provinces since 1 July 2025, north to south. Eleven kept their territory; the
/// others were merged from two or three (the first named kept its name, Huế that of
/// Thừa Thiên Huế).
pub const PROVINCES_2025: [Province2025; 34] = [
    m("Lai Châu", &["Lai Châu"]),
    m("Điện Biên", &["Điện Biên"]),
    m("Sơn La", &["Sơn La"]),
    m("Lào Cai", &["Lào Cai", "Yên Bái"]),
    m("Tuyên Quang", &["Tuyên Quang", "Hà Giang"]),
    m("Cao Bằng", &["Cao Bằng"]),
    m("Lạng Sơn", &["Lạng Sơn"]),
    m("Thái Nguyên", &["Thái Nguyên", "Bắc Kạn"]),
    m("Phú Thọ", &["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]),
    m("Bắc Ninh", &["Bắc Ninh", "Bắc Giang"]),
    m("Quảng Ninh", &["Quảng Ninh"]),
    m("Hà Nội", &["Hà Nội"]),
    m("Hải Phòng", &["Hải Phòng", "Hải Dương"]),
    m("Hưng Yên", &["Hưng Yên", "Thái Bình"]),
    m("Ninh Bình", &["Ninh Bình", "Hà Nam", "Nam Định"]),
    m("Thanh Hóa", &["Thanh Hóa"]),
    m("Nghệ An", &["Nghệ An"]),
    m("Hà Tĩnh", &["Hà Tĩnh"]),
    m("Quảng Trị", &["Quảng Trị", "Quảng Bình"]),
    m("Huế", &["Thừa Thiên Huế"]),
    m("Đà Nẵng", &["Đà Nẵng", "Quảng Nam"]),
    m("Quảng Ngãi", &["Quảng Ngãi", "Kon Tum"]),
    m("Gia Lai", &["Gia Lai", "Bình Định"]),
    m("Đắk Lắk", &["Đắk Lắk", "Phú Yên"]),
    m("Khánh Hòa", &["Khánh Hòa", "Ninh Thuận"]),
    m("Lâm Đồng", &["Lâm Đồng", "Đắk Nông", "Bình Thuận"]),
    m("Đồng Nai", &["Đồng Nai", "Bình Phước"]),
    m(
        "Hồ Chí Minh",
        &["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    ),
    m("Tây Ninh", &["Tây Ninh", "Long An"]),
    m("Đồng Tháp", &["Đồng Tháp", "Tiền Giang"]),
    m("Vĩnh Long", &["Vĩnh Long", "Bến Tre", "Trà Vinh"]),
    m("Cần Thơ", &["Cần Thơ", "Sóc Trăng", "Hậu Giang"]),
    m("An Giang", &["An Giang", "Kiên Giang"]),
    m("Cà Mau", &["Cà Mau", "Bạc Liêu"]),
];

/// The pre-2025 province of that name (see [`province_key`]).
pub fn province(name: &str) -> Option<&'static Province> {
    let key = province_key(name);
    if key.is_empty() {
        return None;
    }
    PROVINCES
        .iter()
        .find(|p| province_key(p.name) == key || p.aliases.iter().any(|a| province_key(a) == key))
}

impl Province2025 {
    /// The pre-2025 provinces it was made from.
    pub fn parts(&self) -> impl Iterator<Item = &'static Province> + '_ {
        self.from.iter().filter_map(|n| province(n))
    }
}

/// A province name folded for comparison: no diacritics, case, spaces or punctuation, and
/// without a leading "tỉnh", "thành phố" or "TP".
pub fn province_key(name: &str) -> String {
    let folded = crate::fold::fold_key(name);
    for prefix in ["thanhpho", "tinh", "tp"] {
        if let Some(rest) = folded.strip_prefix(prefix)
            && !rest.is_empty()
            && province_key_exists(rest)
        {
            return rest.to_string();
        }
    }
    folded
}

fn province_key_exists(key: &str) -> bool {
    PROVINCES.iter().any(|p| {
        crate::fold::fold_key(p.name) == key
            || p.aliases.iter().any(|a| crate::fold::fold_key(a) == key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_and_every_part_of_a_2025_province_is_known() {
        assert_eq!(PROVINCES.len(), 63);
        let mut names: Vec<String> = PROVINCES.iter().map(|p| province_key(p.name)).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 63, "no name twice");
        let mut used: Vec<&str> = Vec::new();
        for m in PROVINCES_2025 {
            assert_eq!(m.parts().count(), m.from.len(), "{}", m.name);
            used.extend(m.from);
        }
        used.sort();
        used.dedup();
        assert_eq!(
            used.len(),
            63,
            "every old province is in exactly one new one"
        );
    }

    #[test]
    fn meridians_are_those_of_the_circular() {
        let cm = |n: &str| province(n).map(|p| p.central_meridian_deg);
        assert_eq!(cm("Bắc Kạn"), Some(106.5));
        assert_eq!(cm("bac kan"), Some(106.5));
        assert_eq!(cm("Tỉnh Bắc Kạn"), Some(106.5));
        assert_eq!(cm("TP. Hồ Chí Minh"), Some(105.75));
        assert_eq!(cm("Thành phố Hà Nội"), Some(105.0));
        assert_eq!(cm("Quảng Ninh"), Some(107.75));
        assert_eq!(cm("Huế"), Some(107.0));
        assert_eq!(cm("Cà Mau"), Some(104.5));
        assert_eq!(cm("Atlantis"), None);
        assert_eq!(cm(""), None);
        for p in PROVINCES {
            assert!(
                (102.0..=108.5).contains(&p.central_meridian_deg),
                "{}",
                p.name
            );
            assert!((p.central_meridian_deg * 4.0).fract() == 0.0, "{}", p.name);
            let [w, s, e, n] = p.extent_deg;
            assert!(w < e && s < n && w > 102.0 && e < 110.0 && s > 8.0 && n < 23.5);
        }
    }
}
