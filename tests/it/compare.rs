//! This year against last: the demo split by dates (its generator switches a site on and
//! lets another fail on the last two days), and a second survey in which a site was switched
//! on beside one village and another village lost its signal.

use std::path::PathBuf;

use chrono::NaiveDate;
use phusong::analysis::{Dataset, Inputs};
use phusong::compare::{Change, MatchedBy, Side, compare};
use phusong::lang::Lang;
use phusong::progress::Progress;
use phusong::rule::{Params, ReportClass};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn days(from: u32, to: u32) -> Params {
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
    let mut p = Params::default();
    p.filters.from = day(from);
    p.filters.to = day(to);
    p
}

/// Great-circle distance on a sphere of 6,371,008.8 m (the IUGG mean radius), written out
/// here so that the test does not lean on the engine's own.
fn haversine_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let (dla, dlo) = (la2 - la1, (b.0 - a.0).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

/// The demo's sample lines (without the header) as (lon, lat, day of March, line).
fn demo_samples() -> Vec<(f64, f64, u32, String)> {
    let text = std::fs::read_to_string(root().join("data/samples.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let day: u32 = f[5][8..10].parse().unwrap();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                day,
                l.to_string(),
            )
        })
        .collect()
}

#[test]
fn two_date_splits_of_the_demo_match_every_village_and_find_those_surveyed_later() {
    let d = Dataset::load(&Inputs::demo(&root().join("data")), &Progress::new()).unwrap();
    let (before, after) = (d.evaluate(&days(9, 10)), d.evaluate(&days(11, 12)));
    let cmp = compare(
        Side {
            dataset: &d,
            eval: &before,
        },
        Side {
            dataset: &d,
            eval: &after,
        },
        1000.0,
    );
    assert_eq!(cmp.villages.len(), d.villages.len(), "each village once");
    for (i, v) in cmp.villages.iter().enumerate() {
        assert_eq!((v.before, v.after), (Some(i), Some(i)), "matched to itself");
        assert_eq!(v.matched_by, MatchedBy::NameAndPlace);
    }
    // Villages the survey reached only on 11–12 March: no sample within 500 m on 9–10
    // March, some after, by the rule's text and this test's own distance.
    let samples = demo_samples();
    let near = |v: usize, days: std::ops::RangeInclusive<u32>| {
        let p = d.villages[v].location;
        samples
            .iter()
            .any(|s| days.contains(&s.2) && haversine_m((s.0, s.1), (p.x(), p.y())) <= 500.0)
    };
    let newly: Vec<usize> = (0..d.villages.len())
        .filter(|&v| !near(v, 9..=10) && near(v, 11..=12))
        .collect();
    let found: Vec<usize> = (cmp.villages.iter())
        .filter(|v| v.change == Change::NewlySurveyed)
        .filter_map(|v| v.after)
        .collect();
    assert!(!newly.is_empty());
    assert_eq!(found, newly);
    // A site switched on and another failing on the last two days: one village covered by
    // 4G only then, and one covered before and not after, by the rule's text counted here.
    let covered_4g = |v: usize, days: std::ops::RangeInclusive<u32>| {
        let p = d.villages[v].location;
        let mut per_operator: std::collections::HashMap<&str, (u32, u32)> = Default::default();
        for (lon, lat, day, line) in &samples {
            if !days.contains(day) || haversine_m((*lon, *lat), (p.x(), p.y())) > 500.0 {
                continue;
            }
            let f: Vec<&str> = line.split(',').collect();
            let signal: Option<f64> = f[4].parse().ok();
            let counted = f[3] == "none" || signal.is_some_and(|s| (-160.0..=-20.0).contains(&s));
            if !counted {
                continue;
            }
            let entry = per_operator.entry(f[2]).or_default();
            entry.0 += 1;
            let good = matches!(f[3], "4G" | "5G") && signal.is_some_and(|s| s >= -115.0);
            entry.1 += u32::from(good);
        }
        per_operator
            .values()
            .any(|&(all, good)| good >= 3 && f64::from(good) >= 0.5 * f64::from(all))
    };
    let of = |change: Change| -> Vec<usize> {
        (cmp.villages.iter())
            .filter(|v| v.change == change)
            .filter_map(|v| v.after)
            .collect()
    };
    let (gained, lost) = (of(Change::NewlyCovered), of(Change::LostCoverage));
    assert!(
        !gained.is_empty() && !lost.is_empty(),
        "{gained:?} {lost:?}"
    );
    for &v in &gained {
        assert!(
            !covered_4g(v, 9..=10) && covered_4g(v, 11..=12),
            "{}",
            d.villages[v].name
        );
    }
    for &v in &lost {
        assert!(
            covered_4g(v, 9..=10) && !covered_4g(v, 11..=12),
            "{}",
            d.villages[v].name
        );
    }
    let lines = phusong::export::changes::progress_lines(&cmp, after.params.required, Lang::Vi);
    assert!(
        lines[1].contains(&format!("mới khảo sát: {} thôn", newly.len())),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains(&format!("Đã có sóng 4G: {} thôn", gained.len())),
        "{lines:#?}"
    );
}

/// The second survey: the demo's samples, but a new Viettel site gives Nà bản (T05, weak
/// signal in the demo) strong 4G, Pan Xá (T01, covered) is heard only as no service, and
/// Cư Lé (T15, not surveyed in the demo) is driven through at last.
#[test]
fn a_second_survey_shows_a_village_gained_one_lost_and_one_newly_surveyed() {
    let list = root().join("tests/data/villages/thon-so-ho.xlsx");
    let inputs = Inputs {
        villages: list.clone(),
        ..Inputs::demo(&root().join("data"))
    };
    let before = Dataset::load(&inputs, &Progress::new()).unwrap();
    let point = |code: &str| {
        let v = before
            .villages
            .iter()
            .find(|v| v.facts.code == code)
            .unwrap();
        (v.location.x(), v.location.y())
    };
    let (gains, loses, new) = (point("T05"), point("T01"), point("T15"));
    let dir = tempfile::tempdir().unwrap();
    let mut log = String::from("lon,lat,operator,technology,signal_dbm,time\n");
    for (lon, lat, _, line) in demo_samples() {
        if haversine_m((lon, lat), loses) > 700.0 {
            log.push_str(&line);
            log.push('\n');
        }
    }
    // Enough good samples to outweigh the demo's weak ones there (the rule asks for half).
    for (k, at) in [gains, new].into_iter().enumerate() {
        for i in 0..300 {
            let (lon, lat) = (
                at.0 + 0.0001 * (i % 20) as f64,
                at.1 + 0.0001 * (i / 20) as f64,
            );
            let (m, s) = (i / 60, i % 60);
            log.push_str(&format!(
                "{lon:.6},{lat:.6},452-04,4G,-82.0,2027-03-1{k}T09:{m:02}:{s:02}\n"
            ));
        }
    }
    for i in 0..20 {
        let (lon, lat) = (loses.0 + 0.0002 * (i % 5) as f64, loses.1);
        log.push_str(&format!(
            "{lon:.6},{lat:.6},452-04,none,,2027-03-12T10:00:{i:02}\n"
        ));
    }
    let samples = dir.path().join("khao-sat-2027.csv");
    std::fs::write(&samples, log).unwrap();
    let after = Dataset::load(
        &Inputs {
            samples: vec![samples],
            ..inputs.clone()
        },
        &Progress::new(),
    )
    .unwrap();
    let p = Params::default();
    let (eb, ea) = (before.evaluate(&p), after.evaluate(&p));
    let sides = (
        Side {
            dataset: &before,
            eval: &eb,
        },
        Side {
            dataset: &after,
            eval: &ea,
        },
    );
    let cmp = compare(sides.0, sides.1, 1000.0);
    let of = |code: &str| {
        cmp.villages
            .iter()
            .find(|v| {
                v.after
                    .is_some_and(|a| after.villages[a].facts.code == code)
            })
            .unwrap()
    };
    assert_eq!(of("T05").matched_by, MatchedBy::Code);
    assert_eq!(
        (
            of("T05").class_before,
            of("T05").class_after,
            of("T05").change
        ),
        (
            Some(ReportClass::WeakSignal),
            Some(ReportClass::Covered),
            Change::NewlyCovered
        )
    );
    assert_eq!(
        (
            of("T01").class_before,
            of("T01").class_after,
            of("T01").change
        ),
        (
            Some(ReportClass::Covered),
            Some(ReportClass::NoSignal),
            Change::LostCoverage
        )
    );
    assert_eq!(
        (of("T15").class_before, of("T15").change),
        (Some(ReportClass::NotSurveyed), Change::NewlySurveyed)
    );

    // The files: changes.csv a row per village with the columns named, the workbook, the map.
    let out = dir.path().join("sosanh");
    let sheet = phusong::export::map::MapSheet::everything(Default::default(), Lang::Vi);
    let paths =
        phusong::export::changes::write_changes(&out, sides.0, sides.1, &cmp, Lang::Vi, sheet)
            .unwrap();
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "changes.csv",
            "changes.xlsx",
            "report.xlsx",
            "report.docx",
            "annexes.pdf",
            "changes.png",
            "changes.pdf",
            "changes.svg"
        ]
    );
    let (header, rows) = crate::csv_table(&out.join("changes.csv"));
    assert_eq!(
        &header[..5],
        [
            "name",
            "commune_code",
            "report_class_before",
            "report_class_after",
            "change"
        ]
    );
    assert_eq!(rows.len(), 10);
    let pan_xa = rows.iter().find(|r| r[0] == "Pan Xá").unwrap();
    assert_eq!(
        (pan_xa[2].as_str(), pan_xa[3].as_str(), pan_xa[4].as_str()),
        ("covered", "no_signal", "lost_coverage")
    );
    // The department's report of this year, with its progress: a section in words, and
    // Annex 3 (in Word and in Excel) whose total row counts the one village newly covered.
    let docx = std::fs::read(out.join("report.docx")).unwrap();
    let text =
        crate::report_docx::paragraphs(&crate::report_docx::part(&docx, "word/document.xml"));
    let at = |needle: &str| text.iter().position(|p| p.contains(needle));
    let section = at("III. KẾT QUẢ SO VỚI KỲ TRƯỚC").expect("the progress section");
    assert!(
        text[section + 1..section + 4]
            .iter()
            .any(|p| p.contains("Đã có sóng 4G: 1 thôn")),
        "{:#?}",
        &text[section..section + 4]
    );
    assert!(at("IV. ĐỀ XUẤT, KIẾN NGHỊ").is_some_and(|p| p > section));
    let annex = text
        .iter()
        .position(|p| p == "Phụ lục 3")
        .expect("Annex 3 in the Word report");
    assert_eq!(text[annex + 1], "KẾT QUẢ XÓA THÔN TRẮNG SÓNG, LÕM SÓNG");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("report.xlsx")).unwrap();
    use calamine::Reader;
    let sheet = wb
        .worksheet_range("Phụ lục 3")
        .expect("Annex 3 in report.xlsx");
    let total = (sheet.rows())
        .find(|r| r.iter().any(|c| *c == "Tổng cộng"))
        .expect("a totals row");
    let newly_covered = total[6].to_string();
    assert_eq!(newly_covered, "1", "{total:?}");
    // The map's legend names the changes.
    let svg = std::fs::read_to_string(out.join("changes.svg")).unwrap();
    for words in ["Mới có sóng 4G", "Mất sóng 4G", "Mới khảo sát"] {
        assert!(svg.contains(words), "{words} in the map's legend");
    }
}
