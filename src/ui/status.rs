//! The status bar: what is loading (with Cancel), the latest message, the cursor's position.

use egui::RichText;

use crate::app::{Command, Level, View};
use crate::numbers::decimal_text;

pub fn status_ui(
    view: &View,
    map: &super::map::MapState,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    let t = view.t;
    ui.horizontal(|ui| {
        if let Some(fraction) = view.loading {
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(220.0)
                    .show_percentage()
                    .animate(true),
            );
            ui.label(t.loading);
            if ui.button(t.cancel).clicked() {
                out.push(Command::CancelLoad);
            }
            ui.separator();
        }
        if view.writing {
            ui.spinner();
            ui.label(t.writing);
            ui.separator();
        }
        // The right-hand side first, so that a long message is cut before it, not under it.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(renderer) = &view.renderer {
                ui.label(RichText::new((t.renderer_in_use)(renderer)).weak());
                ui.separator();
            }
            if let Some((lon, lat)) = map.cursor {
                let [lat, lon] = [lat, lon].map(|d| decimal_text(view.lang(), d, 5));
                ui.label(RichText::new(format!("{lat}° N, {lon}° E")).monospace());
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                if let Some(m) = view.messages.last() {
                    let colour = match m.level {
                        Level::Error => super::theme::ERROR,
                        Level::Warning => super::theme::WARNING,
                        Level::Info => ui.visuals().weak_text_color(),
                    };
                    let text = m.text(t);
                    // On one line, cut at the bar's end: "Đã ghi: <the files>", not a heading
                    // whose files are on the lines below.
                    let one_line: Vec<&str> = text
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .collect();
                    let one_line = one_line.join(" ");
                    ui.add(egui::Label::new(RichText::new(one_line).color(colour)).truncate())
                        .on_hover_text(&text);
                }
            });
        });
    });
}
