//! Households, population and grid power from a village list, counted into every figure,
//! and the list's own columns written back beside the results. The fixture
//! (`tests/data/villages/thon-so-ho.xlsx`) puts ten of the demo's villages at their demo
//! points, so their report classes are the demo's: records 1, 2, 3, 4, 9 covered; 5, 18
//! weak signal (*lõm sóng*); 20, 29 covered below 4G; 15 not surveyed.

use std::path::PathBuf;

use phusong::analysis::{Dataset, Inputs};
use phusong::export;
use phusong::lang::Lang;
use phusong::progress::Progress;
use phusong::rule::{Params, ReportClass};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn with_the_list() -> Dataset {
    let inputs = Inputs {
        villages: root().join("tests/data/villages/thon-so-ho.xlsx"),
        ..Inputs::demo(&root().join("data"))
    };
    Dataset::load(&inputs, &Progress::new()).expect("the demo with the households list loads")
}

/// The hand count, from the fixture's table:
///
/// | village | class | households | population | power |
/// |---|---|---:|---:|---|
/// | Pan Xá | covered | 120 | 480 | Có |
/// | Na Ba | covered | 1.005 | 4.020 | x |
/// | Bó Lù | covered | (empty) | (empty) | Có |
/// | Nà Lại | covered | 200 | 830 | Có |
/// | Nà bản | weak | 64 | 250 | Không |
/// | Pác Ngòi | covered | 87 hộ | 301 | có |
/// | Con Houa | weak | chưa rõ | (empty) | (empty) |
/// | Côc Lùng | below 4G | 45 | 190 | 0 |
/// | Bản Đôn | below 4G | - | - | 1 |
/// | Cư Lé | not surveyed | 30 | 112 | không |
///
/// Households known for 7 of 10: 1,551 in all; 1,412 in covered villages (91.0%), 64 in
/// weak-signal ones, 45 below 4G, 30 not surveyed. Population 6,183, 5,631 covered.
#[test]
fn households_population_and_power_are_counted_as_by_hand() {
    let d = with_the_list();
    let eval = d.evaluate(&Params::default());
    let classes: Vec<ReportClass> = eval.villages.iter().map(|v| v.report_class).collect();
    use ReportClass::*;
    assert_eq!(
        classes,
        [
            Covered,
            Covered,
            Covered,
            Covered,
            WeakSignal,
            Covered,
            WeakSignal,
            BelowRequired,
            BelowRequired,
            NotSurveyed
        ],
        "the fixture's villages keep their demo classes"
    );
    let t = &eval.rollup.total;
    let h = &t.households;
    assert_eq!((h.known, h.total), (7, 1551));
    assert_eq!(
        [Covered, WeakSignal, BelowRequired, NotSurveyed, NoSignal].map(|c| h.of_class(c)),
        [1412, 64, 45, 30, 0]
    );
    assert_eq!(h.covered_at(phusong::model::Generation::G4), 1412);
    assert_eq!((t.population.known, t.population.total), (7, 6183));
    assert_eq!(
        t.population.covered_at(phusong::model::Generation::G4),
        5631
    );
    assert_eq!(
        (
            t.power.of_class(Covered, true),
            t.power.of_class(Covered, false)
        ),
        (5, 0)
    );
    assert_eq!(
        (
            t.power.of_class(WeakSignal, true),
            t.power.of_class(WeakSignal, false)
        ),
        (0, 1)
    );
    assert_eq!(
        (
            t.power.of_class(BelowRequired, true),
            t.power.of_class(BelowRequired, false)
        ),
        (1, 1)
    );
    assert_eq!(t.power.of_class(NotSurveyed, false), 1);

    // The report's words, and the unreadable value said.
    let lines = phusong::export::summary::report_lines(t, eval.params.required, Lang::Vi.texts());
    assert!(
        lines
            .iter()
            .any(|l| l.trim()
                == "1.412/1.551 hộ (91,0%) ở thôn có sóng 4G (biết số hộ của 7/10 thôn)"),
        "{lines:#?}"
    );
    let en = phusong::export::summary::report_lines(t, eval.params.required, Lang::En.texts());
    assert!(
        en.iter().any(|l| l.contains("1,412/1,551 households (91.0%) in villages covered by 4G (households known for 7 of 10 villages)")),
        "{en:#?}"
    );
    let notes = d.reports[1].note_texts(Lang::En, phusong::message::Front::CommandLine);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1 households values in column \"Số hộ\"")
                && n.contains("\"chưa rõ\"")),
        "{notes:#?}"
    );

    // summary.json and communes.csv carry the same figures.
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &d, &eval, Lang::Vi).unwrap();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("summary.json")).unwrap()).unwrap();
    let hh = &summary["households"];
    assert_eq!(
        [
            "total",
            "known",
            "covered",
            "weak_signal",
            "below_required",
            "not_surveyed",
            "no_signal"
        ]
        .map(|k| hh[k].as_u64().unwrap()),
        [1551, 7, 1412, 64, 45, 30, 0]
    );
    let (header, rows) = crate::csv_table(&out.path().join("communes.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let total = rows.iter().find(|r| r[col("level")] == "total").unwrap();
    assert_eq!(
        [
            "households_known",
            "households",
            "households_covered",
            "weak_signal_with_power",
            "weak_signal_without_power"
        ]
        .map(|c| total[col(c)].as_str()),
        ["7", "1551", "1412", "0", "1"]
    );
}

/// Every column of the list comes back in villages.csv as the list wrote it, beside
/// phusong's own, and the parsed figures in `households`, `population`, `grid_power`; the
/// flagged villages' .dbf carries them too (names made to fit 10 ASCII characters).
#[test]
fn the_lists_own_columns_come_back_unchanged() {
    let d = with_the_list();
    let eval = d.evaluate(&Params::default());
    let out = tempfile::tempdir().unwrap();
    export::write_all(out.path(), &d, &eval, Lang::Vi).unwrap();
    let (header, rows) = crate::csv_table(&out.path().join("villages.csv"));
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let own = [
        "STT",
        "Mã thôn",
        "Xã",
        "Kinh độ",
        "Vĩ độ",
        "Số hộ",
        "Nhân khẩu",
        "Điện lưới",
        "Ghi chú",
    ];
    let last = &header[header.len() - own.len()..];
    assert_eq!(
        last, own,
        "the list's columns follow phusong's, in the list's order"
    );
    let cells =
        |r: &[String], names: &[&str]| names.iter().map(|n| r[col(n)].clone()).collect::<Vec<_>>();
    assert_eq!(
        cells(
            &rows[1],
            &["Mã thôn", "Số hộ", "Nhân khẩu", "Điện lưới", "Ghi chú"]
        ),
        ["T02", "1.005", "4.020", "x", "thôn lớn"]
    );
    assert_eq!(
        cells(&rows[1], &["households", "population", "grid_power"]),
        ["1005", "4020", "yes"]
    );
    assert_eq!(
        cells(&rows[6], &["Số hộ", "households", "grid_power", "Ghi chú"]),
        ["chưa rõ", "", "", "số liệu đang cập nhật"]
    );
    assert_eq!(
        cells(&rows[8], &["Số hộ", "households", "grid_power"]),
        ["-", "", "yes"]
    );
    assert_eq!(
        cells(&rows[9], &["STT", "Mã thôn", "grid_power"]),
        ["10", "T15", "no"]
    );
    assert_eq!(rows[0][col("last_sample_date")], "2026-03-09");
    assert_eq!(
        rows[9][col("last_sample_date")],
        "",
        "not surveyed: no sample, no date"
    );

    // The flagged layer's table: Nà bản (T05) is weak signal, so flagged.
    let mut dbf = shapefile::dbase::Reader::from_path(out.path().join("shp/flagged.dbf")).unwrap();
    let names: Vec<String> = dbf.fields().iter().map(|f| f.name().to_string()).collect();
    for n in [
        "households",
        "grid_power",
        "Ma_thon",
        "So_ho",
        "Dien_luoi",
        "Ghi_chu",
    ] {
        assert!(names.iter().any(|f| f == n), "{n} in {names:?}");
    }
    let records = dbf.read().unwrap();
    let text = |r: &shapefile::dbase::Record, f: &str| match r.get(f) {
        Some(shapefile::dbase::FieldValue::Character(Some(s))) => s.clone(),
        Some(shapefile::dbase::FieldValue::Numeric(Some(n))) => n.to_string(),
        _ => String::new(),
    };
    let nà_bản = records
        .iter()
        .find(|r| text(r, "Ma_thon") == "T05")
        .expect("T05 is flagged");
    assert_eq!(
        ["So_ho", "Dien_luoi", "households", "grid_power"].map(|f| text(nà_bản, f)),
        ["64", "Không", "64", "no"]
    );
}
