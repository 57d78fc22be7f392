//! Charts: the signal distribution per technology and operator with the rule's threshold,
//! coverage by commune, and samples over time.

use egui::Color32;
use egui_plot::{AxisHints, Bar, BarChart, GridMark, Legend, Plot, PlotItem as _, VLine};

use crate::app::{Session, View};
use crate::i18n::Texts;
use crate::model::Generation;
use crate::rollup::UnitFigures;
use crate::ui::UiState;

/// The order of the coverage-by-commune chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CommuneSort {
    /// The lowest share of villages covered first: where most is to be done.
    #[default]
    MostToFix,
    MostFlagged,
    Name,
}

/// How many communes the coverage chart shows, each with its name: more would not be
/// readable in the panel.
const COMMUNES_CHARTED: usize = 25;

/// The height a commune's bar and name take in that chart, in points.
const BAR_PX: f32 = 16.0;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Chart {
    #[default]
    Signal,
    Communes,
    OverTime,
}

/// Colours for operators in charts, by position in the list (Viettel red, VinaPhone blue and
/// MobiFone green when they are first, second and third by MNC do not matter: by brand below).
fn operator_colour(brand: Option<&str>, i: usize) -> Color32 {
    match brand {
        Some("Viettel") => Color32::from_rgb(214, 39, 40),
        Some("VinaPhone") => Color32::from_rgb(31, 119, 180),
        Some("MobiFone") => Color32::from_rgb(44, 160, 44),
        Some("Vietnamobile") => Color32::from_rgb(255, 127, 14),
        _ => [
            Color32::from_rgb(148, 103, 189),
            Color32::from_rgb(140, 86, 75),
            Color32::from_rgb(127, 127, 127),
        ][i % 3],
    }
}

/// The chart chosen, with the choice of chart (and of generation, for the signal's).
pub fn charts_ui(view: &View, state: &mut UiState, ui: &mut egui::Ui) {
    let t = view.t;
    ui.horizontal(|ui| {
        for (chart, name) in [
            (Chart::Signal, t.chart_signal),
            (Chart::Communes, t.chart_communes),
            (Chart::OverTime, t.chart_over_time),
        ] {
            if ui.selectable_label(state.chart == chart, name).clicked() {
                state.chart = chart;
            }
        }
        if state.chart == Chart::Signal {
            ui.separator();
            for g in Generation::ALL {
                if ui
                    .selectable_label(state.chart_generation == g, g.label())
                    .clicked()
                {
                    state.chart_generation = g;
                }
            }
        }
        if state.chart == Chart::Communes {
            ui.separator();
            let label = ui.label(t.sort_by);
            let sorts = [
                (CommuneSort::MostToFix, t.sort_most_to_fix),
                (CommuneSort::MostFlagged, t.sort_most_flagged),
                (CommuneSort::Name, t.sort_by_name),
            ];
            let shown = sorts.iter().find(|(s, _)| *s == state.commune_sort);
            egui::ComboBox::from_id_salt("commune sort")
                .selected_text(shown.map_or("", |(_, text)| text))
                .show_ui(ui, |ui| {
                    for (sort, text) in sorts {
                        ui.selectable_value(&mut state.commune_sort, sort, text);
                    }
                })
                .response
                .labelled_by(label.id);
        }
    });
    let Some(session) = view.session else {
        ui.label(t.no_data);
        return;
    };
    match state.chart {
        Chart::Signal => signal_chart_ui(ui, t, session, state.chart_generation),
        Chart::Communes => communes_chart_ui(ui, t, session, state.commune_sort),
        Chart::OverTime => over_time_chart_ui(ui, t, session),
    }
}

/// Samples by signal level, a bar per operator side by side, with the rule's threshold for
/// generation `g`.
fn signal_chart_ui(ui: &mut egui::Ui, t: &Texts, session: &Session, g: Generation) {
    let stats = &session.stats;
    let threshold = session.evaluation.params.threshold_dbm(g);
    let n = stats.operators.len().max(1) as f64;
    Plot::new("signal")
        .legend(Legend::default())
        .x_axis_label(t.signal_axis)
        .y_axis_label(t.samples_axis)
        .allow_scroll(false)
        .show(ui, |plot| {
            for (i, o) in stats.operators.iter().enumerate() {
                let beside = (i as f64 - (n - 1.0) / 2.0) / n;
                let bars: Vec<Bar> = (stats.histogram(i, g))
                    .map(|(dbm, c)| Bar::new(f64::from(dbm) + beside, c as f64).width(0.9 / n))
                    .collect();
                if !bars.is_empty() {
                    let colour = operator_colour(o.brand(), i);
                    plot.bar_chart(BarChart::new(o.label(), bars).color(colour));
                }
            }
            let line = VLine::new((t.threshold_line)(g.label(), threshold), threshold);
            plot.vline(line.color(Color32::BLACK).width(2.0));
        });
}

/// Covered, flagged and not surveyed villages stacked, a bar per commune with its name, in
/// the order chosen; a bar's tooltip names the commune and the count.
fn communes_chart_ui(ui: &mut egui::Ui, t: &Texts, session: &Session, sort: CommuneSort) {
    let g = session.evaluation.params.required;
    let mut rows: Vec<&UnitFigures> = (session.evaluation.rollup.communes.iter())
        .filter(|r| r.figures.villages > 0)
        .collect();
    let with_villages = rows.len();
    let share = |r: &UnitFigures| r.figures.share_of_villages(g);
    match sort {
        CommuneSort::MostToFix => rows.sort_by(|a, b| share(a).total_cmp(&share(b))),
        CommuneSort::MostFlagged => rows.sort_by_key(|r| std::cmp::Reverse(r.figures.flagged)),
        CommuneSort::Name => rows.sort_by(|a, b| a.name.cmp(&b.name)),
    }
    // As many as the panel shows with a legible name each.
    let fit = ((ui.available_height() - 60.0) / BAR_PX).max(5.0) as usize;
    rows.truncate(COMMUNES_CHARTED.min(fit));
    ui.label(egui::RichText::new((t.communes_shown)(rows.len(), with_villages)).weak());
    // The first commune at the top: bar i at height n - 1 - i.
    let n = rows.len();
    let bars = |count: &dyn Fn(&UnitFigures) -> u32| -> Vec<Bar> {
        (rows.iter().enumerate())
            .map(|(i, r)| {
                let at = (n - 1 - i) as f64;
                Bar::new(at, f64::from(count(r))).width(0.7).name(&r.name)
            })
            .collect()
    };
    let named = || -> BarText { Box::new(bar_text) };
    let covered = BarChart::new(
        (t.covered_by)(g.label()),
        bars(&|r| r.figures.covered_at(g)),
    )
    .color(Color32::from_rgb(26, 150, 65))
    .horizontal()
    .element_formatter(named());
    let flagged = BarChart::new(t.flagged, bars(&|r| r.figures.flagged))
        .color(Color32::from_rgb(215, 48, 39))
        .horizontal()
        .element_formatter(named())
        .stack_on(&[&covered]);
    let unsurveyed = BarChart::new(t.not_surveyed, bars(&|r| r.figures.not_surveyed))
        .color(Color32::from_rgb(170, 170, 170))
        .horizontal()
        .element_formatter(named())
        .stack_on(&[&covered, &flagged]);
    let names: Vec<String> = rows.iter().rev().map(|r| r.name.clone()).collect();
    Plot::new("communes")
        .legend(Legend::default())
        .x_axis_label(t.villages)
        // A mark, and so a name, at every bar.
        .y_grid_spacer(|input| {
            let (low, high) = input.bounds;
            ((low.ceil().max(0.0) as usize)..=(high.floor().max(0.0) as usize))
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .custom_y_axes(vec![
            AxisHints::new_y()
                .formatter(move |mark, _| {
                    let i = mark.value.round();
                    match (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                        true => names.get(i as usize).cloned().unwrap_or_default(),
                        false => String::new(),
                    }
                })
                .label_spacing(BAR_PX - 4.0..=BAR_PX)
                .min_thickness(150.0),
        ])
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.bar_chart(covered);
            plot.bar_chart(flagged);
            plot.bar_chart(unsurveyed);
        });
}

/// What a bar's tooltip says.
type BarText = Box<dyn Fn(&Bar, &BarChart) -> String>;

/// A bar's tooltip: what it is of (a commune, a day), its series and its count.
fn bar_text(bar: &Bar, chart: &BarChart) -> String {
    format!("{}\n{}: {}", bar.name, chart.name(), bar.value)
}

/// Samples per day, the operators stacked.
fn over_time_chart_ui(ui: &mut egui::Ui, t: &Texts, session: &Session) {
    let lang = t.lang;
    let stats = &session.stats;
    if stats.per_day.is_empty() {
        ui.label(t.no_times);
        return;
    }
    let mut charts: Vec<BarChart> = Vec::new();
    for (i, o) in stats.operators.iter().enumerate() {
        let bars: Vec<Bar> = (stats.per_day.iter())
            .map(|(d, c)| {
                let bar = Bar::new(*d as f64, c[i] as f64).width(0.8);
                match chrono::DateTime::from_timestamp(d * 86_400, 0) {
                    Some(day) => bar.name(crate::numbers::date_text(lang, day.date_naive())),
                    None => bar,
                }
            })
            .collect();
        let below: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(o.label(), bars)
            .color(operator_colour(o.brand(), i))
            .element_formatter(Box::new(bar_text))
            .stack_on(&below);
        charts.push(chart);
    }
    Plot::new("over time")
        .legend(Legend::default())
        .y_axis_label(t.samples_axis)
        .x_axis_formatter(move |mark, _| {
            chrono::DateTime::from_timestamp(mark.value as i64 * 86_400, 0)
                .map(|d| crate::numbers::date_text(lang, d.date_naive()))
                .unwrap_or_default()
        })
        .allow_scroll(false)
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}
