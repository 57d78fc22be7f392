//! The Excel report (`report.xlsx`), read back with calamine and compared with the
//! Evaluation that was written: sheet names in both languages, a row per roll-up row with its
//! figures, exactly the flagged and the not-surveyed villages, the headline share as a number,
//! the parameters; district rows and columns only where the data has districts.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use phusong::analysis::{Dataset, Evaluation, Inputs};
use phusong::export;
use phusong::export::annex::annexes;
use phusong::export::xlsx::write_xlsx;
use phusong::lang::Lang;
use phusong::model::Generation;
use phusong::numbers::percent_text;
use phusong::progress::Progress;
use phusong::rollup::Level;
use phusong::rule::Params;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(communes: &Path) -> Dataset {
    let inputs = Inputs {
        communes: communes.to_path_buf(),
        ..Inputs::demo(&root().join("data"))
    };
    Dataset::load(&inputs, &Progress::new()).expect("loads")
}

fn demo() -> Dataset {
    load(&root().join("data/communes.shp"))
}

/// Every sheet of a workbook as rows of cells, in sheet order.
struct Book {
    names: Vec<String>,
    sheets: Vec<Vec<Vec<Data>>>,
}

impl Book {
    fn read(path: &Path) -> Book {
        let mut wb: Xlsx<_> = open_workbook(path).expect("calamine opens the report");
        let names = wb.sheet_names();
        let sheets = names
            .iter()
            .map(|n| {
                let range = wb.worksheet_range(n).expect("a sheet");
                assert_eq!(range.start(), Some((0, 0)), "{n} starts at A1");
                range.rows().map(|r| r.to_vec()).collect()
            })
            .collect();
        Book { names, sheets }
    }

    fn sheet(&self, i: usize) -> Table<'_> {
        Table(&self.sheets[i])
    }
}

struct Table<'a>(&'a [Vec<Data>]);

impl Table<'_> {
    fn header(&self) -> Vec<String> {
        self.0[0].iter().map(text).collect()
    }

    fn col(&self, name: &str) -> usize {
        self.header()
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {:?}", self.header()))
    }

    fn data(&self) -> &[Vec<Data>] {
        &self.0[1..]
    }

    fn texts(&self, name: &str) -> Vec<String> {
        let c = self.col(name);
        self.data().iter().map(|r| text(&r[c])).collect()
    }

    fn numbers(&self, name: &str) -> Vec<f64> {
        let c = self.col(name);
        self.data().iter().map(|r| number(&r[c])).collect()
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(n) => *n as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn write(dataset: &Dataset, eval: &Evaluation, lang: Lang) -> (tempfile::TempDir, Book) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.xlsx");
    write_xlsx(
        &path,
        dataset,
        eval,
        lang,
        &annexes(dataset, eval, lang, None),
    )
    .expect("the report is written");
    let book = Book::read(&path);
    (dir, book)
}

#[test]
fn sheets_are_named_in_the_chosen_language() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let (_dir, vi) = write(&d, &eval, Lang::Vi);
    assert_eq!(
        vi.names,
        [
            "Tổng hợp",
            "Theo xã",
            "Thôn cần phủ sóng",
            "Thôn chưa khảo sát",
            "Phụ lục 1",
            "Phụ lục 2",
            "Tham số và dữ liệu"
        ]
    );
    let (_dir, en) = write(&d, &eval, Lang::En);
    assert_eq!(
        en.names,
        [
            "Summary",
            "Communes",
            "Flagged villages",
            "Not surveyed",
            "Annex 1",
            "Annex 2",
            "Parameters and inputs"
        ]
    );
    assert_eq!(en.sheet(1).header()[0], "Level");
}

#[test]
fn communes_sheet_has_every_rollup_row_with_its_figures() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    for lang in [Lang::Vi, Lang::En] {
        let t = lang.texts();
        let (_dir, book) = write(&d, &eval, lang);
        let sheet = book.sheet(1);
        let rows: Vec<_> = eval.rollup.rows().collect();
        assert_eq!(sheet.data().len(), rows.len());
        let as_f64 = |f: &dyn Fn(&phusong::rollup::UnitFigures) -> u32| -> Vec<f64> {
            rows.iter().map(|u| f(u) as f64).collect()
        };
        assert_eq!(
            sheet.numbers(t.xlsx_villages),
            as_f64(&|u| u.figures.villages)
        );
        for g in Generation::ALL {
            assert_eq!(
                sheet.numbers(&(t.xlsx_covered_at_least)(g.label())),
                as_f64(&|u| u.figures.covered_at(g)),
                "{g}"
            );
        }
        assert_eq!(
            sheet.numbers(&(t.xlsx_below)("4G")),
            as_f64(&|u| u.figures.flagged)
        );
        let shares = sheet.col(&(t.xlsx_share_all)("4G"));
        for (row, u) in sheet.data().iter().zip(&rows) {
            if u.figures.villages > 0 {
                assert_eq!(
                    number(&row[shares]),
                    u.figures.share_of_villages(Generation::G4)
                );
            } else {
                assert_eq!(row[shares], Data::Empty, "no share of no villages");
            }
        }
        let names = sheet.texts(t.xlsx_name);
        for (name, c) in names.iter().zip(&eval.rollup.communes) {
            assert_eq!(name, &c.name);
        }
        let last = sheet.data().last().unwrap();
        assert_eq!(text(&last[0]), t.xlsx_level_total);
        assert_eq!(number(&last[sheet.col(t.xlsx_villages)]), 123.0);
    }
}

#[test]
fn village_sheets_list_exactly_the_flagged_and_the_not_surveyed() {
    let d = demo();
    // A small radius leaves villages without samples, so both lists have villages.
    let params = Params {
        radius_m: 150.0,
        ..Params::default()
    };
    for eval in [d.evaluate(&Params::default()), d.evaluate(&params)] {
        let t = Lang::Vi.texts();
        let (_dir, book) = write(&d, &eval, Lang::Vi);
        let names_where = |keep: &dyn Fn(usize) -> bool| -> Vec<String> {
            (0..d.villages.len())
                .filter(|&i| keep(i))
                .map(|i| d.villages[i].name.clone())
                .collect()
        };
        let flagged = names_where(&|i| eval.villages[i].flagged);
        let not_surveyed = names_where(&|i| !eval.villages[i].status.is_surveyed());
        assert_eq!(flagged.len() as u32, eval.rollup.total.flagged);
        assert_eq!(book.sheet(2).texts(t.xlsx_village_name), flagged);
        assert_eq!(book.sheet(3).texts(t.xlsx_village_name), not_surveyed);
        // Report classes in words, and the per-operator columns only where there are samples.
        let statuses = book.sheet(2).texts(t.status);
        let words: Vec<String> = (eval.villages.iter())
            .filter(|o| o.flagged)
            .map(|o| t.report_class(o.report_class, eval.params.required))
            .collect();
        assert_eq!(statuses, words);
        assert!(
            statuses
                .iter()
                .all(|s| ["Trắng sóng", "Lõm sóng", "Chưa có sóng 4G"].contains(&s.as_str())),
            "{statuses:?}"
        );
        assert!(
            book.sheet(2)
                .header()
                .contains(&"Viettel: số mẫu".to_string())
        );
        assert!(!book.sheet(3).header().iter().any(|h| h.contains("Viettel")));
        assert!(
            book.sheet(3)
                .texts(t.status)
                .iter()
                .all(|s| s == "Chưa khảo sát")
        );
    }
    let eval = d.evaluate(&params);
    assert!(eval.rollup.total.not_surveyed > 0 && eval.rollup.total.flagged > 0);
}

#[test]
fn summary_states_the_headline_share_as_a_number_and_in_words() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let total = &eval.rollup.total;
    let share = total.share_of_villages(Generation::G4);
    for (lang, start) in [
        (Lang::Vi, "Tỷ lệ thôn có sóng di động 4G: "),
        (Lang::En, "Share of villages covered by 4G: "),
    ] {
        let (_dir, book) = write(&d, &eval, lang);
        let sheet = book.sheet(0);
        let row = sheet
            .data()
            .iter()
            .find(|r| text(&r[0]).starts_with(start))
            .unwrap_or_else(|| panic!("no headline in {:?}", sheet.0));
        assert_eq!(number(&row[1]), share);
        let words = text(&row[0]);
        assert!(
            words.contains(&format!(
                "{} ({}/{}",
                percent_text(lang, total.covered_at(Generation::G4), total.villages),
                total.covered_at(Generation::G4),
                total.villages
            )),
            "{words}"
        );
        if lang == Lang::Vi {
            assert_eq!(words, "Tỷ lệ thôn có sóng di động 4G: 80,5% (99/123 thôn)");
            let line = |prefix: &str| {
                sheet
                    .data()
                    .iter()
                    .find(|r| text(&r[0]).starts_with(prefix))
                    .map(|r| (text(&r[0]), number(&r[1])))
                    .unwrap_or_else(|| panic!("no line {prefix}"))
            };
            assert_eq!(
                line("Số thôn trắng sóng"),
                (
                    format!(
                        "Số thôn trắng sóng (không có sóng di động nào đạt ngưỡng): {}",
                        total.no_signal
                    ),
                    total.no_signal as f64
                )
            );
            assert_eq!(
                line("Số thôn lõm sóng"),
                (
                    format!(
                        "Số thôn lõm sóng (có sóng nhưng chưa đủ): {}",
                        total.weak_signal
                    ),
                    total.weak_signal as f64
                )
            );
            assert_eq!(
                total.no_signal + total.weak_signal + total.below_required,
                total.flagged
            );
            assert_eq!(
                line("Số thôn chưa đạt 4G"),
                (
                    format!("Số thôn chưa đạt 4G (cần phủ sóng): {}", total.flagged),
                    total.flagged as f64
                )
            );
            assert_eq!(line("Viettel (452-04): tỷ lệ").1, {
                let v = (eval.operators.iter())
                    .find(|o| o.name == "Viettel")
                    .unwrap();
                v.covered[Generation::G4.index()] as f64 / v.villages as f64
            });
            assert_eq!(
                text(&sheet.0[0][0]),
                "Phủ sóng di động các thôn, bản: Bắc Kạn"
            );
        }
    }
}

#[test]
fn parameters_sheet_shows_the_rule_and_the_inputs() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let t = Lang::Vi.texts();
    let (_dir, book) = write(&d, &eval, Lang::Vi);
    let sheet = book.sheet(6);
    let value_of = |label: &str| {
        sheet
            .0
            .iter()
            .find(|r| text(&r[0]) == label)
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("no {label}"))
    };
    assert_eq!(value_of(t.radius_m), Data::Float(500.0));
    assert_eq!(value_of(t.min_share), Data::Float(0.5));
    assert_eq!(value_of("Ngưỡng 2G"), Data::Float(-105.0));
    assert_eq!(value_of(t.required_generation), Data::String("4G".into()));
    assert_eq!(
        value_of(t.xlsx_operators_kept),
        Data::String("Tất cả".into())
    );
    assert_eq!(
        value_of(t.xlsx_version),
        Data::String(env!("CARGO_PKG_VERSION").into())
    );
    for f in &d.files {
        let row = sheet
            .0
            .iter()
            .find(|r| r.iter().any(|c| text(c) == f.blake3))
            .unwrap_or_else(|| panic!("no checksum of {}", f.path.display()));
        assert!(row.iter().any(|c| text(c) == f.path.display().to_string()));
        assert!(row.contains(&Data::Float(f.bytes as f64)));
    }
    let samples = &d.reports[2];
    let row = sheet
        .0
        .iter()
        .find(|r| text(&r[1]) == samples.file.display().to_string())
        .unwrap();
    assert!(row.contains(&Data::Float(samples.rows_read as f64)));
}

#[test]
fn district_rows_and_columns_only_where_the_data_has_districts() {
    let t = Lang::Vi.texts();
    let demo = demo();
    let eval = demo.evaluate(&Params::default());
    assert!(demo.has_districts());
    let (_dir, book) = write(&demo, &eval, Lang::Vi);
    let communes = book.sheet(1);
    assert_eq!(
        communes
            .texts(t.xlsx_level)
            .iter()
            .filter(|l| *l == t.xlsx_level_district)
            .count(),
        eval.rollup.districts.len()
    );
    assert_eq!(eval.rollup.districts.len(), 8);
    let district_names: Vec<String> = eval
        .rollup
        .rows()
        .filter(|u| u.level == Level::District)
        .map(|u| u.name)
        .collect();
    assert!(
        district_names
            .iter()
            .all(|n| communes.texts(t.xlsx_name).contains(n))
    );
    for sheet in 1..=3 {
        assert!(book.sheet(sheet).header().contains(&t.district.to_string()));
    }

    let after = load(&root().join("tests/data/boundaries-2025/xa-2025.shp"));
    let eval = after.evaluate(&Params::default());
    assert!(!after.has_districts());
    let (_dir, book) = write(&after, &eval, Lang::Vi);
    for sheet in 1..=3 {
        assert!(
            !book.sheet(sheet).header().contains(&t.district.to_string()),
            "{:?}",
            book.sheet(sheet).header()
        );
    }
    let levels = book.sheet(1).texts(t.xlsx_level);
    assert!(!levels.iter().any(|l| l == t.xlsx_level_district));
    assert_eq!(levels.len(), eval.rollup.rows().count());
}

#[test]
fn write_all_writes_the_report_and_a_failed_write_leaves_nothing() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let out = tempfile::tempdir().unwrap();
    let paths = export::write_all(out.path(), &d, &eval, Lang::En).unwrap();
    let report = out.path().join("report.xlsx");
    assert!(paths.contains(&report));
    assert_eq!(Book::read(&report).names[0], "Summary");

    let missing = out.path().join("no such folder").join("report.xlsx");
    let err = write_xlsx(
        &missing,
        &d,
        &eval,
        Lang::Vi,
        &annexes(&d, &eval, Lang::Vi, None),
    )
    .unwrap_err();
    assert!(err.to_string().contains("no such folder"), "{err}");
    assert!(!missing.parent().unwrap().exists());
}

#[test]
fn command_line_writes_the_report_in_the_language_asked() {
    let out = tempfile::tempdir().unwrap();
    let run = |lang: &[&str]| {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_phusong"))
            .current_dir(root())
            .args(["analyze", "--quiet", "--out"])
            .arg(out.path())
            .args(lang)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        Book::read(&out.path().join("report.xlsx")).names[0].clone()
    };
    assert_eq!(run(&[]), "Tổng hợp", "Vietnamese unless asked");
    assert_eq!(run(&["--lang", "en"]), "Summary");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_phusong"))
        .args(["analyze", "--lang", "fr"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use vi or en"));
}

/// Every table cell carries its format (the cells are written bare and formatted a run of
/// rows at a time): the days of the last samples read back as dates, not as bare numbers,
/// and the longitudes as numbers.
#[test]
fn village_cells_keep_their_formats() {
    let d = demo();
    let eval = d.evaluate(&Params::default());
    let t = Lang::En.texts();
    let (_dir, book) = write(&d, &eval, Lang::En);
    let flagged = book.sheet(2);
    let days = flagged.col(t.last_sample_date);
    let dated = flagged
        .data()
        .iter()
        .filter(|r| !matches!(r[days], Data::Empty));
    let mut n = 0;
    for row in dated {
        n += 1;
        assert!(
            matches!(row[days], Data::DateTime(_)),
            "a day read back as {:?}",
            row[days]
        );
    }
    assert!(n > 0, "the demo's flagged villages have samples");
    assert_eq!(
        flagged.data().len() as u32,
        eval.rollup.total.flagged,
        "one row a flagged village"
    );
    for x in flagged.numbers(t.longitude) {
        assert!((102.0..110.0).contains(&x), "{x}");
    }
}
