//! The outputs of a comparison (`phusong compare`): `changes.csv` (one row per village of
//! either analysis), `changes.xlsx` (the summary in report words, the progress annex, the
//! changes by village, the villages not matched), the department's report of the later
//! analysis with its progress (`report.xlsx`, `report.docx`, `annexes.pdf`) and the printed
//! map of the changes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::compare::{Change, Comparison, Side};
use crate::error::Result;
use crate::lang::Lang;
use crate::numbers::count_text;
use crate::rule::ReportClass;

/// The files [`write_changes`] writes, in order, before the map's.
pub const CHANGE_FILES: [&str; 5] = [
    "changes.csv",
    "changes.xlsx",
    "report.xlsx",
    "report.docx",
    "annexes.pdf",
];

/// The comparison in report words, a sentence a line.
pub fn progress_lines(
    cmp: &Comparison,
    required: crate::model::Generation,
    lang: Lang,
) -> Vec<String> {
    let t = lang.texts();
    let n = |x: u32| count_text(lang, x.into());
    let class = |before: bool, c: ReportClass| {
        (cmp.villages.iter())
            .filter(|v| if before { v.class_before } else { v.class_after } == Some(c))
            .count() as u32
    };
    vec![
        (t.progress_line_classes)(
            &n(class(true, ReportClass::NoSignal)),
            &n(class(false, ReportClass::NoSignal)),
            &n(class(true, ReportClass::WeakSignal)),
            &n(class(false, ReportClass::WeakSignal)),
        ),
        (t.progress_line_changes)(
            &n(cmp.count(Change::NewlyCovered)),
            required.label(),
            &n(cmp.count(Change::LostCoverage)),
            &n(cmp.count(Change::NewlySurveyed)),
            &n(cmp.count(Change::NotResurveyed)),
        ),
        (t.progress_line_unmatched)(
            &n(cmp.count(Change::OnlyBefore)),
            &n(cmp.count(Change::OnlyAfter)),
            &count_text(lang, cmp.match_within_m as u64),
        ),
    ]
}

/// The village a row of a comparison is about, on the side that has it (after first).
fn village<'a>(
    before: Side<'a>,
    after: Side<'a>,
    v: &crate::compare::VillageChange,
) -> (&'a crate::model::Village, Option<&'a crate::model::Commune>) {
    match (v.after, v.before) {
        (Some(a), _) => (&after.dataset.villages[a], after.dataset.commune_of(a)),
        (None, Some(b)) => (&before.dataset.villages[b], before.dataset.commune_of(b)),
        (None, None) => unreachable!("a compared village is on one side at least"),
    }
}

/// `changes.csv`: one row per village of either analysis.
pub fn write_changes_csv(
    out: &mut dyn Write,
    before: Side,
    after: Side,
    cmp: &Comparison,
) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "name",
        "commune_code",
        "report_class_before",
        "report_class_after",
        "change",
        "commune_name",
        "code",
        "record_before",
        "record_after",
        "matched_by",
    ])?;
    let record = |side: Side, i: Option<usize>| {
        i.map(|i| side.dataset.villages[i].record.to_string())
            .unwrap_or_default()
    };
    for v in &cmp.villages {
        let (village, commune) = village(before, after, v);
        let class = |c: Option<ReportClass>| c.map(ReportClass::code).unwrap_or("");
        w.write_record([
            village.name.as_str(),
            commune.map_or("", |c| c.code.as_str()),
            class(v.class_before),
            class(v.class_after),
            v.change.code(),
            commune.map_or("", |c| c.name.as_str()),
            village.facts.code.as_str(),
            &record(before, v.before),
            &record(after, v.after),
            match v.matched_by {
                crate::compare::MatchedBy::Code => "code",
                crate::compare::MatchedBy::NameAndPlace => "name_and_place",
                crate::compare::MatchedBy::None => "",
            },
        ])?;
    }
    w.flush()
}

/// Writes the comparison's files into `dir`, replaced whole: the tables, then the map of
/// the changes as `changes.png`, `.pdf` and `.svg` on `paper`.
pub fn write_changes(
    dir: &Path,
    before: Side,
    after: Side,
    cmp: &Comparison,
    lang: Lang,
    sheet: super::map::MapSheet,
) -> Result<Vec<PathBuf>> {
    let mut inputs: Vec<PathBuf> = Vec::new();
    for side in [before, after] {
        inputs.extend(side.dataset.files.iter().map(|f| f.path.clone()));
    }
    super::folder::replace(dir, &inputs, |stage| {
        let csv = stage.join(CHANGE_FILES[0]);
        super::atomic::write(&csv, |w| write_changes_csv(w, before, after, cmp))?;
        let xlsx = stage.join(CHANGE_FILES[1]);
        let lines = progress_lines(cmp, after.eval.params.required, lang);
        let bytes =
            super::xlsx::changes_xlsx_bytes(before, after, cmp, &lines, lang).map_err(|e| {
                crate::Error::content(
                    &xlsx,
                    format!("the Excel report cannot be made ({e})"),
                    "Please report this to the makers of phusong with the input files.",
                )
            })?;
        super::atomic::write(&xlsx, |w| w.write_all(&bytes))?;
        let reports: Vec<PathBuf> = CHANGE_FILES[2..].iter().map(|f| stage.join(f)).collect();
        let compared = crate::compare::Compared {
            before,
            after,
            comparison: cmp,
        };
        super::write_reports(&reports, after.dataset, after.eval, lang, Some(compared))?;
        let mut paths = vec![csv, xlsx];
        paths.extend(reports);
        let sheet = super::map::MapSheet {
            changes: Some(cmp.after_changes(after.dataset.villages.len())),
            title: Some((lang.texts().changes_map_title)(
                &super::map::province_name(after.dataset, after.eval),
            )),
            ..sheet
        };
        paths.extend(super::write_maps(
            stage,
            after.dataset,
            after.eval,
            &sheet,
            "changes",
        )?);
        Ok(paths)
    })
}
