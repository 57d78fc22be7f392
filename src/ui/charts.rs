//! Charts: the signal distribution per technology and operator with the rule's threshold,
//! coverage by commune, and samples over time.

use egui::Color32;
use egui_plot::{Bar, BarChart, Legend, Plot, VLine};

use crate::app::App;
use crate::model::Generation;

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

pub fn charts_ui(app: &mut App, ui: &mut egui::Ui) {
    let t = app.t();
    ui.horizontal(|ui| {
        for (chart, name) in [
            (Chart::Signal, t.chart_signal),
            (Chart::Communes, t.chart_communes),
            (Chart::OverTime, t.chart_over_time),
        ] {
            if ui.selectable_label(app.ui.chart == chart, name).clicked() {
                app.ui.chart = chart;
            }
        }
        if app.ui.chart == Chart::Signal {
            ui.separator();
            for g in Generation::ALL {
                if ui
                    .selectable_label(app.ui.chart_generation == g, g.label())
                    .clicked()
                {
                    app.ui.chart_generation = g;
                }
            }
        }
    });
    let Some(session) = &app.session else {
        ui.label(t.no_data);
        return;
    };
    let stats = &session.stats;
    match app.ui.chart {
        Chart::Signal => {
            let g = app.ui.chart_generation;
            let threshold = session.evaluation.params.threshold_dbm(g);
            let n = stats.operators.len().max(1) as f64;
            Plot::new("signal")
                .legend(Legend::default())
                .x_axis_label(t.signal_axis)
                .y_axis_label(t.samples_axis)
                .allow_scroll(false)
                .show(ui, |plot| {
                    for (i, o) in stats.operators.iter().enumerate() {
                        let bars: Vec<Bar> = stats
                            .histogram(i, g)
                            .map(|(dbm, c)| {
                                Bar::new(
                                    f64::from(dbm) + (i as f64 - (n - 1.0) / 2.0) / n,
                                    c as f64,
                                )
                                .width(0.9 / n)
                            })
                            .collect();
                        if !bars.is_empty() {
                            plot.bar_chart(
                                BarChart::new(o.label(), bars).color(operator_colour(o.brand(), i)),
                            );
                        }
                    }
                    plot.vline(
                        VLine::new((t.threshold_line)(g.label(), threshold), threshold)
                            .color(Color32::BLACK)
                            .width(2.0),
                    );
                });
        }
        Chart::Communes => {
            let g = session.evaluation.params.required;
            let mut rows: Vec<&crate::rollup::UnitFigures> =
                (session.evaluation.rollup.communes.iter())
                    .filter(|r| r.figures.villages > 0)
                    .collect();
            // The communes with most to fix first; a chart of thousands would be unreadable.
            rows.sort_by(|a, b| {
                let share = |r: &crate::rollup::UnitFigures| r.figures.share_of_villages(g);
                share(a).total_cmp(&share(b))
            });
            rows.truncate(60);
            let bar = |i: usize, v: u32| Bar::new(i as f64, f64::from(v)).width(0.8);
            let covered: Vec<Bar> = rows
                .iter()
                .enumerate()
                .map(|(i, r)| bar(i, r.figures.covered_at(g)).name(&r.name))
                .collect();
            let flagged: Vec<Bar> = rows
                .iter()
                .enumerate()
                .map(|(i, r)| bar(i, r.figures.flagged).name(&r.name))
                .collect();
            let unsurveyed: Vec<Bar> = rows
                .iter()
                .enumerate()
                .map(|(i, r)| bar(i, r.figures.not_surveyed).name(&r.name))
                .collect();
            let names: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
            let covered = BarChart::new((t.covered_by)(g.label()), covered)
                .color(Color32::from_rgb(26, 150, 65));
            let flagged = BarChart::new(t.flagged, flagged)
                .color(Color32::from_rgb(215, 48, 39))
                .stack_on(&[&covered]);
            let unsurveyed = BarChart::new(t.not_surveyed, unsurveyed)
                .color(Color32::from_rgb(170, 170, 170))
                .stack_on(&[&covered, &flagged]);
            Plot::new("communes")
                .legend(Legend::default())
                .y_axis_label(t.villages)
                .x_axis_formatter(move |mark, _| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                        names.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                })
                .allow_scroll(false)
                .show(ui, |plot| {
                    plot.bar_chart(covered);
                    plot.bar_chart(flagged);
                    plot.bar_chart(unsurveyed);
                });
        }
        Chart::OverTime => {
            let days: Vec<(i64, &Vec<u64>)> = stats.per_day.iter().map(|(d, c)| (*d, c)).collect();
            if days.is_empty() {
                ui.label(t.no_times);
                return;
            }
            let mut charts: Vec<BarChart> = Vec::new();
            for (i, o) in stats.operators.iter().enumerate() {
                let bars: Vec<Bar> = days
                    .iter()
                    .map(|(d, c)| Bar::new(*d as f64, c[i] as f64).width(0.8))
                    .collect();
                let refs: Vec<&BarChart> = charts.iter().collect();
                let chart = BarChart::new(o.label(), bars)
                    .color(operator_colour(o.brand(), i))
                    .stack_on(&refs);
                charts.push(chart);
            }
            Plot::new("over time")
                .legend(Legend::default())
                .y_axis_label(t.samples_axis)
                .x_axis_formatter(|mark, _| {
                    chrono::DateTime::from_timestamp(mark.value as i64 * 86_400, 0)
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_default()
                })
                .allow_scroll(false)
                .show(ui, |plot| {
                    for chart in charts {
                        plot.bar_chart(chart);
                    }
                });
        }
    }
}
