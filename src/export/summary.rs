//! `summary.json` and the short summary in the words of a provincial report.

use std::io::Write;

use serde::Serialize;

use super::tables::FigureRow;
use crate::analysis::{Dataset, Evaluation, InputFile};
use crate::i18n::Texts;
use crate::io::report::ImportReport;
use crate::lang::Lang;
use crate::message::Front;
use crate::model::Generation;
use crate::numbers::{count_text, percent_text};
use crate::rollup::Figures;
use crate::rule::Params;

/// The figures of `f` as a report would state them in the language of `t`, one sentence a
/// line.
pub fn report_lines(f: &Figures, required: Generation, t: &Texts) -> Vec<String> {
    let n = |x: u32| count_text(t.lang, x as u64);
    let pct = |part: u32, whole: u32| percent_text(t.lang, part, whole);
    let covered = f.covered_at(required);
    let mut lines = vec![(t.report_line_head)(
        &n(covered),
        &n(f.villages),
        &pct(covered, f.villages),
        required.label(),
        &n(f.no_coverage),
        &n(f.not_surveyed),
    )];
    for g in Generation::ALL {
        let c = f.covered_at(g);
        lines.push((t.report_line_at_least)(
            g.label(),
            &n(c),
            &pct(c, f.villages),
            &pct(c, f.surveyed),
            &n(f.surveyed),
        ));
    }
    lines.push((t.report_line_flagged)(
        required.label(),
        &n(f.flagged),
        &n(f.no_signal),
        &n(f.weak_signal),
        &n(f.below_required),
    ));
    lines.extend(weighted_lines(f, required, t));
    lines
}

/// The households in villages covered at `required`, over those whose households the list
/// gives, as a report says it ("13.088/16.369 hộ (80,0%) ở thôn có sóng 4G (biết số hộ của
/// 112/123 thôn)"); `None` when the list gives no households.
pub fn households_line(f: &Figures, required: Generation, t: &Texts) -> Option<String> {
    let h = &f.households;
    if h.known == 0 {
        return None;
    }
    let n = |x: u64| count_text(t.lang, x);
    let covered = h.covered_at(required);
    let line = (t.report_line_households)(
        &n(covered),
        &n(h.total),
        &percent_text(t.lang, covered, h.total),
        required.label(),
        &n(h.known.into()),
        &n(f.villages.into()),
    );
    Some(line.trim().to_string())
}

/// The households lines (where the list gives households) and the grid-power line (where it
/// says which villages have power).
fn weighted_lines(f: &Figures, required: Generation, t: &Texts) -> Vec<String> {
    use crate::rule::ReportClass::{NoSignal, WeakSignal};
    let n = |x: u64| count_text(t.lang, x);
    let h = &f.households;
    let mut lines = Vec::new();
    if let Some(line) = households_line(f, required, t) {
        lines.push(format!("  {line}"));
        lines.push((t.report_line_households_flagged)(
            &n(h.of_class(NoSignal)),
            &n(h.of_class(WeakSignal)),
        ));
    }
    let p = &f.power;
    if p.with.iter().chain(&p.without).any(|&c| c > 0) {
        let c = |class, power| n(p.of_class(class, power).into());
        lines.push((t.report_line_power)(
            &c(NoSignal, true),
            &c(NoSignal, false),
            &c(WeakSignal, true),
            &c(WeakSignal, false),
        ));
    }
    lines
}

/// A line per operator, in `lang`: its villages covered at the `required` generation and
/// those it surveyed.
pub fn operator_lines(
    figures: &[crate::rollup::OperatorFigures],
    required: Generation,
    lang: Lang,
) -> Vec<String> {
    (figures.iter())
        .map(|f| {
            let covered = f.covered[required.index()];
            crate::message::Msg::OperatorLine {
                operator: f.operator.label(),
                covered: count_text(lang, covered as u64),
                villages: count_text(lang, f.villages as u64),
                share: percent_text(lang, covered, f.villages),
                required: required.to_string(),
                surveyed: count_text(lang, f.surveyed as u64),
            }
            .text(lang, Front::CommandLine)
        })
        .collect()
}

/// An import report as `summary.json` gives it: its words in the report's language.
#[derive(Serialize)]
struct ReportView<'a> {
    file: &'a std::path::Path,
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sheet: &'a Option<String>,
    rows_read: u64,
    rows_used: u64,
    rejected:
        &'a std::collections::BTreeMap<crate::io::report::Reason, crate::io::report::Rejections>,
    notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text_encoding: &'a Option<crate::io::text::TextEncodingReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete: &'a Option<crate::io::report::Incomplete>,
}

impl<'a> ReportView<'a> {
    fn of(r: &'a ImportReport, lang: Lang) -> Self {
        let front = Front::CommandLine;
        ReportView {
            file: &r.file,
            format: r.format.text(lang, front),
            sheet: &r.sheet,
            rows_read: r.rows_read,
            rows_used: r.rows_used,
            rejected: &r.rejected,
            notes: r.note_texts(lang, front),
            text_encoding: &r.text_encoding,
            incomplete: &r.incomplete,
        }
    }
}

/// Households as `summary.json` gives them: the total over the villages whose households
/// are known, how many those are, and the households of each report class.
#[derive(Serialize)]
struct HouseholdsView {
    total: u64,
    known: u32,
    not_surveyed: u64,
    no_signal: u64,
    weak_signal: u64,
    below_required: u64,
    covered: u64,
}

impl HouseholdsView {
    fn of(h: &crate::rollup::Weighted) -> HouseholdsView {
        use crate::rule::ReportClass as C;
        HouseholdsView {
            total: h.total,
            known: h.known,
            not_surveyed: h.of_class(C::NotSurveyed),
            no_signal: h.of_class(C::NoSignal),
            weak_signal: h.of_class(C::WeakSignal),
            below_required: h.of_class(C::BelowRequired),
            covered: h.of_class(C::Covered),
        }
    }
}

/// A warning on the inputs as `summary.json` gives it: what it is, and in words.
#[derive(Serialize)]
struct WarningView {
    #[serde(flatten)]
    warning: crate::analysis::DataWarning,
    text: String,
}

#[derive(Serialize)]
struct Summary<'a> {
    phusong: &'static str,
    rule: &'static str,
    parameters: &'a Params,
    headline: String,
    inputs: &'a [InputFile],
    /// Layers read in part and logs not read: the figures cover less than the inputs.
    warnings: Vec<WarningView>,
    import_reports: Vec<ReportView<'a>>,
    samples_loaded: u64,
    samples_filtered_out: u64,
    /// All villages' households, where the village list gives them.
    households: HouseholdsView,
    /// How survey ages were counted; left out when no sample has a time.
    #[serde(skip_serializing_if = "Option::is_none")]
    survey_age: Option<crate::age::SurveyAge>,
    /// Villages whose newest sample is older than the set age.
    villages_needing_new_survey: u32,
    total: FigureRow,
    /// Each operator on its own, over all villages.
    operators: Vec<crate::rollup::OperatorFigures>,
    provinces: Vec<FigureRow>,
    /// Left out when the data has no districts.
    #[serde(skip_serializing_if = "Option::is_none")]
    districts: Option<Vec<FigureRow>>,
    communes: Vec<FigureRow>,
    outside_every_commune: FigureRow,
}

/// Every figure, the parameters, and the inputs with their checksums.
pub fn write_summary_json(
    out: &mut dyn Write,
    dataset: &Dataset,
    eval: &Evaluation,
    lang: Lang,
) -> std::io::Result<()> {
    let r = &eval.rollup;
    let with_district = r.has_districts();
    let required = eval.params.required;
    let row = |u: &crate::rollup::UnitFigures| FigureRow::for_data(u, with_district, required);
    let rows = |units: &[crate::rollup::UnitFigures]| units.iter().map(row).collect();
    let summary = Summary {
        phusong: env!("CARGO_PKG_VERSION"),
        rule: "src/coverage-rule.md",
        parameters: &eval.params,
        headline: report_lines(&r.total, eval.params.required, lang.texts()).join("\n"),
        inputs: &dataset.files,
        warnings: (dataset.warnings().into_iter())
            .map(|w| WarningView {
                text: w.text(lang, Front::CommandLine),
                warning: w,
            })
            .collect(),
        import_reports: dataset
            .reports
            .iter()
            .map(|r| ReportView::of(r, lang))
            .collect(),
        samples_loaded: dataset.samples.len() as u64,
        samples_filtered_out: eval.samples_filtered_out,
        households: HouseholdsView::of(&r.total.households),
        survey_age: eval.survey_age,
        villages_needing_new_survey: eval.villages_needing_new_survey(),
        total: row(&r.total_row()),
        operators: eval.operators.clone(),
        provinces: rows(&r.provinces),
        districts: with_district.then(|| rows(&r.districts)),
        communes: rows(&r.communes),
        outside_every_commune: row(&r.outside_row()),
    };
    serde_json::to_writer_pretty(&mut *out, &summary)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_reads_like_a_report() {
        let f = Figures {
            villages: 2031,
            surveyed: 1935,
            not_surveyed: 96,
            no_coverage: 61,
            covered: [1874, 1874, 1874, 10],
            flagged: 61,
            ..Figures::default()
        };
        assert_eq!(
            report_lines(&f, Generation::G4, Lang::En.texts())[0],
            "1,874/2,031 villages (92.3%) covered by 4G; 61 villages without signal; 96 not surveyed"
        );
    }
}
