//! The right panel: the headline figures, the search box, and what is known of the selected
//! village or commune.

use egui::RichText;

use crate::app::{Command, Selection, Session, View};
use crate::i18n::Texts;
use crate::model::Generation;
use crate::rule::VillageOutcome;
use crate::ui::UiState;

/// How many search results are listed.
const RESULTS: usize = 30;

pub fn details_ui(view: &View, state: &mut UiState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    egui::ScrollArea::vertical().show(ui, |ui| {
        let Some(session) = &view.session else {
            ui.label(t.no_data);
            return;
        };
        headline_ui(view, session, ui);
        ui.separator();

        ui.heading(t.search);
        let label = ui.label(t.search_hint);
        ui.add(egui::TextEdit::singleline(&mut state.search).hint_text(t.search_placeholder))
            .labelled_by(label.id);
        let found = session.search.find(&state.search, RESULTS);
        if !state.search.trim().is_empty() && found.is_empty() {
            ui.label(RichText::new(t.nothing_found).weak());
        }
        for hit in found {
            let text = match hit {
                Selection::Village(v) => {
                    let commune = session
                        .dataset
                        .commune_of(v)
                        .map_or("", |c| c.name.as_str());
                    format!("{} · {commune}", session.dataset.villages[v].name)
                }
                Selection::Commune(c) => {
                    format!("{} ({})", session.dataset.communes[c].name, t.commune)
                }
            };
            if ui
                .selectable_label(view.selection == Some(hit), text)
                .clicked()
            {
                out.push(Command::Select(Some(hit)));
                out.push(Command::ZoomToSelection);
            }
        }
        ui.separator();
        match view.selection {
            Some(Selection::Village(v)) => {
                village_ui(view, session, v, state.map.highlighted.len(), ui, out)
            }
            Some(Selection::Commune(c)) => commune_ui(view, session, c, ui, out),
            None => {
                ui.label(RichText::new(t.click_hint).weak());
            }
        }
    });
}

fn headline_ui(view: &View, session: &Session, ui: &mut egui::Ui) {
    let t = view.t;
    let eval = &session.evaluation;
    let total = eval.rollup.total;
    let g = eval.params.required;
    ui.heading(t.summary);
    // What makes these figures cover less than the files given, before the figures.
    for w in session
        .dataset
        .warning_texts(t.lang, crate::message::Front::Window)
    {
        ui.label(RichText::new(format!("⚠ {w}")).color(super::theme::WARNING));
    }
    ui.label(RichText::new(t.covered(&total, g)).strong());
    ui.label((t.flagged_count)(total.flagged));
    ui.label(t.flagged_by_class(&total, g));
    ui.label((t.not_surveyed_count)(total.not_surveyed));
    if let Some(line) = crate::export::summary::households_line(&total, g, t) {
        ui.label(line);
    }
}

fn village_ui(
    view: &View,
    session: &Session,
    v: usize,
    highlighted: usize,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    let t = view.t;
    let village = &session.dataset.villages[v];
    let outcome = &session.evaluation.villages[v];
    ui.heading(&village.name);
    let commune = super::tables::commune_name(t, &session.dataset, v);
    egui::Grid::new("village").num_columns(2).show(ui, |ui| {
        ui.label(t.commune);
        ui.label(commune);
        ui.end_row();
        ui.label(t.status);
        let mut status =
            RichText::new(t.report_class(outcome.report_class, session.evaluation.params.required));
        if outcome.flagged {
            status = status.color(super::theme::ERROR).strong();
        }
        ui.label(status);
        ui.end_row();
        ui.label(t.position);
        let p = village.location;
        ui.label(crate::numbers::lat_lon_text(t.lang, p.y(), p.x()));
        ui.end_row();
        ui.label(t.samples_in_radius);
        ui.label(format!(
            "{} ({} m)",
            highlighted, session.evaluation.params.radius_m
        ));
        ui.end_row();
        let facts = &village.facts;
        let n = |x: Option<u32>| {
            x.map_or("—".to_string(), |x| {
                crate::numbers::count_text(t.lang, x.into())
            })
        };
        for (label, value) in [
            (t.households_word, n(facts.households)),
            (t.population_word, n(facts.population)),
        ] {
            ui.label(label);
            ui.label(value);
            ui.end_row();
        }
        ui.label(t.grid_power_word);
        ui.label(t.yes_no(facts.grid_power).unwrap_or("—"));
        ui.end_row();
        ui.label(t.last_sample_date);
        let day = outcome.last_sample_s().and_then(crate::age::day_of);
        let mut last =
            RichText::new(day.map_or("—".into(), |d| crate::numbers::date_text(t.lang, d)));
        let v_index = v;
        if session.evaluation.needs_new_survey(v_index) {
            last = RichText::new(format!("{} · {}", last.text(), t.needs_new_survey))
                .color(super::theme::WARNING);
        }
        ui.label(last);
        ui.end_row();
    });
    if outcome.flagged {
        ui.label(RichText::new(t.flagged_explained).color(super::theme::ERROR));
    }
    ui.add_space(4.0);
    operators_ui(t, outcome, ui);
    verdict_ui(t, outcome, &session.evaluation.params, ui);
    if ui.button(t.zoom_to_village).clicked() {
        let p = village.location;
        let metres = session.evaluation.params.radius_m * 6.0;
        out.push(Command::ZoomTo(crate::map::LonLatBox::around_point(
            p.x(),
            p.y(),
            metres,
        )));
    }
}

/// Each operator's samples around the village: the best generation, how many (the good
/// ones per generation on hover), the best signal per generation.
fn operators_ui(t: &Texts, outcome: &VillageOutcome, ui: &mut egui::Ui) {
    ui.label(RichText::new(t.per_operator).strong());
    if outcome.operators.is_empty() {
        ui.label(t.no_samples_near);
    }
    // A table wider than the panel scrolls on its own rather than widening the panel.
    egui::ScrollArea::horizontal()
        .id_salt("operators")
        .show(ui, |ui| {
            egui::Grid::new("operators")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    ui.label(t.operator);
                    ui.label(t.best);
                    ui.label(t.samples_col);
                    ui.label(t.best_signal);
                    ui.end_row();
                    for o in &outcome.operators {
                        ui.label(
                            o.operator
                                .brand()
                                .map_or(o.operator.to_string(), str::to_string),
                        )
                        .on_hover_text(o.operator.label());
                        ui.label(o.best.map_or(t.none.to_string(), |g| g.label().to_string()));
                        let good: Vec<String> = Generation::ALL
                            .iter()
                            .map(|g| format!("{}:{}", g.label(), o.good[g.index()]))
                            .collect();
                        ui.label(o.samples.to_string()).on_hover_text(format!(
                            "{} {}",
                            t.good_samples,
                            good.join(" ")
                        ));
                        let best: Vec<String> = Generation::ALL
                            .iter()
                            .filter_map(|g| {
                                o.best_signal_dbm[g.index()]
                                    .map(|s| format!("{} {s:.0}", g.label()))
                            })
                            .collect();
                        ui.label(if best.is_empty() {
                            "—".to_string()
                        } else {
                            best.join(", ")
                        });
                        ui.end_row();
                    }
                });
        });
}

/// Why the village is in its class: per operator, the good samples of all its samples in
/// the radius at the required generation and what was needed (every generation on hover),
/// and whether any sample was good at all (what tells *trắng sóng* from *lõm sóng*).
fn verdict_ui(
    t: &crate::i18n::Texts,
    outcome: &crate::rule::VillageOutcome,
    params: &crate::rule::Params,
    ui: &mut egui::Ui,
) {
    if outcome.operators.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new(t.verdict_heading).strong());
    for o in &outcome.operators {
        let name = o
            .operator
            .brand()
            .map_or(o.operator.to_string(), str::to_string);
        let every: Vec<String> = Generation::ALL
            .iter()
            .map(|g| t.verdict(o, *g, params))
            .collect();
        // The required generation, and 2G too where nothing covers the village: 2G is what
        // tells no coverage at all from coverage below the required generation.
        let mut shown = vec![t.verdict(o, params.required, params)];
        if outcome.status == crate::rule::Status::NoCoverage && params.required != Generation::G2 {
            shown.insert(0, t.verdict(o, Generation::G2, params));
        }
        ui.label(format!("{name}: {}", shown.join("; ")))
            .on_hover_text(every.join("\n"));
    }
    let seen = if outcome.signal_seen {
        t.signal_seen_yes
    } else {
        t.signal_seen_no
    };
    ui.label(RichText::new(seen).weak());
}

fn commune_ui(view: &View, session: &Session, c: usize, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    let commune = &session.dataset.communes[c];
    let Some(row) = session.evaluation.rollup.communes.get(c) else {
        return;
    };
    let f = row.figures;
    let g = session.evaluation.params.required;
    ui.heading(&commune.name);
    egui::Grid::new("commune").num_columns(2).show(ui, |ui| {
        let covered = (t.covered_by)(g.label());
        for (label, value) in [
            (t.code, commune.code.clone()),
            (t.district, commune.district.clone()),
            (t.province, commune.province.clone()),
            (t.villages, f.villages.to_string()),
            (t.surveyed, f.surveyed.to_string()),
            (
                covered.as_str(),
                format!(
                    "{} ({})",
                    f.covered_at(g),
                    crate::numbers::percent_text(t.lang, f.covered_at(g), f.villages)
                ),
            ),
            (t.flagged, f.flagged.to_string()),
            (t.status_no_signal, f.no_signal.to_string()),
            (t.class_weak_signal, f.weak_signal.to_string()),
            (t.not_surveyed, f.not_surveyed.to_string()),
        ] {
            if value.is_empty() {
                continue;
            }
            ui.label(label);
            ui.label(value);
            ui.end_row();
        }
    });
    if ui.button(t.zoom_to_commune).clicked()
        && let Some(area) = crate::map::commune_box(commune)
    {
        out.push(Command::ZoomTo(area));
    }
}
