//! This year against last: the window that chooses what to compare with (a saved project,
//! or the same data over two date ranges), and the tab of the changes.

use std::sync::Arc;

use chrono::NaiveDate;

use super::tables::{Cell, Row};
use crate::app::{Against, Command, Compared, Export, Selection, View};
use crate::compare::Change;
use crate::i18n::Texts;
use crate::numbers::{date_hint, date_text, parse_date};

/// What the comparison window holds while it is open.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareForm {
    pub by_dates: bool,
    /// The earlier and the later range, from and to, as typed.
    pub days: [[String; 2]; 2],
}

impl CompareForm {
    /// The form as it opens: the days the samples span cut in two halves (the later half
    /// being this survey), or the ranges of the comparison on screen.
    pub fn new(view: &View) -> CompareForm {
        let t = view.t;
        let text = |d: Option<NaiveDate>| d.map_or(String::new(), |d| date_text(t.lang, d));
        let filters = &view.settings.params.filters;
        if let Some(Against::Dates { from, to }) = view.comparing {
            return CompareForm {
                by_dates: true,
                days: [
                    [text(*from), text(*to)],
                    [text(filters.from), text(filters.to)],
                ],
            };
        }
        let days: Vec<NaiveDate> = view
            .session
            .map(|s| s.stats.per_day.keys().filter_map(|&d| day(d)).collect())
            .unwrap_or_default();
        let half = days.len() / 2;
        let (first, last) = (days.first().copied(), days.last().copied());
        let split = |i: usize| days.get(i).copied();
        let by_dates = days.len() >= 2 && !matches!(view.comparing, Some(Against::Project(_)));
        CompareForm {
            by_dates,
            days: [
                [text(first), text(split(half.saturating_sub(1)))],
                [text(split(half)), text(last)],
            ],
        }
    }
}

/// Days since 1970-01-01 as a date.
fn day(days: i64) -> Option<NaiveDate> {
    NaiveDate::default().checked_add_signed(chrono::Duration::days(days))
}

/// The comparison window, while open.
pub fn compare_form_ui(
    view: &View,
    form: &mut Option<CompareForm>,
    ctx: &egui::Context,
    out: &mut Vec<Command>,
) {
    let Some(f) = form else { return };
    let t = view.t;
    let mut open = true;
    let mut close = false;
    egui::Window::new(t.compare_title)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(440.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.radio_value(&mut f.by_dates, false, t.compare_by_project);
            ui.add_enabled_ui(!f.by_dates, |ui| {
                ui.indent("project", |ui| {
                    ui.label(egui::RichText::new(t.compare_project_hint).small());
                    if ui.button(t.compare_pick_project).clicked() {
                        out.push(Command::PickCompareProject);
                        close = true;
                    }
                });
            });
            ui.add_space(6.0);
            ui.radio_value(&mut f.by_dates, true, t.compare_by_dates);
            let mut parsed = [[None; 2]; 2];
            let mut all_read = true;
            ui.add_enabled_ui(f.by_dates, |ui| {
                ui.indent("dates", |ui| {
                    let names = [t.compare_before_days, t.compare_after_days];
                    for (k, name) in names.into_iter().enumerate() {
                        ui.horizontal(|ui| {
                            // One width for both names, so that the fields line up.
                            ui.add_sized([70.0, 20.0], egui::Label::new(name));
                            for (j, label) in [t.date_from, t.date_to].into_iter().enumerate() {
                                let l = ui.label(label);
                                let text = &mut f.days[k][j];
                                ui.add(
                                    egui::TextEdit::singleline(text)
                                        .desired_width(90.0)
                                        .hint_text(date_hint(t.lang)),
                                )
                                .labelled_by(l.id);
                                let trimmed = text.trim();
                                parsed[k][j] = parse_date(trimmed);
                                if !trimmed.is_empty() && parsed[k][j].is_none() {
                                    all_read = false;
                                }
                            }
                        });
                    }
                    if !all_read {
                        let hint = (t.dates_written_as)(date_hint(t.lang));
                        ui.colored_label(ui.visuals().warn_fg_color, hint);
                    }
                    ui.label(egui::RichText::new(t.compare_dates_hint).small());
                    if ui
                        .add_enabled(all_read, egui::Button::new(t.compare_go))
                        .clicked()
                    {
                        let mut params = view.settings.params.clone();
                        params.filters.from = parsed[1][0];
                        params.filters.to = parsed[1][1];
                        out.push(Command::SetParams(params));
                        out.push(Command::CompareWith(Against::Dates {
                            from: parsed[0][0],
                            to: parsed[0][1],
                        }));
                        close = true;
                    }
                });
            });
        });
    if !open || close {
        *form = None;
    }
}

/// The tab of the comparison: what it compares, the changes in report words, the
/// villages that changed, and its buttons.
pub fn changes_tab_ui(
    view: &View,
    state: &mut super::tables::TableState,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    let t = view.t;
    let (Some(session), Some(compared)) = (view.session, view.compared) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t.compare_making);
        });
        return;
    };
    let required = session.evaluation.params.required;
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(against_text(t, compared)).strong());
        if ui
            .button(t.export_changes)
            .on_hover_text(t.export_changes_hint)
            .clicked()
        {
            out.push(Command::Export(Export::Changes));
        }
        if ui.button(t.compare_stop).clicked() {
            out.push(Command::StopComparing);
        }
    });
    for line in crate::export::changes::progress_lines(&compared.comparison, required, t.lang) {
        ui.label(crate::message::sentence(&line));
    }
    ui.add_space(4.0);
    let headers: Vec<String> = vec![
        t.village.into(),
        t.commune.into(),
        t.change_before.into(),
        t.change_after.into(),
        t.change_word.into(),
    ];
    super::tables::table_ui(
        ui,
        t,
        &headers,
        (Arc::as_ptr(&compared.after) as usize, compared.id, t.lang),
        {
            let compared = Arc::clone(compared);
            Box::new(move || change_rows(t, &compared))
        },
        state,
        (view.selection, &|_| String::new()),
        out,
    );
}

/// The comparison's name: the project, or the two date ranges.
fn against_text(t: &Texts, c: &Compared) -> String {
    match &c.against {
        Against::Project(path) => (t.compare_against_project)(&crate::io::paths::file_name(path)),
        Against::Dates { .. } => (t.compare_against_days)(
            &crate::export::annex::period(&c.before_eval, t.lang),
            &crate::export::annex::period(&c.after_eval, t.lang),
        ),
    }
}

/// The villages on screen whose class changed or that stay without coverage, gains and
/// losses first.
fn change_rows(t: &Texts, c: &Compared) -> Vec<Row> {
    let g = c.after_eval.params.required;
    let class = |k: Option<crate::rule::ReportClass>| {
        k.map_or_else(|| "—".to_string(), |k| t.report_class(k, g))
    };
    let mut rows: Vec<(u8, Row)> = (c.comparison.villages.iter())
        .filter_map(|v| {
            let a = v.after?;
            let rank = match v.change {
                Change::NewlyCovered | Change::LostCoverage => 0,
                Change::NewlySurveyed | Change::StillWithout => 1,
                Change::NotResurveyed | Change::OnlyAfter => 2,
                Change::StillCovered | Change::NotSurveyed | Change::OnlyBefore => return None,
            };
            let cells = vec![
                Cell::Text(super::tables::village_name(t, &c.after, a)),
                Cell::Text(super::tables::commune_name(t, &c.after, a)),
                Cell::Text(class(v.class_before)),
                Cell::Text(class(v.class_after)),
                Cell::Text(t.change(v.change, g)),
            ];
            Some((
                rank,
                Row {
                    target: Selection::Village(a),
                    cells,
                    status_hover: None,
                },
            ))
        })
        .collect();
    rows.sort_by_key(|(rank, _)| *rank);
    rows.into_iter().map(|(_, r)| r).collect()
}
