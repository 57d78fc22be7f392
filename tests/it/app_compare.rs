//! This year against last in the window: the demo against itself over two date ranges, and
//! against a saved project, through the comparison window, the map and the comparison tab.

use chrono::NaiveDate;
use egui_kittest::kittest::Queryable as _;
use phusong::analysis::{Dataset, Inputs};
use phusong::app::{Against, Command, Export};
use phusong::compare::{Change, MatchedBy, Side, compare};
use phusong::progress::Progress;
use phusong::rule::Params;

use crate::app::{demo_project, send, settle, started};

fn march(day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 3, day)
}

#[test]
fn the_demo_split_by_dates_shows_its_changes_on_the_map_and_in_their_tab() {
    let mut harness = started();
    harness.get_by_label("Compare with…").click();
    harness.run_steps(5);
    let form = (harness.state().ui.compare_form.clone()).expect("the comparison window is open");
    assert!(
        form.by_dates,
        "the demo spans several days: two ranges are offered"
    );
    assert_eq!(
        form.days,
        [
            ["2026-03-09".to_string(), "2026-03-10".into()],
            ["2026-03-11".into(), "2026-03-12".into()]
        ],
        "the days of the samples, cut in two halves"
    );
    harness.get_by_label("Compare").click();
    harness.step();
    settle(&mut harness);

    let app = &harness.state().app;
    let filters = &app.settings.params.filters;
    assert_eq!(
        (filters.from, filters.to),
        (march(11), march(12)),
        "the later range is on screen"
    );
    let shown = app.compared().expect("a comparison is on screen");
    // The same as the engine's comparison of the two ranges.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = Dataset::load(&Inputs::demo(&root.join("data")), &Progress::new()).unwrap();
    let range = |from, to| {
        let mut p = Params::default();
        (p.filters.from, p.filters.to) = (march(from), march(to));
        d.evaluate(&p)
    };
    let (before, after) = (range(9, 10), range(11, 12));
    let side = |eval| Side { dataset: &d, eval };
    let cmp = compare(side(&before), side(&after), 1000.0);
    assert_eq!(shown.changes, cmp.after_changes(d.villages.len()));
    for change in [
        Change::NewlyCovered,
        Change::LostCoverage,
        Change::NewlySurveyed,
    ] {
        assert!(
            cmp.count(change) >= 1,
            "{change:?} in the demo's two ranges"
        );
    }

    // The tab opened by itself, in report words; the map's legend names the changes.
    harness.get_by_label("2026-03-11–2026-03-12 compared with 2026-03-09–2026-03-10");
    harness.get_by_label_contains(&format!(
        "Newly covered by 4G: {} villages",
        cmp.count(Change::NewlyCovered)
    ));
    // In the legend and on the village's row of the tab.
    assert!(harness.get_all_by_label("Lost 4G coverage").count() >= 2);
    harness.get_by_label("Comparison report to a folder…");

    harness.get_by_label("Stop comparing").click();
    harness.step();
    settle(&mut harness);
    assert!(harness.state().app.compared().is_none());
    assert!(
        harness.query_by_label("Stop comparing").is_none(),
        "the tab is gone"
    );
}

#[test]
fn a_saved_project_is_compared_with_the_work_on_screen_and_its_report_written() {
    let mut harness = started();
    let dir = tempfile::tempdir().unwrap();
    // Last year's project: the same files, evaluated with its own 700 m radius.
    let project = demo_project(dir.path());
    send(
        &mut harness,
        Command::CompareWith(Against::Project(project.clone())),
    );
    let app = &harness.state().app;
    let c = app.compared().expect("the comparison is on screen");
    assert_eq!(c.before_eval.params.radius_m, 700.0);
    assert_eq!(c.after_eval.params.radius_m, 500.0);
    assert!(
        (c.comparison.villages.iter()).all(|v| v.matched_by == MatchedBy::NameAndPlace),
        "every village found again by its name and place"
    );
    harness.get_by_label("Compared with the project tinh.phusong");

    let out = dir.path().join("so-sanh");
    send(
        &mut harness,
        Command::ExportTo(Export::Changes, out.clone()),
    );
    for file in [
        "changes.csv",
        "changes.xlsx",
        "report.docx",
        "report.xlsx",
        "annexes.pdf",
        "changes.pdf",
    ] {
        assert!(out.join(file).is_file(), "{file} written");
    }

    // A project whose files are gone is explained, and nothing is compared.
    std::fs::remove_file(dir.path().join("data/samples.csv")).unwrap();
    let other = dir.path().join("khac.phusong");
    std::fs::copy(&project, &other).unwrap();
    send(&mut harness, Command::CompareWith(Against::Project(other)));
    let app = &harness.state().app;
    assert!(app.compared().is_none());
    let last = app.messages.last().unwrap().text(app.t()).to_lowercase();
    assert!(
        last.contains("khac.phusong") && last.contains("samples.csv") && last.contains("locate"),
        "{last}"
    );
}
