//! The Project and Export menus, and the printed map's options.

use crate::app::{Command, Export, Selection, View};
use crate::export::map::{MapArea, MapFormat, MapSheet, Paper};
use crate::ui::UiState;

/// What the printed map's window holds while it is open.
#[derive(Clone, Debug, PartialEq)]
pub struct MapForm {
    pub paper: Paper,
    pub area: AreaChoice,
    pub format: MapFormat,
    pub title: String,
}

impl Default for MapForm {
    fn default() -> Self {
        MapForm {
            paper: Paper::A4,
            area: AreaChoice::Everything,
            format: MapFormat::Pdf,
            title: String::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AreaChoice {
    Everything,
    Commune,
    View,
}

/// The Project and Export menus of the toolbar.
/// The Project and Export menus, and the project's name beside them.
pub fn menus_ui(view: &View, state: &mut UiState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    let loaded = view.session.is_some();
    ui.menu_button(t.project_menu, |ui| project_menu_ui(view, ui, out));
    ui.add_enabled_ui(loaded, |ui| {
        ui.menu_button(t.export_menu, |ui| export_menu_ui(view, state, ui, out));
    });
    if let Some((path, unsaved)) = view.project {
        let name = crate::io::paths::file_name(path);
        let text = match unsaved {
            true => format!("{name} ({})", t.unsaved),
            false => name,
        };
        ui.label(egui::RichText::new(text).weak())
            .on_hover_text(path.display().to_string());
    }
}

/// Open, save, the recent projects, and which file dialog opens.
fn project_menu_ui(view: &View, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    let loaded = view.session.is_some();
    let mut item = |ui: &mut egui::Ui, enabled: bool, text: &str, command: Command| {
        if ui.add_enabled(enabled, egui::Button::new(text)).clicked() {
            out.push(command);
            ui.close();
        }
    };
    item(ui, true, t.open_project, Command::PickProject);
    item(ui, loaded, t.save_project, Command::SaveProject);
    item(ui, loaded, t.save_project_as, Command::SaveProjectAs);
    ui.separator();
    ui.menu_button(t.recent_projects, |ui| {
        if view.settings.recent_projects.is_empty() {
            ui.label(t.no_recent);
        }
        for path in &view.settings.recent_projects {
            let name = crate::io::paths::file_name(path);
            let button = ui.button(name).on_hover_text(path.display().to_string());
            if button.clicked() {
                out.push(Command::OpenProject(path.clone()));
                ui.close();
            }
        }
    });
    ui.menu_button(t.file_dialogs, |ui| {
        use crate::app::FileDialogs;
        let choices = [
            (FileDialogs::Auto, t.file_dialogs_auto),
            (FileDialogs::System, t.file_dialogs_system),
            (FileDialogs::Own, t.file_dialogs_own),
        ];
        for (choice, text) in choices {
            let mut radio = ui.radio(view.settings.file_dialogs == choice, text);
            if choice == FileDialogs::Auto {
                radio = radio.on_hover_text(t.file_dialogs_auto_hint);
            }
            if radio.clicked() {
                out.push(Command::SetFileDialogs(choice));
                ui.close();
            }
        }
    });
}

/// The printed map (its options first), the Excel report, the GIS layers, everything.
fn export_menu_ui(view: &View, state: &mut UiState, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let t = view.t;
    if ui.button(t.export_map).clicked() {
        state.map_form = Some(MapForm {
            area: match view.selection {
                Some(Selection::Commune(_)) => AreaChoice::Commune,
                _ => AreaChoice::Everything,
            },
            ..state.map_form.clone().unwrap_or_default()
        });
        ui.close();
    }
    if ui.button(t.export_excel).clicked() {
        out.push(Command::Export(Export::Excel));
        ui.close();
    }
    for (export, text, hint) in [
        (Export::Gis, t.export_gis, t.export_gis_hint),
        (Export::All, t.export_all, t.export_all_hint),
    ] {
        if ui.button(text).on_hover_text(hint).clicked() {
            out.push(Command::Export(export));
            ui.close();
        }
    }
}

/// The printed map's options: paper, area, format and title; Export asks where to write.
pub fn map_form_ui(view: &View, state: &mut UiState, ctx: &egui::Context, out: &mut Vec<Command>) {
    let Some(mut form) = state.map_form.clone() else {
        return;
    };
    let t = view.t;
    let commune = match view.selection {
        Some(Selection::Commune(c)) => Some(c),
        Some(Selection::Village(v)) => view
            .session
            .as_ref()
            .and_then(|s| s.dataset.village_commune[v])
            .map(|c| c as usize),
        None => None,
    };
    let commune_name = commune
        .zip(view.session.as_ref())
        .map(|(c, s)| s.dataset.communes[c].name.clone());
    let mut open = true;
    let mut export = false;
    egui::Window::new(t.map_dialog_title)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("map form").num_columns(2).show(ui, |ui| {
                ui.label(t.paper);
                ui.horizontal(|ui| {
                    for paper in [Paper::A4, Paper::A3] {
                        ui.radio_value(&mut form.paper, paper, paper.name());
                    }
                });
                ui.end_row();
                ui.label(t.map_area);
                ui.vertical(|ui| {
                    ui.radio_value(&mut form.area, AreaChoice::Everything, t.area_everything);
                    ui.add_enabled_ui(commune.is_some(), |ui| {
                        let label = (t.area_commune)(commune_name.as_deref().unwrap_or("—"));
                        ui.radio_value(&mut form.area, AreaChoice::Commune, label);
                    });
                    ui.radio_value(&mut form.area, AreaChoice::View, t.area_view);
                });
                ui.end_row();
                ui.label(t.file_format);
                ui.horizontal(|ui| {
                    for format in MapFormat::ALL {
                        let name = format.extension().to_uppercase();
                        ui.radio_value(&mut form.format, format, name);
                    }
                });
                ui.end_row();
                ui.label(t.map_title_field);
                ui.text_edit_singleline(&mut form.title);
                ui.end_row();
            });
            ui.separator();
            export = ui.button(t.export_button).clicked();
        });
    if export {
        let area = match (form.area, commune) {
            (AreaChoice::Commune, Some(c)) => MapArea::Commune(c),
            (AreaChoice::View, _) => match (state.map.view, state.map.size) {
                (Some(view), Some(size_px)) => MapArea::View { view, size_px },
                _ => MapArea::Everything,
            },
            _ => MapArea::Everything,
        };
        let title = form.title.trim();
        let sheet = MapSheet {
            paper: form.paper,
            area,
            layers: view.settings.layers.clone(),
            lang: view.settings.lang,
            title: (!title.is_empty()).then(|| title.to_string()),
            made_on: chrono::Local::now().date_naive(),
            changes: None,
        };
        out.push(Command::Export(Export::Map(Box::new(sheet), form.format)));
        open = false;
    }
    state.map_form = open.then_some(form);
}
