//! Village lists as officials send them (tests/data/villages/, made from the demo's villages):
//! Excel and CSV with Vietnamese headings, a title above the header, decimal commas and
//! degrees-minutes-seconds, bad rows; the preview a column-mapping dialog shows; and the
//! messages when phusong cannot be sure of the columns.

use std::path::{Path, PathBuf};

use phusong::analysis::{Dataset, Inputs};
use phusong::crs::Crs;
use phusong::io::report::Reason;
use phusong::io::text::Damage;
use phusong::io::village_list::{Confidence, Problem, Role, preview};
use phusong::io::villages::{VillageOptions, load_villages};
use phusong::progress::Progress;
use phusong::rule::Params;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/data/villages").join(name)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn error(path: &Path, options: &VillageOptions) -> String {
    match load_villages(path, options) {
        Ok(layer) => panic!(
            "{} loaded {} villages",
            path.display(),
            layer.villages.len()
        ),
        Err(e) => e.to_string(),
    }
}

fn has_note(notes: &[String], parts: &[&str]) -> bool {
    notes.iter().any(|n| parts.iter().all(|p| n.contains(p)))
}

/// The demo analysed with its own villages and with a village list in place of them give
/// the same figures, village by village.
fn same_figures_as_the_demo(list: &Path) {
    let demo = Dataset::load(&Inputs::demo(&root().join("data")), &Progress::new()).unwrap();
    let inputs = Inputs {
        villages: list.to_path_buf(),
        ..Inputs::demo(&root().join("data"))
    };
    let d = Dataset::load(&inputs, &Progress::new()).unwrap();
    let (want, got) = (
        demo.evaluate(&Params::default()),
        d.evaluate(&Params::default()),
    );
    assert_eq!(d.villages.len(), demo.villages.len(), "{}", list.display());
    // The lists give no households or power, the demo's villages do: the village counts agree.
    assert_eq!(
        crate::rollup_counts(&got.rollup),
        crate::rollup_counts(&want.rollup),
        "{}",
        list.display()
    );
    // Village by village, matched by name and place (the .xls lists them by district).
    for (v, outcome) in d.villages.iter().zip(&got.villages) {
        let k = demo
            .villages
            .iter()
            .position(|w| {
                w.name == v.name
                    && (w.location.x() - v.location.x()).abs() < 1e-6
                    && (w.location.y() - v.location.y()).abs() < 1e-6
            })
            .unwrap_or_else(|| {
                panic!(
                    "{} row {} ({}) is no demo village",
                    list.display(),
                    v.record,
                    v.name
                )
            });
        assert_eq!(outcome.status, want.villages[k].status, "{}", v.name);
        let samples = |o: &phusong::rule::VillageOutcome| {
            o.operators.iter().map(|op| op.samples).sum::<u32>()
        };
        assert_eq!(samples(outcome), samples(&want.villages[k]), "{}", v.name);
    }
}

#[test]
fn an_excel_list_gives_the_demo_figures() {
    same_figures_as_the_demo(&fixture("thon-bac-kan.xlsx"));
}

#[test]
fn an_excel_97_list_gives_the_demo_figures() {
    same_figures_as_the_demo(&fixture("thon-bac-kan.xls"));
}

#[test]
fn a_semicolon_csv_list_gives_the_demo_figures() {
    same_figures_as_the_demo(&fixture("thon-bac-kan.csv"));
}

#[test]
fn xlsx_rows_are_read_under_the_title_and_bad_ones_reported_by_row() {
    let layer = load_villages(&fixture("thon-bac-kan.xlsx"), &VillageOptions::default()).unwrap();
    let r = &layer.report;
    assert_eq!(r.sheet.as_deref(), Some("Danh sách thôn"));
    assert_eq!((r.rows_read, r.rows_used), (127, 123));
    // Header on row 6, numbering on row 7, villages from row 8; a bad row after villages
    // 10, 40, 80 and 100.
    assert_eq!(r.rejected[&Reason::BadDegrees].first_lines, [19, 91]);
    assert_eq!(
        r.rejected[&Reason::MissingCoordinates].first_lines,
        [50, 112]
    );
    assert_eq!(r.rejected.len(), 2);
    let notes = &r.notes_en();
    assert!(
        has_note(notes, &["\"Danh sách thôn\"", "\"Hướng dẫn\""]),
        "{notes:?}"
    );
    assert!(
        has_note(notes, &["header is on row 6", "title"]),
        "{notes:?}"
    );
    assert!(
        has_note(notes, &["Row 7", "numbers the columns"]),
        "{notes:?}"
    );
    assert!(
        has_note(
            notes,
            &[
                "longitude \"Kinh độ\" (E)",
                "latitude \"Vĩ độ\" (F)",
                "name \"Tên thôn, bản\" (B)",
                "commune \"Xã, phường, thị trấn\" (C)",
                "district \"Huyện, thành phố\" (D)"
            ]
        ),
        "{notes:?}"
    );
    assert!(
        has_note(
            notes,
            &[
                "Row 19, column \"Kinh độ\" (E) is \"106°75'10\"E\": 75 minutes; minutes must be below 60"
            ]
        ),
        "{notes:?}"
    );
    assert!(
        has_note(
            notes,
            &["Row 91", "latitude letter (N/S) in the longitude column"]
        ),
        "{notes:?}"
    );
    assert!(
        has_note(notes, &["Row 50, column \"Kinh độ\" (E) is empty"]),
        "{notes:?}"
    );
    assert!(
        has_note(
            notes,
            &[
                "Coordinates written as",
                "numbers",
                "decimal comma",
                "degrees-minutes-seconds",
                "Excel times"
            ]
        ),
        "{notes:?}"
    );
    assert!(
        has_note(
            notes,
            &["2 rows without coordinates", "totals or signatures"]
        ),
        "{notes:?}"
    );
    let first = &layer.villages[0];
    assert_eq!((first.name.as_str(), first.record), ("Pan Xá", 8));
    assert_eq!(first.listed.commune, "Xã Lương Thượng");
    assert_eq!(first.listed.district, "Huyện Na Rì");
    assert_eq!(
        layer.villages[3].listed.commune, "Ngọc Phái",
        "as the list writes it"
    );
    let shown = r.to_string();
    assert!(
        shown.contains("sheet \"Danh sách thôn\"") && shown.contains("(row 19, 91)"),
        "{shown}"
    );
}

#[test]
fn xls_with_a_two_row_header_a_hidden_sheet_and_district_headings() {
    let layer = load_villages(&fixture("thon-bac-kan.xls"), &VillageOptions::default()).unwrap();
    let r = &layer.report;
    assert_eq!(
        r.sheet.as_deref(),
        Some("DS thon"),
        "the hidden lookup sheet is passed over"
    );
    assert_eq!((r.rows_read, r.rows_used), (125, 123));
    assert_eq!(r.rejected[&Reason::BadDegrees].count, 1);
    assert_eq!(r.rejected[&Reason::MissingCoordinates].count, 1);
    assert!(
        has_note(&r.notes_en(), &["header is on row 5"]),
        "{:?}",
        r.notes
    );
    assert!(
        has_note(
            &r.notes_en(),
            &[
                "name \"Tên thôn/bản\" (B)",
                "commune \"Xã\" (C)",
                "longitude \"Kinh độ\" (D)"
            ]
        ),
        "{:?}",
        r.notes
    );
    assert!(
        has_note(&r.notes_en(), &["60 seconds; seconds must be below 60"]),
        "{:?}",
        r.notes
    );
    assert!(
        has_note(
            &r.notes_en(),
            &["9 rows without coordinates were taken as headings"]
        ),
        "{:?}",
        r.notes
    );
    assert!(layer.villages.iter().all(|v| !v.name.starts_with("Huyện")));
}

#[test]
fn the_preview_shows_sheets_header_rows_and_a_sure_guess() {
    let p = preview(&fixture("thon-bac-kan.xlsx"), &VillageOptions::default()).unwrap();
    let sheets: Vec<(&str, bool)> = p
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.has_coordinates))
        .collect();
    assert_eq!(
        sheets,
        [
            ("Hướng dẫn", false),
            ("Danh sách thôn", true),
            ("Tổng hợp", false)
        ]
    );
    assert_eq!(p.sheet.as_deref(), Some("Danh sách thôn"));
    assert_eq!(p.header_row, 6);
    assert_eq!(p.columns[1], "Tên thôn, bản");
    assert_eq!(p.column_labels[4], "E");
    assert_eq!(p.rows[0].number, 8);
    assert_eq!(p.rows[0].cells[1], "Pan Xá");
    assert_eq!(p.rows[2].cells[4], "105°37'01.4513\"E");
    assert_eq!(
        p.rows[4].cells[4], "105:48:36.23",
        "an Excel duration shown as Excel shows it"
    );
    assert_eq!(p.confidence, Confidence::Sure);
    assert!(p.problems.is_empty());
    assert_eq!(
        (
            p.guess.name,
            p.guess.longitude,
            p.guess.latitude,
            p.guess.commune,
            p.guess.district
        ),
        (Some(1), Some(4), Some(5), Some(2), Some(3))
    );
    // Loading with the options the dialog would give is the same as loading by guess.
    let options = p.options(&p.guess);
    assert_eq!(options.lon_field.as_deref(), Some("Kinh độ"));
    assert_eq!(options.sheet.as_deref(), Some("Danh sách thôn"));
    let a = load_villages(&fixture("thon-bac-kan.xlsx"), &options).unwrap();
    let b = load_villages(&fixture("thon-bac-kan.xlsx"), &VillageOptions::default()).unwrap();
    assert_eq!(a.villages.len(), b.villages.len());
    assert_eq!(a.report.rejected, b.report.rejected);
}

const TM3_106_30: Crs = Crs::Vn2000Tm3 {
    central_meridian_deg: 106.5,
};

/// thon-vn2000.xlsx is for recognising projected columns: its X/Y leave out the datum shift.
#[test]
fn projected_xy_columns_without_a_system_ask_for_one_and_suggest_it() {
    let p = preview(&fixture("thon-vn2000.xlsx"), &VillageOptions::default()).unwrap();
    assert_eq!(p.confidence, Confidence::Projected);
    assert_eq!(
        (p.guess.projected_x, p.guess.projected_y),
        (Some(3), Some(4))
    );
    assert_eq!((p.guess.longitude, p.guess.latitude), (None, None));
    assert_eq!(p.problems, [Problem::ProjectedOnly]);
    // The range fits several TM-3 zones; the title says "kinh tuyến trục 106°30'".
    assert_eq!(p.crs_guesses.first().map(|g| &g.crs), Some(&TM3_106_30));
    assert!(p.crs_guesses.len() > 1, "{:?}", p.crs_guesses);
    let text = p.problem_text(
        &p.problems[0],
        phusong::lang::Lang::En,
        phusong::message::Front::CommandLine,
    );
    assert!(
        text.contains("no coordinate system was chosen")
            && text.contains("--village-crs vn2000-tm3:106.5"),
        "{text}"
    );
    // The window's words, in Vietnamese, name no flag.
    let window = p.problem_text(
        &p.problems[0],
        phusong::lang::Lang::Vi,
        phusong::message::Front::Window,
    );
    assert!(
        window.contains("chưa chọn hệ toạ độ") && !window.contains("--"),
        "{window}"
    );
    let err = error(&fixture("thon-vn2000.xlsx"), &VillageOptions::default());
    for want in [
        "thon-vn2000.xlsx",
        "sheet \"Thôn bản\", header on row 3",
        "projected X/Y columns in metres",
        "by their range they could be VN-2000 / TM-3 106°30′ (Bắc Kạn)",
        "X (VN-2000) (D), Y (VN-2000) (E)",
        "Choose the list's coordinate system",
        "--village-crs vn2000-tm3:106.5",
        "Kinh độ and Vĩ độ",
    ] {
        assert!(err.contains(want), "{want:?} missing: {err}");
    }
}

#[test]
fn projected_xy_columns_load_in_the_system_chosen() {
    let chosen = VillageOptions {
        crs: Some(TM3_106_30),
        ..VillageOptions::default()
    };
    let p = preview(&fixture("thon-vn2000.xlsx"), &chosen).unwrap();
    assert_eq!(p.confidence, Confidence::Sure, "{:?}", p.problems);
    assert_eq!(
        (p.guess.projected_x, p.guess.projected_y),
        (Some(3), Some(4))
    );
    assert!(p.crs_guesses.is_empty());
    // The dialog's options keep the system, and name the X/Y columns.
    let options = p.options(&p.guess);
    assert_eq!(options.crs, Some(TM3_106_30));
    assert_eq!(
        (options.lon_field.as_deref(), options.lat_field.as_deref()),
        (Some("X (VN-2000)"), Some("Y (VN-2000)"))
    );

    let layer = load_villages(&fixture("thon-vn2000.xlsx"), &options).unwrap();
    assert_eq!(layer.villages.len(), 20);
    assert_eq!(layer.report.rows_rejected(), 0);
    for want in [
        &["Coordinates in VN-2000 / TM-3 106°30′ (as chosen) converted to WGS84."][..],
        &[
            "In 20 of 20 rows the first coordinate column holds the northing",
            "\"X (VN-2000)\" (D)",
        ],
        &["Columns used: X \"X (VN-2000)\" (D), Y \"Y (VN-2000)\" (E), name \"Tên thôn\" (B)"],
    ] {
        assert!(
            has_note(&layer.report.notes_en(), want),
            "{want:?}: {:?}",
            layer.report.notes
        );
    }
    let by_guess = load_villages(&fixture("thon-vn2000.xlsx"), &chosen).unwrap();
    let points = |l: &phusong::io::villages::VillageLayer| -> Vec<(String, f64, f64)> {
        l.villages
            .iter()
            .map(|v| (v.name.clone(), v.location.x(), v.location.y()))
            .collect()
    };
    assert_eq!(points(&by_guess), points(&layer));
    // The same villages as the demo's, but for the datum shift the fixture leaves out.
    let demo = load_villages(
        &root().join("data/villages.shp"),
        &VillageOptions::default(),
    )
    .unwrap();
    for (v, d) in layer.villages.iter().zip(&demo.villages) {
        assert_eq!(v.name, d.name);
        let m = phusong::index::distance_m(v.location, d.location);
        assert!(m < 1000.0, "{}: {m} m", v.name);
    }
}

#[test]
fn the_system_chosen_must_fit_the_columns() {
    // Degrees under a projected system.
    let err = error(
        &fixture("thon-bac-kan.csv"),
        &VillageOptions {
            crs: Some(TM3_106_30),
            ..VillageOptions::default()
        },
    );
    for want in [
        "thon-bac-kan.csv",
        "the column \"Kinh độ\" (5) (for the projected X (VN-2000/UTM metres)) holds degrees, not the metres of VN-2000 / TM-3 106°30′",
        "--village-crs wgs84",
    ] {
        assert!(err.contains(want), "{want:?} missing: {err}");
    }
    let p = preview(
        &fixture("thon-bac-kan.csv"),
        &VillageOptions {
            crs: Some(TM3_106_30),
            ..VillageOptions::default()
        },
    )
    .unwrap();
    assert_eq!(p.confidence, Confidence::Projected);
    // Metres under a system in degrees.
    let err = error(
        &fixture("thon-vn2000.xlsx"),
        &VillageOptions {
            crs: Some(Crs::Vn2000),
            ..VillageOptions::default()
        },
    );
    assert!(
        err.contains(
            "the system chosen for the list, VN-2000 longitude/latitude, is one in degrees"
        ) && err.contains("--village-crs vn2000-tm3:106.5"),
        "{err}"
    );
    // WGS84 chosen reads degrees as before.
    let layer = load_villages(
        &fixture("thon-bac-kan.csv"),
        &VillageOptions {
            crs: Some(Crs::Wgs84),
            ..VillageOptions::default()
        },
    )
    .unwrap();
    assert_eq!(layer.villages.len(), 123);
    assert!(has_note(
        &layer.report.notes_en(),
        &["WGS84 longitude/latitude (as chosen)"]
    ));
}

#[test]
fn vn2000_longitude_latitude_is_shifted_to_wgs84() {
    let wgs84 = load_villages(&fixture("thon-bac-kan.csv"), &VillageOptions::default()).unwrap();
    let vn2000 = load_villages(
        &fixture("thon-bac-kan.csv"),
        &VillageOptions {
            crs: Some(Crs::Vn2000),
            ..VillageOptions::default()
        },
    )
    .unwrap();
    assert_eq!(wgs84.villages.len(), vn2000.villages.len());
    assert!(has_note(
        &vn2000.report.notes_en(),
        &["Coordinates in VN-2000 longitude/latitude (as chosen) converted to WGS84."]
    ));
    for (a, b) in wgs84.villages.iter().zip(&vn2000.villages) {
        let m = phusong::index::distance_m(a.location, b.location);
        assert!((100.0..1000.0).contains(&m), "{}: moved {m} m", a.name);
        assert_eq!(
            Crs::Vn2000.to_wgs84(a.location.x(), a.location.y()),
            Some((b.location.x(), b.location.y()))
        );
    }
}

#[test]
fn x_and_y_in_metres_in_a_csv_with_decimal_commas_and_thousands_separators() {
    let dir = tempfile::tempdir().unwrap();
    // As a Vietnamese-locale Excel writes them; a row in degrees, a row with words.
    let list = write(
        dir.path(),
        "toa-do.csv",
        "STT;Tên thôn;Tọa độ X;Tọa độ Y\n\
         1;Pan Xá;2.463.512,40;435.678,10\n\
         2;Bó Lù;2 477 786,11;388 226,57\n\
         3;Nà Lại;22,26;106,08\n\
         4;Khuổi Ha;không rõ;402 123,4\n\
         5;Nà Bản;2432349,12;428755,29\n\
         6;Bản Cuôn;2,459,148.47;405,019.45\n",
    );
    let chosen = VillageOptions {
        crs: Some(TM3_106_30),
        ..VillageOptions::default()
    };
    let layer = load_villages(&list, &chosen).unwrap();
    let names: Vec<&str> = layer.villages.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Pan Xá", "Bó Lù", "Nà Bản", "Bản Cuôn"]);
    for (v, (e, n)) in layer.villages.iter().zip([
        (435_678.1, 2_463_512.4),
        (388_226.57, 2_477_786.11),
        (428_755.29, 2_432_349.12),
        (405_019.45, 2_459_148.47),
    ]) {
        let (lon, lat) = TM3_106_30.to_wgs84(e, n).unwrap();
        assert_eq!((v.location.x(), v.location.y()), (lon, lat), "{}", v.name);
    }
    assert_eq!(
        layer.report.rejected[&Reason::CoordinatesOutOfRange].first_lines,
        [4]
    );
    assert_eq!(
        layer.report.rejected[&Reason::MissingCoordinates].first_lines,
        [5]
    );
    for want in [
        &[
            "Line 4",
            "look like degrees, not the metres of VN-2000 / TM-3 106°30′",
        ][..],
        &[
            "Line 5, column \"Tọa độ X\" (3)",
            "\"không rõ\": not a number of metres",
        ],
    ] {
        assert!(
            has_note(&layer.report.notes_en(), want),
            "{want:?}: {:?}",
            layer.report.notes
        );
    }
}

#[test]
fn damaged_names_in_a_workbook_are_reported_by_row_and_kept() {
    let layer = load_villages(&fixture("thon-chu-hong.xlsx"), &VillageOptions::default()).unwrap();
    assert_eq!(layer.villages.len(), 8);
    assert_eq!(layer.villages[2].name, "NÃ\u{a0} Láº¡i", "kept as it is");
    // "Nà Doc" read that way is "NÃ  Doc": Ã is a Vietnamese letter, so it passes unseen.
    assert_eq!(layer.villages[4].name, "NÃ\u{a0} Doc");
    assert!(
        layer.report.text_encoding.is_none(),
        "a workbook is Unicode"
    );
    let notes = &layer.report.notes_en();
    assert!(
        has_note(
            notes,
            &[
                "Damaged text in column \"Tên thôn\" (B): 3 rows (rows 4, 5, 8) have",
                "characters that are not Vietnamese letters",
                "'?' where letters were lost",
                "legacy Vietnamese font",
            ]
        ),
        "{notes:?}"
    );
    assert!(!has_note(notes, &["column \"Xã\""]), "{notes:?}");
    // The sound lists have none.
    for list in ["thon-bac-kan.xlsx", "thon-bac-kan.xls", "thon-bac-kan.csv"] {
        let layer = load_villages(&fixture(list), &VillageOptions::default()).unwrap();
        assert!(
            !has_note(&layer.report.notes_en(), &["amaged text"]),
            "{list}: {:?}",
            layer.report.notes
        );
    }
}

#[test]
fn damaged_names_in_a_csv_go_into_its_text_encoding_report() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "thon.csv",
        "ten_thon,xa,lon,lat\nNguy?n Hu?,Xã Cao Kỳ,105.8,22.1\nPác Nặm,Xã B?ng Th?nh,105.9,22.4\nNà Lẹng,Xã Cao Kỳ,105.7,22.2\n",
    );
    let layer = load_villages(&list, &VillageOptions::default()).unwrap();
    let text = layer.report.text_encoding.as_ref().unwrap();
    let damaged: Vec<(&str, u64, &[u64], &[Damage])> = text
        .damaged
        .iter()
        .map(|d| {
            (
                d.column.as_str(),
                d.records,
                &d.first_records[..],
                &d.damage[..],
            )
        })
        .collect();
    assert_eq!(
        damaged,
        [
            ("ten_thon", 1, &[2][..], &[Damage::LostLetters][..]),
            ("xa", 1, &[3][..], &[Damage::LostLetters][..]),
        ]
    );
    assert!(
        has_note(
            &layer.report.notes_en(),
            &[
                "Damaged text in column \"ten_thon\" (1): 1 row (line 2) has",
                "ask for CSV UTF-8"
            ]
        ),
        "{:?}",
        layer.report.notes
    );
}

#[test]
fn a_sheet_without_coordinates_names_its_columns_and_the_flags() {
    let options = VillageOptions {
        sheet: Some("Tổng hợp".into()),
        ..VillageOptions::default()
    };
    let err = error(&fixture("thon-bac-kan.xlsx"), &options);
    assert!(
        err.contains("sheet \"Tổng hợp\"")
            && err.contains("Huyện (A), Số thôn (B)")
            && err.contains("longitude")
            && err.contains("--village-lon-field")
            && err.contains("--village-sheet"),
        "{err}"
    );
    let options = VillageOptions {
        sheet: Some("Sheet9".into()),
        ..VillageOptions::default()
    };
    let err = error(&fixture("thon-bac-kan.xlsx"), &options);
    assert!(
        err.contains("no sheet \"Sheet9\"")
            && err.contains("\"Hướng dẫn\", \"Danh sách thôn\", \"Tổng hợp\""),
        "{err}"
    );
    let options = VillageOptions {
        sheet: Some("2".into()),
        ..VillageOptions::default()
    };
    let layer = load_villages(&fixture("thon-bac-kan.xlsx"), &options).unwrap();
    assert_eq!(
        layer.report.sheet.as_deref(),
        Some("Danh sách thôn"),
        "sheets by number"
    );
}

#[test]
fn two_longitude_columns_ask_which_and_the_flag_settles_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "thon.csv",
        "Tên thôn,Kinh độ,Vĩ độ,Lon\nNà Lẹng,105.83,22.15,105.831\nCốc Lào,105.9,22.4,105.9\n",
    );
    let err = error(&p, &VillageOptions::default());
    assert!(
        err.contains("2 columns could be the longitude: \"Lon\" (4), \"Kinh độ\" (2)")
            && err.contains("--village-lon-field \"Lon\"")
            && err.contains("Tên thôn, Kinh độ, Vĩ độ, Lon"),
        "{err}"
    );
    let pre = preview(&p, &VillageOptions::default()).unwrap();
    assert_eq!(pre.confidence, Confidence::Unsure);
    assert_eq!(
        pre.problems,
        [Problem::Ambiguous(Role::Longitude, vec![3, 1])]
    );
    let mut chosen = pre.guess.clone();
    chosen.set(Role::Longitude, Some(1));
    let layer = load_villages(&p, &pre.options(&chosen)).unwrap();
    assert_eq!(layer.villages[0].location.x(), 105.83);
}

#[test]
fn an_unrecognised_name_column_asks_for_the_name_flag() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "thon.csv",
        "Địa danh;Kinh độ;Vĩ độ\nNà Lẹng;105,83;22,15\n",
    );
    let err = error(&p, &VillageOptions::default());
    assert!(
        err.contains("village name")
            && err.contains("--village-name-field")
            && err.contains("Địa danh"),
        "{err}"
    );
    let options = VillageOptions {
        name_field: Some("dia danh".into()),
        ..VillageOptions::default()
    };
    let layer = load_villages(&p, &options).unwrap();
    assert_eq!(layer.villages[0].name, "Nà Lẹng");
    let options = VillageOptions {
        lon_field: Some("Kinh do X".into()),
        ..VillageOptions::default()
    };
    let err = error(&p, &options);
    assert!(
        err.contains("no column \"Kinh do X\"") && err.contains("longitude"),
        "{err}"
    );
}

#[test]
fn dms_text_and_hemisphere_letters_in_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "thon.csv",
        "thon,kinh_do,vi_do\n\
         A,\"105°48'30\"\"E\",\"22°39'50\"\"N\"\n\
         B,22°39'50\"N,105°48'30\"E\n\
         C,105 48 30.5,22 39 50.5\n\
         D,105d48m30s,22°39.5'\n\
         E,105°48'30\"E,22°39'50\"E\n\
         F,105°48'30\"E,22°39'50\"\n",
    );
    let layer = load_villages(&p, &VillageOptions::default()).unwrap();
    let lat = 22.0 + 39.0 / 60.0 + 50.0 / 3600.0;
    let lon = 105.0 + 48.0 / 60.0 + 30.0 / 3600.0;
    let names: Vec<&str> = layer.villages.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "C", "D", "F"]);
    for v in [&layer.villages[0], &layer.villages[1], &layer.villages[4]] {
        assert!(
            (v.location.x() - lon).abs() < 1e-9 && (v.location.y() - lat).abs() < 1e-9,
            "{v:?}"
        );
    }
    assert!((layer.villages[3].location.y() - (22.0 + 39.5 / 60.0)).abs() < 1e-9);
    assert_eq!(layer.report.rejected[&Reason::BadDegrees].first_lines, [6]);
    assert!(
        has_note(
            &layer.report.notes_en(),
            &["1 rows have the latitude (N/S) in the longitude column"]
        ),
        "{:?}",
        layer.report.notes
    );
}

#[test]
fn a_header_repeated_on_every_printed_page_is_not_a_village() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "thon.csv",
        "STT;Tên thôn;Kinh độ;Vĩ độ\n(1);(2);(3);(4)\n1;Nà Lẹng;105,83;22,15\n\
         STT;Tên thôn;Kinh độ;Vĩ độ\n(1);(2);(3);(4)\n2;Cốc Lào;105,9;22,4\n3;Bản Mới;;\n",
    );
    let layer = load_villages(&p, &VillageOptions::default()).unwrap();
    assert_eq!(layer.villages.len(), 2);
    assert_eq!(layer.report.rows_read, 3);
    assert_eq!(
        layer.report.rejected[&Reason::MissingCoordinates].first_lines,
        [7]
    );
    assert!(
        has_note(
            &layer.report.notes_en(),
            &["2 rows without coordinates", "(line 4, 5)"]
        ),
        "{:?}",
        layer.report.notes
    );
}

#[test]
fn a_shapefile_preview_needs_no_coordinate_columns() {
    let p = preview(
        &root().join("data/villages.shp"),
        &VillageOptions::default(),
    )
    .unwrap();
    assert!(p.points_in_geometry);
    assert_eq!(p.confidence, Confidence::Sure);
    assert_eq!(
        p.columns,
        ["osm_id", "fclass", "name", "so_ho", "dan_so", "dien_luoi"]
    );
    assert_eq!(p.guess.name, Some(2));
    assert_eq!(p.rows[0].cells[2], "Pan Xá");
    assert_eq!(p.data_rows, 123);
}

/// Damaged workbooks: cut short and overwritten. Each load ends in a message naming the file
/// or in villages, never a panic. An .xlsx is a zip with a checksum for each part: one that
/// loads holds the villages of the undamaged workbook, or its report says more was wrong.
/// An .xls has no checksum, and a cell overwritten with another value cannot be seen: its
/// report still adds up.
#[test]
fn damaged_workbooks_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["thon-bac-kan.xlsx", "thon-bac-kan.xls"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let ext = Path::new(name).extension().unwrap().to_str().unwrap();
        let seen = |layer: phusong::io::villages::VillageLayer| -> Vec<String> {
            (layer.villages.iter())
                .map(|v| format!("{}|{:?}|{}|{:?}", v.name, v.location, v.record, v.listed))
                .collect()
        };
        let pristine = load_villages(&fixture(name), &VillageOptions::default()).unwrap();
        let pristine_notes = pristine.report.notes_en();
        let pristine_rejected = pristine.report.rows_rejected();
        let pristine = seen(pristine);
        let mut variants: Vec<Vec<u8>> = Vec::new();
        for cut in [
            0,
            1,
            8,
            100,
            512,
            600,
            bytes.len() / 3,
            bytes.len() / 2,
            bytes.len() - 30,
            bytes.len() - 1,
        ] {
            variants.push(bytes[..cut].to_vec());
        }
        for at in (0..bytes.len().saturating_sub(16)).step_by(bytes.len() / 23) {
            let mut b = bytes.clone();
            b[at..at + 16].fill(0xFF);
            variants.push(b);
        }
        variants.push(b"STT,Ten thon\n1,A\n".to_vec()); // a CSV named .xlsx
        let variants_len = variants.len();
        for (i, v) in variants.into_iter().enumerate() {
            let path = dir.path().join(format!("damaged{i}.{ext}"));
            std::fs::write(&path, v).unwrap();
            let result = std::panic::catch_unwind(|| {
                let _ = preview(&path, &VillageOptions::default());
                load_villages(&path, &VillageOptions::default())
            });
            match result {
                Ok(Ok(layer)) if i + 1 == variants_len => {
                    // The CSV named .xlsx is read as what it is.
                    assert_eq!(layer.villages.len(), 1, "{name} variant {i}");
                }
                Ok(Ok(layer)) => {
                    let report = layer.report.clone();
                    let said = report.rows_rejected() > pristine_rejected
                        || report
                            .notes_en()
                            .iter()
                            .any(|n| !pristine_notes.contains(n));
                    assert_eq!(
                        report.rows_read,
                        report.rows_used + report.rows_rejected(),
                        "{name} variant {i}"
                    );
                    assert!(
                        ext == "xls" || seen(layer) == pristine || said,
                        "{name} variant {i}: other villages than the undamaged workbook's, and \
                         the report says nothing of it:\n{report}"
                    );
                }
                Ok(Err(e)) => {
                    let m = e.to_string();
                    assert!(
                        m.contains(&format!("damaged{i}")),
                        "{name} variant {i}: {m}"
                    );
                }
                Err(_) => panic!("{name} variant {i} panicked"),
            }
        }
    }
}

#[test]
fn the_command_line_reads_an_excel_list_and_says_how() {
    let out = tempfile::tempdir().unwrap();
    let phusong = |args: &[&str]| {
        let english: &[&str] = if args[0] == "analyze" {
            &["--lang", "en"]
        } else {
            &[]
        };
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_phusong"))
            .current_dir(root())
            .args(args)
            .args(english)
            .output()
            .unwrap();
        (
            run.status.success(),
            String::from_utf8_lossy(&run.stdout).into_owned(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    };
    let list = "tests/data/villages/thon-bac-kan.xlsx";
    let out_dir = out.path().to_str().unwrap();
    let (ok, stdout, stderr) = phusong(&[
        "analyze",
        "--communes",
        "data/communes.shp",
        "--villages",
        list,
        "--samples",
        "data/samples.csv",
        "--out",
        out_dir,
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("thon-bac-kan.xlsx (Excel workbook (.xlsx), sheet \"Danh sách thôn\"): 127 rows read, 123 used, 4 rejected"),
        "{stdout}"
    );
    assert!(stdout.contains("(row 19, 91)"), "{stdout}");

    let (ok, _, stderr) = phusong(&[
        "analyze",
        "--communes",
        "data/communes.shp",
        "--villages",
        list,
        "--samples",
        "data/samples.csv",
        "--out",
        out_dir,
        "--village-sheet",
        "Tổng hợp",
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("--village-lon-field") && stderr.contains("Số thôn (B)"),
        "{stderr}"
    );

    let (ok, stdout, stderr) = phusong(&["inspect-villages", list]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("* \"Danh sách thôn\"")
            && stdout.contains("Header on row 6; 129 data rows.")
            && stdout.contains("E  Kinh độ  → longitude")
            && stdout.contains("--village-lon-field \"Kinh độ\""),
        "{stdout}"
    );
    let (ok, stdout, _) = phusong(&["inspect-villages", "tests/data/villages/thon-vn2000.xlsx"]);
    assert!(ok);
    assert!(
        stdout.contains("→ projected X")
            && stdout.contains("cannot read this list without help")
            && stdout.contains("--village-crs vn2000-tm3:106.5"),
        "{stdout}"
    );

    // X/Y in metres: refused without a system, read with --village-crs or --crs.
    let vn2000 = "tests/data/villages/thon-vn2000.xlsx";
    let analyze = |extra: &[&str]| {
        let mut args = vec![
            "analyze",
            "--communes",
            "data/communes.shp",
            "--villages",
            vn2000,
            "--samples",
            "data/samples.csv",
            "--out",
            out_dir,
        ];
        args.extend_from_slice(extra);
        phusong(&args)
    };
    let (ok, _, stderr) = analyze(&[]);
    assert!(!ok);
    assert!(
        stderr.contains("--village-crs vn2000-tm3:106.5") && stderr.contains("(Bắc Kạn)"),
        "{stderr}"
    );
    for flags in [["--village-crs", "vn2000-tm3:106.5"], ["--crs", "Bắc Kạn"]] {
        let (ok, stdout, stderr) = analyze(&flags);
        assert!(ok, "{flags:?}: {stderr}");
        assert!(
            stdout.contains("thon-vn2000.xlsx (Excel workbook (.xlsx), sheet \"Thôn bản\"): 20 rows read, 20 used, 0 rejected")
                && stdout.contains("VN-2000 / TM-3 106°30′ (as chosen) converted to WGS84"),
            "{flags:?}: {stdout}"
        );
    }
}

/// A village list whose sheet also holds cells at `stray`, as (row, column) from 0.
fn list_with_stray_cells(path: &Path, stray: &[(u32, u16)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Tên thôn").unwrap();
    sheet.write_string(0, 1, "Kinh độ").unwrap();
    sheet.write_string(0, 2, "Vĩ độ").unwrap();
    for i in 0..5u32 {
        sheet.write_string(i + 1, 0, format!("Thôn {i}")).unwrap();
        sheet
            .write_number(i + 1, 1, 105.8 + f64::from(i) * 0.01)
            .unwrap();
        sheet.write_number(i + 1, 2, 22.1).unwrap();
    }
    for &(row, column) in stray {
        sheet.write_string(row, column, "x").unwrap();
    }
    book.save(path).unwrap();
}

fn inspect(path: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_phusong"))
        .args(["inspect-villages".as_ref(), path.as_os_str()])
        .output()
        .unwrap()
}

#[test]
fn a_stray_cell_at_the_far_corner_of_a_sheet_costs_one_row_not_a_grid() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("thon.xlsx");
    // XFD1048576, the last cell of a sheet: a dense grid to it is 512 GiB.
    list_with_stray_cells(&list, &[(1_048_575, 16_383)]);
    let run = inspect(&list);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let header: Vec<&str> = stdout.lines().filter(|l| l.contains("data rows")).collect();
    assert!(
        header.iter().any(|l| l.contains("Header on row 1")),
        "{header:?}"
    );
    let layer = load_villages(&list, &VillageOptions::default()).unwrap();
    assert_eq!(layer.villages.len(), 5);
}

#[test]
fn a_sheet_whose_rows_stretch_far_beyond_its_file_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("thon.xlsx");
    // Each of these rows spans the whole width of a sheet: 16,384 cells for two stored.
    let stray: Vec<(u32, u16)> = (10..2010).flat_map(|r| [(r, 0), (r, 16_383)]).collect();
    list_with_stray_cells(&list, &stray);
    let message = error(&list, &VillageOptions::default());
    assert!(
        message.contains("sheet \"Sheet1\" has cells spread over A1:XFD2010")
            && message.contains("stray cells"),
        "{message}"
    );
    let run = inspect(&list);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
}

/// The fixture `thon-bac-kan.xls` with the first BIFF record that starts with `head` (its
/// kind and length, little-endian) given `body` from its data's first byte.
fn patched_xls(dir: &Path, head: [u8; 4], body: &[u8]) -> PathBuf {
    let mut bytes = std::fs::read(fixture("thon-bac-kan.xls")).unwrap();
    let at = memchr::memmem::find(&bytes, &head).expect("the record is in the fixture") + 4;
    bytes[at..at + body.len()].copy_from_slice(body);
    let path = dir.join("thon.xls");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn an_xls_whose_dimensions_claim_billions_of_cells_is_refused_not_aborted() {
    let dir = tempfile::tempdir().unwrap();
    // DIMENSIONS (0x0200, 14 bytes): rows 0 to 4,294,967,295, columns A to IV. calamine
    // reserves room for every one of those cells as it opens the file, and that allocation
    // aborts the process; the command line is run apart so that the test outlives it.
    let mut body = Vec::new();
    body.extend(0u32.to_le_bytes());
    body.extend(u32::MAX.to_le_bytes());
    body.extend(0u16.to_le_bytes());
    body.extend(256u16.to_le_bytes());
    let list = patched_xls(dir.path(), [0x00, 0x02, 0x0E, 0x00], &body);
    let run = inspect(&list);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    // Said in the command line's language, Vietnamese: the hidden lookup sheet, its extent.
    assert!(
        stderr.contains("trang tính \"Tra cứu\" có ô trải từ A1:IV4294967295")
            && stderr.contains("xoá các ô lạc"),
        "{stderr}"
    );
}

#[test]
fn an_xls_with_a_cell_at_the_far_corner_is_refused_by_name_before_its_grid_is_built() {
    let dir = tempfile::tempdir().unwrap();
    // A LABELSST cell (0x00FD, 10 bytes) moved to IV65536, the last cell of a BIFF8 sheet:
    // calamine lays an .xls sheet out whole, 16.7 million cells to reach it.
    let list = patched_xls(
        dir.path(),
        [0xFD, 0x00, 0x0A, 0x00],
        &[0xFF, 0xFF, 0xFF, 0x00],
    );
    let message = error(&list, &VillageOptions::default());
    assert!(
        message.contains(":IV65536: its rows would take more than 1048576 cells"),
        "{message}"
    );
}

/// An OpenDocument spreadsheet holding a header, five villages, then the rows `more`
/// (`table:table-row` elements), as LibreOffice writes one.
fn ods_list(path: &Path, more: &str) {
    use std::io::Write;
    let cell = |text: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
        )
    };
    let number = |v: f64| {
        format!(
            "<table:table-cell office:value-type=\"float\" office:value=\"{v}\"><text:p>{v}</text:p></table:table-cell>"
        )
    };
    let mut rows = format!(
        "<table:table-row>{}{}{}</table:table-row>",
        cell("Tên thôn"),
        cell("Kinh độ"),
        cell("Vĩ độ")
    );
    for i in 0..5 {
        rows += &format!(
            "<table:table-row>{}{}{}<table:table-cell table:number-columns-repeated=\"1021\"/></table:table-row>",
            cell(&format!("Thôn {i}")),
            number(105.8 + f64::from(i) * 0.01),
            number(22.1)
        );
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Thôn bản"><table:table-column table:number-columns-repeated="3"/>{rows}{more}<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    out.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    out.write_all(br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    out.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    out.write_all(content.as_bytes()).unwrap();
    out.finish().unwrap();
}

#[test]
fn an_ods_village_list_is_read_with_its_trailing_blank_rows_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("thon.ods");
    // LibreOffice ends a sheet with a million blank rows of a thousand blank columns, as
    // written repeats: no cells for calamine to hold.
    ods_list(&list, "");
    let layer = load_villages(&list, &VillageOptions::default()).unwrap();
    let names: Vec<&str> = layer.villages.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Thôn 0", "Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4"]);
}

#[test]
fn an_ods_whose_repeated_rows_would_fill_millions_of_cells_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    // One row with a value, repeated a million times: a few bytes that calamine expands to
    // a million rows of the sheet's width.
    let rows = "<table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"2\"/><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>";
    let list = dir.path().join("thon.ods");
    ods_list(&list, rows);
    let message = error(&list, &VillageOptions::default());
    assert!(
        message.contains("sheet \"Thôn bản\" has cells spread over A1:D1000006"),
        "{message}"
    );
    // A cell repeated across the sheet's width in a few hundred rows: each row holds 16,384
    // cells in calamine before any is laid out.
    let wide = "<table:table-row><table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"/></table:table-row>".repeat(300);
    ods_list(&list, &wide);
    let message = error(&list, &VillageOptions::default());
    assert!(
        message.contains("has cells spread over A1:XFD306"),
        "{message}"
    );
}

#[test]
fn a_workbook_whose_sheet_unpacks_to_more_than_the_cap_is_refused_before_reading() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.xlsx");
    list_with_stray_cells(&plain, &[]);
    // The same workbook with its sheet padded past the cap: a few hundred kilobytes that
    // unpack to more than 256 MB.
    let list = dir.path().join("thon.xlsx");
    let mut source = zip::ZipArchive::new(std::fs::File::open(&plain).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(&list).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    for i in 0..source.len() {
        let mut part = source.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut text = Vec::new();
        part.read_to_end(&mut text).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let at = memchr::memmem::find(&text, b"<sheetData>").unwrap() + b"<sheetData>".len();
            out.write_all(&text[..at]).unwrap();
            let blanks = vec![b' '; 1 << 20];
            let cap = phusong::io::table::MAX_WORKBOOK_PART_BYTES;
            for _ in 0..cap / (1 << 20) + 1 {
                out.write_all(&blanks).unwrap();
            }
            out.write_all(&text[at..]).unwrap();
        } else {
            out.write_all(&text).unwrap();
        }
    }
    out.finish().unwrap();
    assert!(std::fs::metadata(&list).unwrap().len() < 4 << 20);
    let message = error(&list, &VillageOptions::default());
    assert!(
        message.contains(
            "part \"xl/worksheets/sheet1.xml\" of the workbook unpacks to more than 256 MB"
        ),
        "{message}"
    );
}

/// A sheet the user named that the workbook does not have: the error lists the sheets in
/// the user's language, and the window says what to do in the window, not which flag.
#[test]
fn a_missing_sheet_is_said_in_the_users_words() {
    let options = VillageOptions {
        sheet: Some("Không có".into()),
        ..VillageOptions::default()
    };
    let e = load_villages(&fixture("thon-bac-kan.xlsx"), &options).unwrap_err();
    let window = e.text(phusong::lang::Lang::Vi, phusong::message::Front::Window);
    assert!(
        window.contains("không có trang tính \"Không có\""),
        "{window}"
    );
    assert!(!window.contains("--village-sheet"), "{window}");
    let command_line = e.text(
        phusong::lang::Lang::En,
        phusong::message::Front::CommandLine,
    );
    assert!(command_line.contains("--village-sheet"), "{command_line}");
}
