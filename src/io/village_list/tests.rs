//! The village-list reader's unit tests: headings, header rows, coordinates and guesses.

use super::cells::*;
use super::guessing::*;
use super::header::*;
use super::roles::*;
use super::words::*;
use crate::crs::Crs;
use crate::io::table::{Cell, Row, Sheet};
use crate::io::village_layer::VillageOptions;

fn row(number: u64, cells: &[&str]) -> Row {
    Row {
        number,
        cells: cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(c.to_string())
                }
            })
            .collect(),
    }
}

fn sheet(rows: Vec<Row>) -> Sheet {
    Sheet {
        name: Some("DS".into()),
        hidden: false,
        first_column: 0,
        rows,
    }
}

#[test]
fn vietnamese_headings_find_their_roles() {
    let cases = [
        ("Tên thôn", Role::Name),
        ("Thôn/bản", Role::Name),
        ("Tên thôn, bản, tổ dân phố", Role::Name),
        ("TEN_THON", Role::Name),
        ("Kinh độ", Role::Longitude),
        ("Kinh độ (WGS84)", Role::Longitude),
        ("KINH ĐỘ ĐÔNG", Role::Longitude),
        ("Vĩ độ", Role::Latitude),
        ("Vĩ độ\n(độ thập phân)", Role::Latitude),
        ("Lon", Role::Longitude),
        ("lat", Role::Latitude),
        ("Xã", Role::Commune),
        ("Phường", Role::Commune),
        ("Xã, phường, thị trấn", Role::Commune),
        ("Huyện", Role::District),
        ("Huyện, thị xã, thành phố", Role::District),
        ("Tỉnh", Role::Province),
        ("Tọa độ X (VN-2000)", Role::ProjectedX),
        ("Y (m)", Role::ProjectedY),
    ];
    for (heading, role) in cases {
        assert!(role.rank(heading).is_some(), "{heading} as {role:?}");
    }
    assert_eq!(Role::Name.rank("Tên xã"), None);
    assert_eq!(Role::Province.rank("Tình trạng"), None);
    assert_eq!(Role::Latitude.rank("Ví dụ"), None);
    assert!(Role::Longitude.rank("Kinh độ") < Role::Longitude.rank("Kinh độ Đông xx"));
}

#[test]
fn the_header_is_found_under_a_title() {
    let s = sheet(vec![
        row(1, &["DANH SÁCH THÔN, BẢN TỈNH BẮC KẠN"]),
        row(2, &["(Kèm theo Công văn số 123/STTTT)"]),
        row(4, &["STT", "Tên thôn", "Xã", "Kinh độ", "Vĩ độ"]),
        row(5, &["(1)", "(2)", "(3)", "(4)", "(5)"]),
        row(6, &["1", "Pan Xá", "Lương Thượng", "106.08", "22.26"]),
    ]);
    let pick = find_header(&s, &VillageOptions::default()).unwrap();
    assert_eq!((pick.row, pick.usable), (2, true));
    assert!(is_numbering_row(&s.rows[3]));
    assert!(!is_numbering_row(&s.rows[4]));
    assert_eq!(
        columns_at(&s, 2),
        ["STT", "Tên thôn", "Xã", "Kinh độ", "Vĩ độ"]
    );
}

#[test]
fn a_two_row_header_takes_empty_headings_from_above() {
    let s = sheet(vec![
        row(3, &["STT", "Tên thôn/bản", "Xã", "Tọa độ", ""]),
        row(4, &["", "", "", "Kinh độ", "Vĩ độ"]),
        row(5, &["1", "Pan Xá", "Lương Thượng", "106.08", "22.26"]),
    ]);
    let pick = find_header(&s, &VillageOptions::default()).unwrap();
    assert_eq!(pick.row, 1);
    assert_eq!(
        columns_at(&s, 1),
        ["STT", "Tên thôn/bản", "Xã", "Kinh độ", "Vĩ độ"]
    );
}

#[test]
fn empty_and_repeated_headings_get_names() {
    let s = sheet(vec![row(1, &["X", "", "X", "Lon", "Lat"])]);
    assert_eq!(
        columns_at(&s, 0),
        ["X", "(column B)", "X (2)", "Lon", "Lat"]
    );
}

#[test]
fn headings_totals_and_signatures_are_not_villages() {
    for t in [
        "I. Xã Cao Kỳ",
        "II) Huyện Chợ Mới",
        "Xã Cao Kỳ",
        "Tổng cộng",
        "Cộng",
        "Người lập biểu",
        "Ngày 12 tháng 3 năm 2026",
        "(Ký, ghi rõ họ tên)",
    ] {
        assert!(is_heading_text(t), "{t}");
    }
    for t in ["Pan Xá", "Tổng Lỳ", "Cộng Hòa", "Bản Xã", "Vi Hạ"] {
        assert!(!is_heading_text(t), "{t}");
    }
}

#[test]
fn x_and_y_in_degrees_are_longitude_and_latitude_in_metres_projected() {
    let rows = vec![
        row(2, &["A", "106.08", "22.26"]),
        row(3, &["B", "105.9", "22.3"]),
    ];
    let cols: Vec<String> = ["Tên", "X", "Y"].map(String::from).to_vec();
    let (m, p) = guess(&cols, &rows, &VillageOptions::default());
    assert_eq!(
        (m.longitude, m.latitude, m.name),
        (Some(1), Some(2), Some(0))
    );
    assert!(p.is_empty(), "{p:?}");
    let rows = vec![row(2, &["A", "2463512.4", "435678.1"])];
    let (m, p) = guess(&cols, &rows, &VillageOptions::default());
    assert_eq!(
        (m.longitude, m.projected_x, m.projected_y),
        (None, Some(1), Some(2))
    );
    assert_eq!(p, [Problem::ProjectedOnly]);
    assert_eq!(confidence(&m, &p, Space::Degrees), Confidence::Projected);
}

fn in_tm3() -> VillageOptions {
    VillageOptions {
        crs: Some(Crs::Vn2000Tm3 {
            central_meridian_deg: 106.5,
        }),
        ..VillageOptions::default()
    }
}

#[test]
fn with_a_projected_system_x_and_y_in_metres_are_the_coordinates() {
    let cols: Vec<String> = ["Tên thôn", "X (VN-2000)", "Y (VN-2000)"]
        .map(String::from)
        .to_vec();
    let rows = vec![row(4, &["Pan Xá", "2463512.4", "435678.1"])];
    let (m, p) = guess(&cols, &rows, &in_tm3());
    assert_eq!(
        (m.projected_x, m.projected_y, m.name),
        (Some(1), Some(2), Some(0))
    );
    assert!(p.is_empty(), "{p:?}");
    assert_eq!(confidence(&m, &p, Space::Metres), Confidence::Sure);
    // `lon`/`lat` headings over metres are read as X/Y too.
    let cols: Vec<String> = ["name", "lon", "lat"].map(String::from).to_vec();
    let (m, p) = guess(&cols, &rows, &in_tm3());
    assert_eq!((m.projected_x, m.projected_y), (Some(1), Some(2)));
    assert!(p.is_empty(), "{p:?}");
    // Columns named in the options are the X and Y.
    let cols: Vec<String> = ["Tên thôn", "Bắc", "Đông"].map(String::from).to_vec();
    let named = VillageOptions {
        lon_field: Some("Bắc".into()),
        lat_field: Some("Đông".into()),
        ..in_tm3()
    };
    let (m, p) = guess(&cols, &rows, &named);
    assert_eq!((m.projected_x, m.projected_y), (Some(1), Some(2)));
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn a_projected_system_for_degrees_and_metres_without_one_ask_for_the_system() {
    let cols: Vec<String> = ["Tên thôn", "Kinh độ", "Vĩ độ"].map(String::from).to_vec();
    let rows = vec![row(2, &["Pan Xá", "106.08", "22.26"])];
    let (m, p) = guess(&cols, &rows, &in_tm3());
    assert_eq!(
        p,
        [
            Problem::Degrees(Role::ProjectedX, 1),
            Problem::Degrees(Role::ProjectedY, 2)
        ]
    );
    assert_eq!(confidence(&m, &p, Space::Metres), Confidence::Projected);
    // Without a system, a longitude column named in the options that holds metres.
    let rows = vec![row(2, &["Pan Xá", "435678.1", "2463512.4"])];
    let named = VillageOptions {
        lon_field: Some("Kinh độ".into()),
        lat_field: Some("Vĩ độ".into()),
        ..VillageOptions::default()
    };
    let (m, p) = guess(&cols, &rows, &named);
    assert_eq!(
        p,
        [
            Problem::Metres(Role::Longitude, 1),
            Problem::Metres(Role::Latitude, 2)
        ]
    );
    assert_eq!(confidence(&m, &p, Space::Degrees), Confidence::Projected);
    // One point fits every TM-3 zone that puts it in a province of that zone.
    let guesses = system_guesses(&[], &rows, &m, &p);
    assert!(
        guesses.iter().any(|g| g.crs
            == Crs::Vn2000Tm3 {
                central_meridian_deg: 106.5
            }
            && g.provinces == ["Bắc Kạn"]),
        "{guesses:?}"
    );
}

#[test]
fn metres_are_read_with_the_separators_people_type() {
    for (text, want) in [
        ("2470123.456", 2_470_123.456),
        ("2470123,456", 2_470_123.456),
        ("2.470.123,456", 2_470_123.456),
        ("2,470,123.456", 2_470_123.456),
        ("2 470 123,5", 2_470_123.5),
        ("2\u{a0}470\u{a0}123", 2_470_123.0),
        ("470,123", 470_123.0),
        ("435678 m", 435_678.0),
        ("-12,5", -12.5),
    ] {
        assert_eq!(parse_metres(text), Ok(want), "{text}");
    }
    for text in ["", "  "] {
        assert_eq!(parse_metres(text), Err(MetresError::Empty), "{text:?}");
    }
    for text in ["22°16'N", "không rõ", "1.2.3,4,5", "inf", "NaN", "12e999"] {
        assert_eq!(parse_metres(text), Err(MetresError::NotANumber), "{text}");
    }
}

#[test]
fn two_longitude_columns_are_ambiguous() {
    let rows = vec![row(2, &["A", "106.08", "22.26", "106.08"])];
    let cols: Vec<String> = ["Tên thôn", "Kinh độ", "Vĩ độ", "Lon"]
        .map(String::from)
        .to_vec();
    let (m, p) = guess(&cols, &rows, &VillageOptions::default());
    assert_eq!(m.longitude, Some(3), "lon comes first in the usual names");
    assert_eq!(p, [Problem::Ambiguous(Role::Longitude, vec![3, 1])]);
    let chosen = VillageOptions {
        lon_field: Some("kinh do".into()),
        ..Default::default()
    };
    let (m, p) = guess(&cols, &rows, &chosen);
    assert_eq!(m.longitude, Some(1));
    assert!(p.is_empty(), "{p:?}");
}

#[test]
fn an_unknown_text_column_without_a_name_column_asks_for_the_name() {
    let rows = vec![row(2, &["Pan Xá", "106.08", "22.26"])];
    let cols: Vec<String> = ["Địa danh", "Kinh độ", "Vĩ độ"].map(String::from).to_vec();
    let (_, p) = guess(&cols, &rows, &VillageOptions::default());
    assert_eq!(p, [Problem::Missing(Role::Name)]);
    let cols: Vec<String> = ["STT", "Kinh độ", "Vĩ độ"].map(String::from).to_vec();
    let rows = vec![row(2, &["1", "106.08", "22.26"])];
    let (_, p) = guess(&cols, &rows, &VillageOptions::default());
    assert!(p.is_empty(), "no column could hold names: {p:?}");
}

#[test]
fn mapping_gives_a_column_one_role() {
    let mut m = Mapping::default();
    m.set(Role::Longitude, Some(3));
    m.set(Role::Name, Some(3));
    assert_eq!((m.longitude, m.name), (None, Some(3)));
    assert_eq!(m.role_of(3), Some(Role::Name));
}
