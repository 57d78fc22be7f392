//! The bottom panel: its tabs (the result's tables, the charts, the comparison's changes, the
//! import reports, the messages) and the two it draws itself.

use egui::RichText;

use super::{Tab, UiState};
use crate::app::{Command, Level, View};

pub fn bottom_ui(view: &View, state: &mut UiState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    let errors = view
        .messages
        .iter()
        .filter(|m| m.level == Level::Error)
        .count();
    ui.horizontal(|ui| {
        let tabs = [
            (Tab::Flagged, t.tab_flagged.to_string()),
            (Tab::NotSurveyed, t.tab_not_surveyed.to_string()),
            (Tab::Communes, t.tab_communes.to_string()),
            (Tab::Charts, t.tab_charts.to_string()),
            (Tab::Reports, t.tab_reports.to_string()),
            (Tab::Changes, t.tab_changes.to_string()),
            (
                Tab::Messages,
                if errors > 0 {
                    format!("{} ({errors})", t.tab_messages)
                } else {
                    t.tab_messages.to_string()
                },
            ),
        ];
        if view.comparing.is_none() && state.tab == Tab::Changes {
            state.tab = Tab::Flagged;
        }
        for (tab, name) in tabs {
            if tab == Tab::Changes && view.comparing.is_none() {
                continue;
            }
            if ui.selectable_label(state.tab == tab, name).clicked() {
                state.tab = tab;
            }
        }
    });
    ui.separator();
    match state.tab {
        Tab::Messages => messages_ui(view, ui, out),
        Tab::Reports => reports_ui(view, ui),
        Tab::Charts => super::charts::charts_ui(view, state, ui),
        Tab::Changes => super::compare::changes_tab_ui(view, &mut state.tables.changes, ui, out),
        tab => super::tables::results_table_ui(view, tab, &mut state.tables, ui, out),
    }
}

fn messages_ui(view: &View, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    if view.messages.is_empty() {
        ui.label(RichText::new(t.no_messages).weak());
        return;
    }
    if ui.button(t.clear_messages).clicked() {
        out.push(Command::ClearMessages);
    }
    egui::ScrollArea::vertical()
        .stick_to_bottom(true)
        .show(ui, |ui| {
            for m in view.messages {
                let colour = match m.level {
                    Level::Error => super::theme::ERROR,
                    Level::Warning => super::theme::WARNING,
                    Level::Info => ui.visuals().text_color(),
                };
                ui.label(RichText::new(m.text(t)).color(colour));
            }
        });
}

fn reports_ui(view: &View, ui: &mut egui::Ui) {
    let t = view.t;
    let Some(session) = &view.session else {
        ui.label(t.no_data);
        return;
    };
    egui::ScrollArea::vertical().show(ui, |ui| {
        for report in &session.dataset.reports {
            let text = report.text(t.lang, crate::message::Front::Window);
            ui.label(RichText::new(text).monospace());
        }
        for file in &session.dataset.files {
            ui.label(
                RichText::new(format!(
                    "{} {} · {} B · BLAKE3 {}",
                    t.role(file.role),
                    file.path.display(),
                    crate::numbers::count_text(t.lang, file.bytes),
                    &file.blake3[..16.min(file.blake3.len())]
                ))
                .weak()
                .small(),
            );
        }
    });
}
